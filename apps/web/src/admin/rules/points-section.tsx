/** Points per event type: one card per rule, and a rule added for a type that has none. */
import { useT } from '../../i18n/i18n.js';
import { FieldProblems } from './field-problems.js';
import { newId } from './rule-set-form.js';
import { useRulesStore } from './rules-store.js';
import { useEdit } from './rule-set-inputs.js';
import { EVENT_LABEL, EVENT_TYPES } from './rule-set-labels.js';
import { RuleCard } from './rule-card.js';

export function PointsSection() {
  const t = useT();
  const rules = useRulesStore((state) => state.form.rules);
  const edit = useEdit();
  const unused = EVENT_TYPES.filter((type) => !rules.some((rule) => rule.type === type));
  return (
    <section className="admin-form-section" aria-labelledby="rs-points" data-path="rules">
      <h3 id="rs-points">{t('admin.rules.points')}</h3>
      <FieldProblems path="rules" />
      <div className="admin-rule-list">
        {rules.map((rule, index) => (
          <RuleCard key={rule.id} index={index} />
        ))}
      </div>
      {unused.length > 0 && (
        <label className="admin-add">
          <span>{t('admin.rules.addRule')}</span>
          <select
            value=""
            onChange={(event) => {
              const type = event.target.value;
              if (type)
                edit(
                  (f) =>
                    void f.rules.push({
                      id: newId(),
                      type,
                      points: '0',
                      cap: '',
                      perAmount: null,
                      hasWeights: false,
                      weights: [],
                    }),
                );
            }}
          >
            <option value="">…</option>
            {unused.map((type) => (
              <option key={type} value={type}>
                {t(EVENT_LABEL[type])}
              </option>
            ))}
          </select>
        </label>
      )}
    </section>
  );
}

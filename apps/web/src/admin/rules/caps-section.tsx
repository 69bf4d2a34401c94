/** Daily caps by category: renaming one renames it in the rules it caps. */
import { useT } from '../../i18n/i18n.js';
import { FieldProblems } from './field-problems.js';
import { newId } from './rule-set-form.js';
import { keyPath } from './rule-set-problems.js';
import { useRulesStore } from './rules-store.js';
import { BoundTextField, GhostButton, useEdit } from './rule-set-inputs.js';

export function CapsSection() {
  const t = useT();
  const caps = useRulesStore((state) => state.form.dailyCaps);
  const edit = useEdit();
  return (
    <section className="admin-form-section" aria-labelledby="rs-caps" data-path="dailyCaps">
      <h3 id="rs-caps">{t('admin.rules.caps')}</h3>
      <p className="admin-muted">{t('admin.rules.capsHint')}</p>
      <FieldProblems path="dailyCaps" />
      <div className="admin-row">
        {caps.map((cap, index) => {
          const path = keyPath('dailyCaps', cap.category);
          return (
            <div key={cap.id} className="admin-cap" data-path={path}>
              <input
                aria-label={t('admin.rules.capCategory')}
                value={cap.category}
                onChange={(event) => {
                  const next = event.target.value;
                  edit((f) => {
                    // Rules capped by the old name follow the rename.
                    for (const rule of f.rules) if (rule.cap === f.dailyCaps[index].category) rule.cap = next;
                    f.dailyCaps[index].category = next;
                  });
                }}
              />
              <BoundTextField
                label={t('admin.rules.capLimit')}
                path={path}
                of={(f) => f.dailyCaps[index]}
                field="limit"
                inputMode="numeric"
                className="narrow"
              />
              <GhostButton
                label={t('admin.remove')}
                onClick={() => edit((f) => void f.dailyCaps.splice(index, 1))}
              >
                ×
              </GhostButton>
            </div>
          );
        })}
        <GhostButton
          onClick={() => edit((f) => void f.dailyCaps.push({ id: newId(), category: '', limit: '100' }))}
        >
          {t('admin.rules.addCap')}
        </GhostButton>
      </div>
    </section>
  );
}

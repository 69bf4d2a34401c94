/** One rule: base points, its daily cap, points per amount (deals), and weights by condition. */
import { useT } from '../../i18n/i18n.js';
import { ClausesInput } from './clauses-input.js';
import { FieldProblems } from './field-problems.js';
import { clause, newId, type RuleForm, type RuleSetForm, type WeightForm } from './rule-set-form.js';
import {
  BoundTextFields,
  Field,
  GhostButton,
  MoneyHint,
  useEdit,
  type TextFieldSpec,
} from './rule-set-inputs.js';
import { ACTIVITY, EVENT_LABEL } from './rule-set-labels.js';
import { rulePath, weightPath } from './rule-set-problems.js';
import { useRulesStore } from './rules-store.js';

type PerAmount = NonNullable<RuleForm['perAmount']>;

const POINTS: ReadonlyArray<TextFieldSpec<RuleForm>> = [
  { field: 'points', label: 'admin.rules.basePoints', inputMode: 'decimal', narrow: true },
];
const PER_AMOUNT: ReadonlyArray<TextFieldSpec<PerAmount>> = [
  { field: 'points', label: 'admin.rules.perAmountPoints', inputMode: 'decimal', narrow: true },
  { field: 'unit', label: 'admin.rules.perAmountUnit', inputMode: 'decimal' },
];
const FACTOR: ReadonlyArray<TextFieldSpec<WeightForm>> = [
  { field: 'factor', label: 'admin.rules.factor', inputMode: 'decimal', narrow: true },
];

export function RuleCard({ index }: { index: number }) {
  const t = useT();
  const form = useRulesStore((state) => state.form);
  const edit = useEdit();
  const rule = form.rules[index];
  const base = rulePath(rule);
  const label = EVENT_LABEL[rule.type] ? t(EVENT_LABEL[rule.type]) : rule.type;
  const capNames = form.dailyCaps.map((cap) => cap.category).filter((name) => name !== '');
  const ruleOf = (f: RuleSetForm): RuleForm | undefined => f.rules[index];
  return (
    <article className="admin-rule" data-path={base} aria-label={label}>
      <header className="admin-rule-head">
        <h4>
          {label} <code className="admin-muted">{rule.type}</code>
        </h4>
        <span className={`admin-tag ${ACTIVITY.includes(rule.type) ? 'activity' : 'outcome'}`}>
          {ACTIVITY.includes(rule.type) ? t('admin.rules.activity') : t('admin.rules.outcome')}
        </span>
        <GhostButton onClick={() => edit((f) => void f.rules.splice(index, 1))}>
          {t('admin.remove')}
        </GhostButton>
      </header>
      <FieldProblems path={base} />
      <div className="admin-row">
        <BoundTextFields base={base} of={ruleOf} fields={POINTS} />
        {ACTIVITY.includes(rule.type) || rule.cap !== '' ? (
          <Field label={t('admin.rules.cap')} path={`${base}.cap`}>
            <select
              value={rule.cap}
              onChange={(event) => edit((f) => void (f.rules[index].cap = event.target.value))}
            >
              <option value="">{t('admin.rules.noCap')}</option>
              {[...new Set([...capNames, ...(rule.cap ? [rule.cap] : [])])].map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        {rule.perAmount ? (
          <>
            <BoundTextFields
              base={`${base}.perAmount`}
              of={(f) => ruleOf(f)?.perAmount}
              fields={PER_AMOUNT}
              params={{ currency: form.currency }}
              hints={{ unit: <MoneyHint major={rule.perAmount.unit} currency={form.currency} /> }}
            />
            <GhostButton onClick={() => edit((f) => void (f.rules[index].perAmount = null))}>
              {t('admin.rules.removePerAmount')}
            </GhostButton>
          </>
        ) : rule.type === 'deal_won' || rule.type === 'opportunity_created' ? (
          <GhostButton
            onClick={() => edit((f) => void (f.rules[index].perAmount = { unit: '1000', points: '1' }))}
          >
            {t('admin.rules.addPerAmount')}
          </GhostButton>
        ) : null}
      </div>
      <div className="admin-weights" data-path={`${base}.weights`}>
        <FieldProblems path={`${base}.weights`} />
        {rule.weights.map((weight, w) => {
          const wBase = weightPath(rule, w);
          return (
            <div key={weight.id} className="admin-weight" data-path={wBase}>
              <span className="admin-weight-if">{t('admin.rules.if')}</span>
              <ClausesInput
                base={`${wBase}.if`}
                clauses={weight.clauses}
                numeric={false}
                onChange={(recipe) => edit((f) => recipe(f.rules[index].weights[w].clauses))}
              />
              <BoundTextFields base={wBase} of={(f) => ruleOf(f)?.weights[w]} fields={FACTOR} />
              <FieldProblems path={wBase} />
              <GhostButton
                label={t('admin.rules.removeWeight')}
                onClick={() => edit((f) => void f.rules[index].weights.splice(w, 1))}
              >
                ×
              </GhostButton>
            </div>
          );
        })}
        <GhostButton
          onClick={() =>
            edit(
              (f) =>
                void f.rules[index].weights.push({
                  id: newId(),
                  clauses: [clause('', 'eq', '')],
                  factor: '1',
                }),
            )
          }
        >
          {t('admin.rules.addWeight')}
        </GhostButton>
      </div>
    </article>
  );
}

/** Tiers: a name, the points that reach it, its payout in the currency, and gates to pass. */
import { useT } from '../../i18n/i18n.js';
import { ClausesInput } from './clauses-input.js';
import { FieldProblems } from './field-problems.js';
import { newId, type RuleSetForm, type TierForm } from './rule-set-form.js';
import { BoundTextFields, GhostButton, MoneyHint, useEdit, type TextFieldSpec } from './rule-set-inputs.js';
import { useRulesStore } from './rules-store.js';

const FIELDS: ReadonlyArray<TextFieldSpec<TierForm>> = [
  { field: 'name', label: 'admin.rules.tierName' },
  { field: 'minPoints', label: 'admin.rules.minPoints', inputMode: 'numeric', narrow: true },
  { field: 'payout', label: 'admin.rules.payout', inputMode: 'decimal' },
];

const NEW_TIER = { name: '', minPoints: '', payout: '0', hasGates: false, gates: [] };

export function TiersSection() {
  const t = useT();
  const tiers = useRulesStore((state) => state.form.tiers);
  const currency = useRulesStore((state) => state.form.currency);
  const edit = useEdit();
  return (
    <section className="admin-form-section" aria-labelledby="rs-tiers" data-path="tiers">
      <h3 id="rs-tiers">{t('admin.rules.tiers')}</h3>
      <p className="admin-muted">{t('admin.rules.tiersHint')}</p>
      <FieldProblems path="tiers" />
      {tiers.map((tier, index) => {
        const base = `tiers[${index}]`;
        return (
          <article key={tier.id} className="admin-tier" data-path={base} aria-label={tier.name || base}>
            <div className="admin-row">
              <BoundTextFields
                base={base}
                of={(form: RuleSetForm) => form.tiers[index]}
                fields={FIELDS}
                params={{ currency }}
                hints={{ payout: <MoneyHint major={tier.payout} currency={currency} /> }}
              />
              <GhostButton onClick={() => edit((f) => void f.tiers.splice(index, 1))}>
                {t('admin.remove')}
              </GhostButton>
            </div>
            <FieldProblems path={base} />
            <div className="admin-gates" data-path={`${base}.gates`}>
              <span className="admin-field-label">{t('admin.rules.gates')}</span>
              <ClausesInput
                base={`${base}.gates`}
                clauses={tier.gates}
                numeric
                onChange={(recipe) => edit((f) => recipe(f.tiers[index].gates))}
              />
            </div>
          </article>
        );
      })}
      <GhostButton onClick={() => edit((f) => void f.tiers.push({ id: newId(), ...NEW_TIER, gates: [] }))}>
        {t('admin.rules.addTier')}
      </GhostButton>
    </section>
  );
}

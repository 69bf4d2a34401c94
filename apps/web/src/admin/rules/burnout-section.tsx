/** `burnout`: when a rep's pattern says overload (defaults 5 and 3 when left empty). */
import { useT } from '../../i18n/i18n.js';
import type { BurnoutForm, RuleSetForm } from './rule-set-form.js';
import { BoundTextFields, OptionalSection, type TextFieldSpec } from './rule-set-inputs.js';
import { useRulesStore } from './rules-store.js';

const FIELDS: ReadonlyArray<TextFieldSpec<BurnoutForm>> = [
  {
    field: 'capStreakDays',
    label: 'admin.rules.capStreakDays',
    inputMode: 'numeric',
    placeholder: '5',
    narrow: true,
  },
  {
    field: 'afterHoursStreakDays',
    label: 'admin.rules.afterHoursStreakDays',
    inputMode: 'numeric',
    placeholder: '3',
    narrow: true,
  },
];

export function BurnoutSection() {
  const t = useT();
  const on = useRulesStore((state) => state.form.burnout !== null);
  return (
    <OptionalSection
      id="rs-burnout"
      path="burnout"
      title={t('admin.rules.burnout')}
      toggle={t('admin.rules.burnoutOn')}
      on={on}
      set={(form, checked) =>
        void (form.burnout = checked ? { capStreakDays: '5', afterHoursStreakDays: '3' } : null)
      }
    >
      <BoundTextFields base="burnout" of={(form: RuleSetForm) => form.burnout} fields={FIELDS} />
    </OptionalSection>
  );
}

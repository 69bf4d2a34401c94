/** Name, time zone, currency, the first day of a week and the period tiers are counted over. */
import { useLocale, useT } from '../../i18n/i18n.js';
import type { RuleSetForm } from './rule-set-form.js';
import { BoundTextFields, Field, useEdit, type TextFieldSpec } from './rule-set-inputs.js';
import { useRulesStore } from './rules-store.js';

const FIELDS: ReadonlyArray<TextFieldSpec<RuleSetForm>> = [
  { field: 'name', label: 'admin.rules.name' },
  { field: 'timezone', label: 'admin.rules.timezone', placeholder: 'Europe/Moscow' },
  {
    field: 'currency',
    label: 'admin.rules.currency',
    size: 4,
    narrow: true,
    normalize: (value) => value.toUpperCase(),
  },
];

export function GeneralSection() {
  const t = useT();
  const weekStartsOn = useRulesStore((state) => state.form.weekStartsOn);
  const tierPeriod = useRulesStore((state) => state.form.tierPeriod);
  const edit = useEdit();
  return (
    <section className="admin-form-section" aria-labelledby="rs-general">
      <h3 id="rs-general">{t('admin.rules.general')}</h3>
      <div className="admin-row">
        <BoundTextFields base="" of={(form: RuleSetForm) => form} fields={FIELDS} />
        <Field label={t('admin.rules.weekStartsOn')} path="weekStartsOn">
          <WeekdaySelect
            value={weekStartsOn}
            onChange={(value) => edit((f) => void (f.weekStartsOn = value))}
          />
        </Field>
        <Field label={t('admin.rules.tierPeriod')} path="tierPeriod">
          <select
            value={tierPeriod}
            onChange={(event) => edit((f) => void (f.tierPeriod = event.target.value))}
          >
            <option value="">{t('admin.rules.tierPeriodDefault')}</option>
            <option value="month">{t('admin.rules.tierPeriodMonth')}</option>
            <option value="quarter">{t('admin.rules.tierPeriodQuarter')}</option>
          </select>
        </Field>
      </div>
    </section>
  );
}

/** ISO weekdays 1..7 named by Intl in the UI's language (2024-01-01 was a Monday). */
export function useWeekdayNames(): string[] {
  const locale = useLocale();
  const format = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  return [1, 2, 3, 4, 5, 6, 7].map((day) => format.format(new Date(Date.UTC(2024, 0, day))));
}

function WeekdaySelect({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const names = useWeekdayNames();
  return (
    <select value={value} onChange={(event) => onChange(event.target.value)}>
      {names.map((name, index) => (
        <option key={name} value={String(index + 1)}>
          {name}
        </option>
      ))}
    </select>
  );
}

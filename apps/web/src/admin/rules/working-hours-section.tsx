/** Working hours: the days and hours points count fully, and the factor for the rest. */
import { useT } from '../../i18n/i18n.js';
import { FieldProblems } from './field-problems.js';
import { useWeekdayNames } from './general-section.js';
import type { RuleSetForm, WorkingHoursForm } from './rule-set-form.js';
import { BoundTextFields, OptionalSection, useEdit, type TextFieldSpec } from './rule-set-inputs.js';
import { useRulesStore } from './rules-store.js';

const hoursOf = (form: RuleSetForm) => form.workingHours;
const NO_DAYS: number[] = [];

const HOURS: ReadonlyArray<TextFieldSpec<WorkingHoursForm>> = [
  { field: 'start', label: 'admin.rules.start', placeholder: '09:00', narrow: true },
  { field: 'end', label: 'admin.rules.end', placeholder: '19:00', narrow: true },
];
const FACTOR: ReadonlyArray<TextFieldSpec<WorkingHoursForm>> = [
  { field: 'outsideFactor', label: 'admin.rules.outsideFactor', inputMode: 'decimal', narrow: true },
];

export function WorkingHoursSection() {
  const t = useT();
  const on = useRulesStore((state) => state.form.workingHours !== null);
  return (
    <OptionalSection
      id="rs-hours"
      path="workingHours"
      title={t('admin.rules.workingHours')}
      toggle={t('admin.rules.workingHoursOn')}
      on={on}
      set={(form, checked) =>
        void (form.workingHours = checked
          ? { start: '09:00', end: '19:00', weekdays: [1, 2, 3, 4, 5], outsideFactor: '0' }
          : null)
      }
    >
      <BoundTextFields base="workingHours" of={hoursOf} fields={HOURS} />
      <Weekdays />
      <BoundTextFields base="workingHours" of={hoursOf} fields={FACTOR} />
    </OptionalSection>
  );
}

function Weekdays() {
  const t = useT();
  const weekdays = useRulesStore((state) => state.form.workingHours?.weekdays ?? NO_DAYS);
  const edit = useEdit();
  const names = useWeekdayNames();
  return (
    <div
      className="admin-field"
      data-path="workingHours.weekdays"
      role="group"
      aria-label={t('admin.rules.weekdays')}
    >
      <span className="admin-field-label">{t('admin.rules.weekdays')}</span>
      <div className="admin-weekdays">
        {names.map((name, index) => {
          const day = index + 1;
          return (
            <label key={day} className="admin-day">
              <input
                type="checkbox"
                checked={weekdays.includes(day)}
                onChange={(event) =>
                  edit((f) => {
                    if (!f.workingHours) return;
                    const days = f.workingHours.weekdays.filter((d) => d !== day);
                    f.workingHours.weekdays = event.target.checked
                      ? [...days, day].sort((a, b) => a - b)
                      : days;
                  })
                }
              />
              {name}
            </label>
          );
        })}
      </div>
      <FieldProblems path="workingHours.weekdays" />
    </div>
  );
}

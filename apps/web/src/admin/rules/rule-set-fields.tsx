/**
 * The rule set as a form: general settings, points per event type with weights, daily caps, working
 * hours and tiers. Every input carries the document path it edits (`data-path`) and shows the
 * problems placed at that path right under it.
 */
import { CONDITION_OPERATORS, GATE_KEYS } from '@leaderboard/contracts';
import type { ReactNode } from 'react';
import { ACTIVITY_EVENT_TYPES, OUTCOME_EVENT_TYPES } from '@leaderboard/contracts';
import { useLocale, useT } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { formatMoney } from '../../i18n/format.js';
import { currencyDigits, majorToMinor } from '../shared/money.js';
import {
  clause,
  clausePath,
  keyPath,
  newId,
  parseConditionText,
  rulePath,
  weightPath,
  type ClauseForm,
  type RuleSetForm,
} from './rule-set-form.js';
import { useRulesStore } from './rules-store.js';
import { FieldProblems, useHasProblem } from '../shared/ui.js';

const EVENT_TYPES: readonly string[] = [...ACTIVITY_EVENT_TYPES, ...OUTCOME_EVENT_TYPES];
const ACTIVITY: readonly string[] = ACTIVITY_EVENT_TYPES;

const EVENT_LABEL: Record<string, MessageKey> = {
  call: 'admin.event.call',
  email: 'admin.event.email',
  meeting: 'admin.event.meeting',
  demo_booked: 'admin.event.demo_booked',
  demo_held: 'admin.event.demo_held',
  follow_up: 'admin.event.follow_up',
  lead_responded: 'admin.event.lead_responded',
  lead_qualified: 'admin.event.lead_qualified',
  opportunity_created: 'admin.event.opportunity_created',
  deal_stage_changed: 'admin.event.deal_stage_changed',
  deal_won: 'admin.event.deal_won',
  deal_lost: 'admin.event.deal_lost',
  customer_churned: 'admin.event.customer_churned',
};

const GATE_LABEL: Record<string, MessageKey> = {
  dealsWon: 'admin.gate.dealsWon',
  leadConversionPct: 'admin.gate.leadConversionPct',
  demosHeld: 'admin.gate.demosHeld',
  callsConnected: 'admin.gate.callsConnected',
};

const OPERATOR_SIGN: Record<string, string> = {
  eq: '=',
  ne: '≠',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  in: '∈',
};

/** Attributes events carry (SPEC 3) and the derived ones, offered while typing. */
const ATTRIBUTES = [
  'durationSec',
  'outcome',
  'scriptFollowed',
  'replied',
  'responseMinutes',
  'amount',
  'marginPct',
  'product',
  'region',
  'channel',
  'kind',
  'mrr',
  'from',
  'to',
  'reason',
];

type Edit = (recipe: (form: RuleSetForm) => void) => void;

function useEdit(): Edit {
  return useRulesStore((state) => state.editForm);
}

/** One input of the form: label, the control, and the problems at its path. */
function Field({
  label,
  path,
  children,
  hint,
  className,
}: {
  label: string;
  path: string;
  children: ReactNode;
  hint?: ReactNode;
  className?: string;
}) {
  const invalid = useHasProblem(path);
  return (
    <div
      className={`admin-field${invalid ? ' has-problem' : ''}${className ? ` ${className}` : ''}`}
      data-path={path}
    >
      <label>
        <span className="admin-field-label">{label}</span>
        {children}
      </label>
      {hint}
      <FieldProblems path={path} />
    </div>
  );
}

function TextInput({
  value,
  onChange,
  path,
  ...rest
}: {
  value: string;
  onChange: (value: string) => void;
  path: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
  placeholder?: string;
  'aria-label'?: string;
  size?: number;
}) {
  const invalid = useHasProblem(path);
  return (
    <input
      {...rest}
      aria-invalid={invalid || undefined}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

export function RuleSetFields({ readOnly }: { readOnly: boolean }) {
  return (
    <fieldset className="admin-rules-form" disabled={readOnly}>
      <GeneralSection />
      <PointsSection />
      <CapsSection />
      <WorkingHoursSection />
      <TiersSection />
      <BurnoutSection />
    </fieldset>
  );
}

function GeneralSection() {
  const t = useT();
  const form = useRulesStore((state) => state.form);
  const edit = useEdit();
  return (
    <section className="admin-form-section" aria-labelledby="rs-general">
      <h3 id="rs-general">{t('admin.rules.general')}</h3>
      <div className="admin-row">
        <Field label={t('admin.rules.name')} path="name">
          <TextInput path="name" value={form.name} onChange={(value) => edit((f) => void (f.name = value))} />
        </Field>
        <Field label={t('admin.rules.timezone')} path="timezone">
          <TextInput
            path="timezone"
            value={form.timezone}
            placeholder="Europe/Moscow"
            onChange={(value) => edit((f) => void (f.timezone = value))}
          />
        </Field>
        <Field label={t('admin.rules.currency')} path="currency" className="narrow">
          <TextInput
            path="currency"
            value={form.currency}
            size={4}
            onChange={(value) => edit((f) => void (f.currency = value.toUpperCase()))}
          />
        </Field>
        <Field label={t('admin.rules.weekStartsOn')} path="weekStartsOn">
          <WeekdaySelect
            value={form.weekStartsOn}
            onChange={(value) => edit((f) => void (f.weekStartsOn = value))}
          />
        </Field>
        <Field label={t('admin.rules.tierPeriod')} path="tierPeriod">
          <select
            value={form.tierPeriod}
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

function PointsSection() {
  const t = useT();
  const form = useRulesStore((state) => state.form);
  const edit = useEdit();
  const unused = EVENT_TYPES.filter((type) => !form.rules.some((rule) => rule.type === type));
  return (
    <section className="admin-form-section" aria-labelledby="rs-points" data-path="rules">
      <h3 id="rs-points">{t('admin.rules.points')}</h3>
      <FieldProblems path="rules" />
      <div className="admin-rule-list">
        {form.rules.map((rule, index) => (
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

function RuleCard({ index }: { index: number }) {
  const t = useT();
  const locale = useLocale();
  const form = useRulesStore((state) => state.form);
  const edit = useEdit();
  const rule = form.rules[index];
  const base = rulePath(rule);
  const label = EVENT_LABEL[rule.type] ? t(EVENT_LABEL[rule.type]) : rule.type;
  const capNames = form.dailyCaps.map((cap) => cap.category).filter((name) => name !== '');
  const unitMinor = rule.perAmount ? majorToMinor(rule.perAmount.unit, currencyDigits(form.currency)) : null;
  return (
    <article className="admin-rule" data-path={base} aria-label={label}>
      <header className="admin-rule-head">
        <h4>
          {label} <code className="admin-muted">{rule.type}</code>
        </h4>
        <span className={`admin-tag ${ACTIVITY.includes(rule.type) ? 'activity' : 'outcome'}`}>
          {ACTIVITY.includes(rule.type) ? t('admin.rules.activity') : t('admin.rules.outcome')}
        </span>
        <button
          type="button"
          className="admin-button ghost small"
          onClick={() => edit((f) => void f.rules.splice(index, 1))}
        >
          {t('admin.remove')}
        </button>
      </header>
      <FieldProblems path={base} />
      <div className="admin-row">
        <Field label={t('admin.rules.basePoints')} path={`${base}.points`} className="narrow">
          <TextInput
            path={`${base}.points`}
            inputMode="decimal"
            value={rule.points}
            onChange={(value) => edit((f) => void (f.rules[index].points = value))}
          />
        </Field>
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
            <Field
              label={t('admin.rules.perAmountPoints')}
              path={`${base}.perAmount.points`}
              className="narrow"
            >
              <TextInput
                path={`${base}.perAmount.points`}
                inputMode="decimal"
                value={rule.perAmount.points}
                onChange={(value) => edit((f) => void (f.rules[index].perAmount!.points = value))}
              />
            </Field>
            <Field
              label={t('admin.rules.perAmountUnit', { currency: form.currency })}
              path={`${base}.perAmount.unit`}
              hint={
                unitMinor !== null &&
                /^[A-Z]{3}$/.test(form.currency) && (
                  <span className="admin-hint">{formatMoney(locale, unitMinor, form.currency)}</span>
                )
              }
            >
              <TextInput
                path={`${base}.perAmount.unit`}
                inputMode="decimal"
                value={rule.perAmount.unit}
                onChange={(value) => edit((f) => void (f.rules[index].perAmount!.unit = value))}
              />
            </Field>
            <button
              type="button"
              className="admin-button ghost small"
              onClick={() => edit((f) => void (f.rules[index].perAmount = null))}
            >
              {t('admin.rules.removePerAmount')}
            </button>
          </>
        ) : rule.type === 'deal_won' || rule.type === 'opportunity_created' ? (
          <button
            type="button"
            className="admin-button ghost small"
            onClick={() => edit((f) => void (f.rules[index].perAmount = { unit: '1000', points: '1' }))}
          >
            {t('admin.rules.addPerAmount')}
          </button>
        ) : null}
      </div>
      <div className="admin-weights" data-path={`${base}.weights`}>
        <FieldProblems path={`${base}.weights`} />
        {rule.weights.map((weight, w) => {
          const wBase = weightPath(rule, w);
          return (
            <div key={weight.id} className="admin-weight" data-path={wBase}>
              <span className="admin-weight-if">{t('admin.rules.if')}</span>
              <Clauses
                base={`${wBase}.if`}
                clauses={weight.clauses}
                numeric={false}
                onChange={(recipe) => edit((f) => recipe(f.rules[index].weights[w].clauses))}
              />
              <Field label={t('admin.rules.factor')} path={`${wBase}.factor`} className="narrow">
                <TextInput
                  path={`${wBase}.factor`}
                  inputMode="decimal"
                  value={weight.factor}
                  onChange={(value) => edit((f) => void (f.rules[index].weights[w].factor = value))}
                />
              </Field>
              <FieldProblems path={wBase} />
              <button
                type="button"
                className="admin-button ghost small"
                aria-label={t('admin.rules.removeWeight')}
                onClick={() => edit((f) => void f.rules[index].weights.splice(w, 1))}
              >
                ×
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="admin-button ghost small"
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
        </button>
      </div>
    </article>
  );
}

/** Conditions `attr op value`, all of which must hold. Gates take numbers only. */
function Clauses({
  base,
  clauses,
  numeric,
  onChange,
}: {
  base: string;
  clauses: ClauseForm[];
  numeric: boolean;
  onChange: (recipe: (clauses: ClauseForm[]) => void) => void;
}) {
  const t = useT();
  const listId = numeric ? 'admin-gate-keys' : 'admin-attributes';
  return (
    <div className="admin-clauses" data-path={base}>
      <FieldProblems path={base} />
      {clauses.map((item, c) => {
        const path = clausePath(base, item);
        return (
          <div key={item.id} className="admin-clause" data-path={path}>
            {numeric ? (
              <select
                aria-label={t('admin.rules.gate')}
                value={item.attr}
                onChange={(event) => onChange((list) => void (list[c].attr = event.target.value))}
              >
                {[...new Set([...GATE_KEYS, item.attr])].map((key) => (
                  <option key={key} value={key}>
                    {GATE_LABEL[key] ? t(GATE_LABEL[key]) : key}
                  </option>
                ))}
              </select>
            ) : (
              <input
                aria-label={t('admin.rules.attribute')}
                list={listId}
                value={item.attr}
                placeholder={t('admin.rules.attribute')}
                onChange={(event) => onChange((list) => void (list[c].attr = event.target.value))}
              />
            )}
            <select
              aria-label={t('admin.rules.operator')}
              value={item.op}
              onChange={(event) =>
                onChange((list) => {
                  list[c].op = event.target.value;
                  list[c].value = parseConditionText(list[c].text, event.target.value);
                })
              }
            >
              {[...new Set([...CONDITION_OPERATORS, item.op])].map((op) => (
                <option key={op} value={op}>
                  {OPERATOR_SIGN[op] ?? op}
                </option>
              ))}
            </select>
            <TextInput
              path={path}
              aria-label={t('admin.rules.value')}
              value={item.text}
              placeholder={item.op === 'in' ? 'a, b, c' : ''}
              onChange={(value) =>
                onChange((list) => {
                  list[c].text = value;
                  list[c].value = parseConditionText(value, list[c].op);
                })
              }
            />
            <button
              type="button"
              className="admin-button ghost small"
              aria-label={t('admin.rules.removeCondition')}
              onClick={() => onChange((list) => void list.splice(c, 1))}
            >
              ×
            </button>
            <FieldProblems path={path} />
            <FieldProblems path={keyPath(base, item.attr)} />
          </div>
        );
      })}
      <button
        type="button"
        className="admin-button ghost small"
        onClick={() =>
          onChange(
            (list) =>
              void list.push(clause(numeric ? GATE_KEYS[0] : '', numeric ? 'gte' : 'eq', numeric ? 1 : '')),
          )
        }
      >
        {numeric ? t('admin.rules.addGate') : t('admin.rules.addCondition')}
      </button>
      <datalist id={listId}>
        {(numeric ? GATE_KEYS : ATTRIBUTES).map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </div>
  );
}

function CapsSection() {
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
              <Field label={t('admin.rules.capLimit')} path={path} className="narrow">
                <TextInput
                  path={path}
                  inputMode="numeric"
                  value={cap.limit}
                  onChange={(value) => edit((f) => void (f.dailyCaps[index].limit = value))}
                />
              </Field>
              <button
                type="button"
                className="admin-button ghost small"
                aria-label={t('admin.remove')}
                onClick={() => edit((f) => void f.dailyCaps.splice(index, 1))}
              >
                ×
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="admin-button ghost small"
          onClick={() => edit((f) => void f.dailyCaps.push({ id: newId(), category: '', limit: '100' }))}
        >
          {t('admin.rules.addCap')}
        </button>
      </div>
    </section>
  );
}

function WorkingHoursSection() {
  const t = useT();
  const hours = useRulesStore((state) => state.form.workingHours);
  const edit = useEdit();
  const names = useWeekdayNames();
  return (
    <section className="admin-form-section" aria-labelledby="rs-hours" data-path="workingHours">
      <h3 id="rs-hours">{t('admin.rules.workingHours')}</h3>
      <label className="admin-check">
        <input
          type="checkbox"
          checked={hours !== null}
          onChange={(event) =>
            edit(
              (f) =>
                void (f.workingHours = event.target.checked
                  ? { start: '09:00', end: '19:00', weekdays: [1, 2, 3, 4, 5], outsideFactor: '0' }
                  : null),
            )
          }
        />
        {t('admin.rules.workingHoursOn')}
      </label>
      <FieldProblems path="workingHours" />
      {hours && (
        <div className="admin-row">
          <Field label={t('admin.rules.start')} path="workingHours.start" className="narrow">
            <TextInput
              path="workingHours.start"
              placeholder="09:00"
              value={hours.start}
              onChange={(value) => edit((f) => void (f.workingHours!.start = value))}
            />
          </Field>
          <Field label={t('admin.rules.end')} path="workingHours.end" className="narrow">
            <TextInput
              path="workingHours.end"
              placeholder="19:00"
              value={hours.end}
              onChange={(value) => edit((f) => void (f.workingHours!.end = value))}
            />
          </Field>
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
                      checked={hours.weekdays.includes(day)}
                      onChange={(event) =>
                        edit((f) => {
                          const days = f.workingHours!.weekdays.filter((d) => d !== day);
                          f.workingHours!.weekdays = event.target.checked
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
          <Field label={t('admin.rules.outsideFactor')} path="workingHours.outsideFactor" className="narrow">
            <TextInput
              path="workingHours.outsideFactor"
              inputMode="decimal"
              value={hours.outsideFactor}
              onChange={(value) => edit((f) => void (f.workingHours!.outsideFactor = value))}
            />
          </Field>
        </div>
      )}
    </section>
  );
}

/** `burnout`: when a rep's pattern says overload (defaults 5 and 3 when left empty). */
function BurnoutSection() {
  const t = useT();
  const burnout = useRulesStore((state) => state.form.burnout);
  const edit = useEdit();
  return (
    <section className="admin-form-section" aria-labelledby="rs-burnout" data-path="burnout">
      <h3 id="rs-burnout">{t('admin.rules.burnout')}</h3>
      <label className="admin-check">
        <input
          type="checkbox"
          checked={burnout !== null}
          onChange={(event) =>
            edit(
              (f) =>
                void (f.burnout = event.target.checked
                  ? { capStreakDays: '5', afterHoursStreakDays: '3' }
                  : null),
            )
          }
        />
        {t('admin.rules.burnoutOn')}
      </label>
      <FieldProblems path="burnout" />
      {burnout && (
        <div className="admin-row">
          <Field label={t('admin.rules.capStreakDays')} path="burnout.capStreakDays" className="narrow">
            <TextInput
              path="burnout.capStreakDays"
              inputMode="numeric"
              placeholder="5"
              value={burnout.capStreakDays}
              onChange={(value) => edit((f) => void (f.burnout!.capStreakDays = value))}
            />
          </Field>
          <Field
            label={t('admin.rules.afterHoursStreakDays')}
            path="burnout.afterHoursStreakDays"
            className="narrow"
          >
            <TextInput
              path="burnout.afterHoursStreakDays"
              inputMode="numeric"
              placeholder="3"
              value={burnout.afterHoursStreakDays}
              onChange={(value) => edit((f) => void (f.burnout!.afterHoursStreakDays = value))}
            />
          </Field>
        </div>
      )}
    </section>
  );
}

function TiersSection() {
  const t = useT();
  const locale = useLocale();
  const form = useRulesStore((state) => state.form);
  const edit = useEdit();
  const digits = currencyDigits(form.currency);
  const currencyOk = /^[A-Z]{3}$/.test(form.currency);
  return (
    <section className="admin-form-section" aria-labelledby="rs-tiers" data-path="tiers">
      <h3 id="rs-tiers">{t('admin.rules.tiers')}</h3>
      <p className="admin-muted">{t('admin.rules.tiersHint')}</p>
      <FieldProblems path="tiers" />
      {form.tiers.map((tier, index) => {
        const base = `tiers[${index}]`;
        const payoutMinor = majorToMinor(tier.payout, digits);
        return (
          <article key={tier.id} className="admin-tier" data-path={base} aria-label={tier.name || base}>
            <div className="admin-row">
              <Field label={t('admin.rules.tierName')} path={`${base}.name`}>
                <TextInput
                  path={`${base}.name`}
                  value={tier.name}
                  onChange={(value) => edit((f) => void (f.tiers[index].name = value))}
                />
              </Field>
              <Field label={t('admin.rules.minPoints')} path={`${base}.minPoints`} className="narrow">
                <TextInput
                  path={`${base}.minPoints`}
                  inputMode="numeric"
                  value={tier.minPoints}
                  onChange={(value) => edit((f) => void (f.tiers[index].minPoints = value))}
                />
              </Field>
              <Field
                label={t('admin.rules.payout', { currency: form.currency })}
                path={`${base}.payout`}
                hint={
                  payoutMinor !== null &&
                  currencyOk && (
                    <span className="admin-hint">{formatMoney(locale, payoutMinor, form.currency)}</span>
                  )
                }
              >
                <TextInput
                  path={`${base}.payout`}
                  inputMode="decimal"
                  value={tier.payout}
                  onChange={(value) => edit((f) => void (f.tiers[index].payout = value))}
                />
              </Field>
              <button
                type="button"
                className="admin-button ghost small"
                onClick={() => edit((f) => void f.tiers.splice(index, 1))}
              >
                {t('admin.remove')}
              </button>
            </div>
            <FieldProblems path={base} />
            <div className="admin-gates" data-path={`${base}.gates`}>
              <span className="admin-field-label">{t('admin.rules.gates')}</span>
              <Clauses
                base={`${base}.gates`}
                clauses={tier.gates}
                numeric
                onChange={(recipe) => edit((f) => recipe(f.tiers[index].gates))}
              />
            </div>
          </article>
        );
      })}
      <button
        type="button"
        className="admin-button ghost small"
        onClick={() =>
          edit(
            (f) =>
              void f.tiers.push({
                id: newId(),
                name: '',
                minPoints: '',
                payout: '0',
                hasGates: false,
                gates: [],
              }),
          )
        }
      >
        {t('admin.rules.addTier')}
      </button>
    </section>
  );
}

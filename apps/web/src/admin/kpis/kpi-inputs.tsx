/**
 * What a manager enters for the KPIs: the org's monthly spend and direct costs, and each rep's
 * target for the current month beside the one suggested from their own history, with a button that
 * takes the suggestion as it is. Amounts are typed in major units and sent in integer minor units.
 */
import { useEffect, useState, type FormEvent } from 'react';
import {
  KPI_INPUT_KINDS,
  type KpiInputKind,
  type Money,
  type SuggestedTargetRow,
} from '@leaderboard/contracts';
import { useShallow } from 'zustand/react/shallow';
import { useLocale, useT, type Locale } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { cached, formatMoney } from '../../i18n/format.js';
import { outcomeText } from '../../kpis/kpi-format.js';
import { useOrgStore } from '../../org/org-store.js';
import { useKpiInputsStore } from './kpi-inputs-store.js';
import { useKpisStore } from './kpis-store.js';
import { currencyDigits, majorToMinor } from '../shared/money.js';
import { fieldError, FormError, LabeledField } from '../shared/ui.js';

const KIND_LABEL: Record<KpiInputKind, MessageKey> = {
  spend: 'admin.kpis.inputs.kind.spend',
  direct_costs: 'admin.kpis.inputs.kind.direct_costs',
};

/** `YYYY-MM` of now in the org's time zone. */
export function currentMonth(timeZone: string, now: Date = new Date()): string {
  return cached(
    `ym:${timeZone}`,
    () => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', timeZone }),
  )
    .format(now)
    .slice(0, 7);
}

/** `2026-11` -> `November 2026` in the UI's language (the key is already the org's month). */
function monthName(locale: Locale, month: string): string {
  return cached(
    `mn:${locale}`,
    () => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  ).format(new Date(`${month}-15T12:00:00Z`));
}

/** The figures changed: read the KPIs on screen again. */
function refreshKpis(): void {
  void useKpisStore.getState().load();
}

function InputForm() {
  const t = useT();
  const { timeZone, orgCurrency } = useOrgStore(
    useShallow((state) => ({ timeZone: state.timeZone, orgCurrency: state.currency })),
  );
  const [kind, setKind] = useState<KpiInputKind>('spend');
  const [month, setMonth] = useState(() => currentMonth(timeZone));
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [badAmount, setBadAmount] = useState(false);
  const [saved, setSaved] = useState(false);
  const code = currency ?? orgCurrency;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const minor = majorToMinor(amount, currencyDigits(code));
    setBadAmount(minor === null || minor < 0);
    if (minor === null || minor < 0) return;
    try {
      await useKpiInputsStore.getState().saveInput({ kind, month, amount: minor, currency: code });
      setAmount('');
      setSaved(true);
      refreshKpis();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <form
      className="admin-grid-form"
      aria-label={t('admin.kpis.inputs.title')}
      onSubmit={(e) => void submit(e)}
    >
      <LabeledField label={t('admin.kpis.inputs.kind')} error={fieldError(error, 'kind')}>
        <select value={kind} onChange={(event) => setKind(event.target.value as KpiInputKind)}>
          {KPI_INPUT_KINDS.map((option) => (
            <option key={option} value={option}>
              {t(KIND_LABEL[option])}
            </option>
          ))}
        </select>
      </LabeledField>
      <LabeledField label={t('admin.kpis.inputs.month')} error={fieldError(error, 'month')}>
        <input type="month" required value={month} onChange={(event) => setMonth(event.target.value)} />
      </LabeledField>
      <LabeledField
        label={t('admin.kpis.inputs.amount')}
        error={badAmount ? t('admin.kpis.badAmount') : fieldError(error, 'amount')}
      >
        <input
          inputMode="decimal"
          required
          value={amount}
          aria-invalid={badAmount}
          onChange={(event) => setAmount(event.target.value)}
        />
      </LabeledField>
      <LabeledField label={t('admin.kpis.inputs.currency')} error={fieldError(error, 'currency')}>
        <input
          required
          maxLength={3}
          value={code}
          onChange={(event) => setCurrency(event.target.value.toUpperCase())}
        />
      </LabeledField>
      <button type="submit" className="admin-button">
        {t('admin.save')}
      </button>
      <FormError error={error} fields={['kind', 'month', 'amount', 'currency']} />
      {saved && (
        <p className="admin-note" role="status">
          {t('admin.kpis.inputs.saved')}
        </p>
      )}
    </form>
  );
}

export function KpiInputsSection() {
  const t = useT();
  const locale = useLocale();
  const inputs = useKpiInputsStore((state) => state.inputs);
  return (
    <section className="admin-card" aria-labelledby="kpi-inputs-title">
      <h2 id="kpi-inputs-title">{t('admin.kpis.inputs.title')}</h2>
      <p className="admin-hint">{t('admin.kpis.inputs.hint')}</p>
      <InputForm />
      {inputs.length === 0 ? (
        <p className="admin-muted">{t('admin.kpis.inputs.empty')}</p>
      ) : (
        <table className="admin-table kpi-inputs-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.kpis.inputs.month')}</th>
              <th scope="col">{t('admin.kpis.inputs.kind')}</th>
              <th scope="col" className="num">
                {t('admin.kpis.inputs.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {inputs.map((input) => (
              <tr key={input.id} data-input={input.id}>
                <td>{monthName(locale, input.month)}</td>
                <td>{t(KIND_LABEL[input.kind])}</td>
                <td className="num">{formatMoney(locale, input.amount, input.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TargetRow({ row }: { row: SuggestedTargetRow }) {
  const t = useT();
  const locale = useLocale();
  const orgCurrency = useOrgStore((state) => state.currency);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [badAmount, setBadAmount] = useState(false);
  const [busy, setBusy] = useState(false);
  const suggested = row.suggested.value;
  const currency =
    row.target?.currency ?? (suggested?.kind === 'money' ? suggested.currency : undefined) ?? orgCurrency;

  async function run(action: () => Promise<void>) {
    setError(null);
    setBusy(true);
    try {
      await action();
      refreshKpis();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function set(event: FormEvent) {
    event.preventDefault();
    const minor = majorToMinor(text, currencyDigits(currency));
    setBadAmount(minor === null || minor < 0);
    if (minor === null || minor < 0) return;
    const target: Money = { amount: minor, currency };
    void run(async () => {
      await useKpiInputsStore.getState().saveTarget(row.repId, target);
      setText('');
    });
  }

  return (
    <tr data-rep={row.repId}>
      <th scope="row">{row.name}</th>
      <td className="admin-muted kpi-history">
        {row.history
          .map((h) =>
            h.won === null
              ? t('kpi.reason.MIXED_CURRENCIES')
              : formatMoney(locale, h.won.amount, h.won.currency),
          )
          .join(' · ')}
      </td>
      <td className="num kpi-suggested">
        {suggested?.kind === 'money' ? (
          <>
            {formatMoney(locale, suggested.amount, suggested.currency)}{' '}
            <button
              type="button"
              className="admin-button small"
              disabled={busy}
              aria-label={t('admin.kpis.targets.takeFor', { name: row.name })}
              onClick={() => void run(() => useKpiInputsStore.getState().takeSuggestion(row.repId))}
            >
              {t('admin.kpis.targets.take')}
            </button>
          </>
        ) : (
          <span className="admin-muted">{outcomeText(locale, 'quotaAttainment', row.suggested)}</span>
        )}
      </td>
      <td className="num kpi-target">
        {row.target ? (
          formatMoney(locale, row.target.amount, row.target.currency)
        ) : (
          <span className="admin-muted">{t('admin.kpis.targets.notSet')}</span>
        )}
      </td>
      <td>
        <form className="admin-inline-form kpi-target-form" onSubmit={set}>
          <input
            inputMode="decimal"
            required
            value={text}
            aria-label={t('admin.kpis.targets.newTarget', { name: row.name })}
            aria-invalid={badAmount}
            onChange={(event) => setText(event.target.value)}
          />
          <button type="submit" className="admin-button ghost small" disabled={busy}>
            {t('admin.kpis.targets.set')}
          </button>
        </form>
        {badAmount && <span className="field-problem">{t('admin.kpis.badAmount')}</span>}
        <FormError error={error} fields={[]} />
      </td>
    </tr>
  );
}

export function TargetsSection() {
  const t = useT();
  const locale = useLocale();
  const { targets, loadError } = useKpiInputsStore(
    useShallow((state) => ({ targets: state.targets, loadError: state.loadError })),
  );
  useEffect(() => {
    void useKpiInputsStore.getState().load();
  }, []);
  return (
    <section className="admin-card" aria-labelledby="kpi-targets-title">
      <h2 id="kpi-targets-title">
        {t('admin.kpis.targets.title', {
          period: targets ? monthName(locale, targets.periodKey) : '…',
        })}
      </h2>
      <FormError error={loadError} fields={[]} />
      {targets && (
        <>
          <p className="admin-hint">{t('admin.kpis.targets.hint', { stretch: targets.stretchPct })}</p>
          {targets.rows.length === 0 ? (
            <p className="admin-muted">{t('admin.kpis.targets.empty')}</p>
          ) : (
            <div className="kpi-scroll">
              <table className="admin-table kpi-targets">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.kpis.targets.rep')}</th>
                    <th scope="col">{t('admin.kpis.targets.history')}</th>
                    <th scope="col" className="num">
                      {t('admin.kpis.targets.suggested')}
                    </th>
                    <th scope="col" className="num">
                      {t('admin.kpis.targets.target')}
                    </th>
                    <th scope="col">{t('admin.kpis.targets.set')}</th>
                  </tr>
                </thead>
                <tbody>
                  {targets.rows.map((row) => (
                    <TargetRow key={row.repId} row={row} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

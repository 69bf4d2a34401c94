/**
 * What a manager enters for the KPIs: the org's monthly spend and direct costs, and each rep's
 * target for the current month beside the one suggested from their own history, with a button that
 * takes the suggestion as it is. Amounts are typed in major units and sent in integer minor units.
 */
import { useState, type FormEvent } from 'react';
import { KPI_INPUT_KINDS, type KpiInputKind } from '@leaderboard/contracts';
import { useShallow } from 'zustand/react/shallow';
import { useLocale, useT, type Locale } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { cached, formatMoney } from '../../i18n/format.js';
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
export function monthName(locale: Locale, month: string): string {
  return cached(
    `mn:${locale}`,
    () => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  ).format(new Date(`${month}-15T12:00:00Z`));
}

/** The figures changed: read the KPIs on screen again. */
export function refreshKpis(): void {
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

/** Each rep's sales target for the current month beside the suggested one, taken as it is with one button. */
import { useEffect, useState, type FormEvent } from 'react';
import type { Money, SuggestedTargetRow } from '@leaderboard/contracts';
import { useShallow } from 'zustand/react/shallow';
import { useLocale, useT } from '../../i18n/i18n.js';
import { formatMoney } from '../../i18n/format.js';
import { outcomeText } from '../../kpis/kpi-format.js';
import { useOrgStore } from '../../org/org-store.js';
import { useKpiInputsStore } from './kpi-inputs-store.js';
import { currencyDigits, majorToMinor } from '../shared/money.js';
import { FormError } from '../shared/ui.js';
import { monthName, refreshKpis } from './kpi-inputs.js';

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

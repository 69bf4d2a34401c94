/**
 * Closing and payouts: choose a month, close it once it has ended, approve each rep's payout (a
 * second manager above the threshold), export the payroll CSV, and see late changes to closed
 * months (adjustments) with the events behind them.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AdjustmentView, PayoutView } from '@leaderboard/contracts';
import { formatMoney } from '../../i18n/format.js';
import { useLocale, useT } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { useSessionStore } from '../../session/session-store.js';
import { usePayoutsStore } from './payouts-store.js';
import { useDateTime, Loading, AdminTable } from '../shared/ui.js';

export function PayoutsTab() {
  const t = useT();
  const { period, closed, payouts, adjustments, loaded, error, busy } = usePayoutsStore(
    useShallow((s) => ({
      period: s.period,
      closed: s.closed,
      payouts: s.payouts,
      adjustments: s.adjustments,
      loaded: s.loaded,
      error: s.error,
      busy: s.busy,
    })),
  );
  const dateTime = useDateTime();
  useEffect(() => {
    void usePayoutsStore.getState().load();
  }, []);
  const close = closed.find((c) => c.periodKey === period);
  const relevant = adjustments.filter(
    (a) => a.periodKey === period || a.targetPeriodKey === period || a.status === 'pending',
  );

  async function download() {
    const bytes = await usePayoutsStore.getState().exportCsv();
    const url = URL.createObjectURL(new Blob([bytes], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `payouts-${period}.csv`;
    link.click();
    // Revoked once the browser has taken the download, not while it may still be reading it.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  return (
    <div className="admin-stack">
      <section className="admin-card" aria-labelledby="close-title">
        <h2 id="close-title">{t('admin.payouts.title')}</h2>
        <p className="admin-muted">{t('admin.payouts.intro')}</p>
        <div className="admin-row">
          <label>
            {t('admin.payouts.month')}{' '}
            <input
              type="month"
              value={period}
              onChange={(e) => e.target.value && void usePayoutsStore.getState().setPeriod(e.target.value)}
            />
          </label>
          {close ? (
            <span className="admin-muted">
              {t('admin.payouts.closedBy', { at: dateTime(close.closedAt), by: close.closedBy })}{' '}
              <code title={close.contentHash}>{close.contentHash.slice(0, 12)}</code>
            </span>
          ) : (
            <button
              type="button"
              className="admin-button"
              disabled={busy}
              onClick={() => void usePayoutsStore.getState().close()}
            >
              {t('admin.payouts.close', { month: period })}
            </button>
          )}
          {close && payouts.length > 0 && (
            <button type="button" className="admin-button ghost" onClick={() => void download()}>
              {t('admin.payouts.export')}
            </button>
          )}
        </div>
        {error && (
          <div className="admin-error" role="alert">
            <p>{error.message}</p>
          </div>
        )}
        {!loaded ? (
          <Loading />
        ) : payouts.length === 0 ? (
          <p className="admin-muted">{t(close ? 'admin.payouts.none' : 'admin.payouts.open')}</p>
        ) : (
          <PayoutTable payouts={payouts} busy={busy} />
        )}
      </section>
      <section className="admin-card" aria-labelledby="adjustments-title">
        <h2 id="adjustments-title">{t('admin.adjustments.title')}</h2>
        {relevant.length === 0 ? (
          <p className="admin-muted">{t('admin.adjustments.none')}</p>
        ) : (
          <AdjustmentTable adjustments={relevant} />
        )}
      </section>
    </div>
  );
}

/**
 * The payout's status in words: approved, waiting for a first approval, or (above the threshold,
 * once someone has approved) waiting for a second, different approver.
 */
export function payoutStatusKey(
  p: Pick<PayoutView, 'status' | 'approvals' | 'approvalsRequired'>,
): MessageKey {
  if (p.status === 'approved') return 'admin.payouts.approved';
  return p.approvals.length > 0 && p.approvals.length < p.approvalsRequired
    ? 'admin.payouts.waitingSecond'
    : 'admin.payouts.pending';
}

function PayoutTable({ payouts, busy }: { payouts: PayoutView[]; busy: boolean }) {
  const t = useT();
  const locale = useLocale();
  const me = useSessionStore((s) => s.user?.id);
  return (
    <AdminTable
      columns={[
        'admin.payouts.rep',
        'admin.payouts.tier',
        'admin.payouts.lines',
        'admin.payouts.amount',
        'admin.payouts.approvals',
        'admin.status',
        '',
      ]}
    >
      {payouts.map((p) => (
        <tr key={p.id}>
          <td>{p.name}</td>
          <td>{p.tier ?? '—'}</td>
          <td>
            {p.lineItems.map((line, i) => (
              <div key={i}>
                {line.kind === 'tier'
                  ? line.label
                  : line.kind === 'adjustment'
                    ? t('admin.payouts.lineAdjustment', { month: line.periodKey })
                    : line.label}
                : {formatMoney(locale, line.amount, p.currency)}
              </div>
            ))}
          </td>
          <td>{formatMoney(locale, p.amount, p.currency)}</td>
          <td>
            {p.approvals.length}/{p.approvalsRequired}
            {p.approvals.length > 0 && (
              <span className="admin-muted"> {p.approvals.map((a) => a.name).join(', ')}</span>
            )}
          </td>
          <td>{t(payoutStatusKey(p))}</td>
          <td>
            {p.status === 'pending' && !p.approvals.some((a) => a.userId === me) && (
              <button
                type="button"
                className="admin-button"
                disabled={busy}
                onClick={() => void usePayoutsStore.getState().approve(p.id)}
              >
                {t('admin.payouts.approve')}
              </button>
            )}
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}

function AdjustmentTable({ adjustments }: { adjustments: AdjustmentView[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <AdminTable
      columns={[
        'admin.adjustments.month',
        'admin.payouts.rep',
        'admin.adjustments.points',
        'admin.payouts.tier',
        'admin.payouts.amount',
        'admin.adjustments.causes',
        'admin.status',
      ]}
    >
      {adjustments.map((a) => (
        <tr key={`${a.periodKey}:${a.repId}:${a.status}:${a.targetPeriodKey}`}>
          <td>
            {a.periodKey} → {a.targetPeriodKey}
          </td>
          <td>{a.name}</td>
          <td>{a.deltaPoints > 0 ? `+${a.deltaPoints}` : a.deltaPoints}</td>
          <td>
            {a.tierBefore ?? '—'} → {a.tierNow ?? '—'}
          </td>
          <td>{formatMoney(locale, a.deltaPayout, a.currency)}</td>
          <td>
            {a.causes.map((c) => (
              <div key={c.eventId}>
                {c.source}/{c.externalId} ({c.type}
                {c.voided ? `, ${t('admin.adjustments.voided')}` : ''})
              </div>
            ))}
          </td>
          <td>{t(a.status === 'pending' ? 'admin.adjustments.pending' : 'admin.adjustments.carried')}</td>
        </tr>
      ))}
    </AdminTable>
  );
}

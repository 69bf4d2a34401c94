/** The audit log: who changed what and when, newest first, older pages on demand. */
import { Fragment, useEffect, useState } from 'react';
import type { AuditEntry } from '@leaderboard/contracts';
import { useShallow } from 'zustand/react/shallow';
import { formatMoney } from '../../i18n/format.js';
import { useLocale, useT, type Translate } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { useAuditStore } from './audit-store.js';
import { useDateTime, LoadFailed, Loading } from '../shared/ui.js';

const ACTIONS: Record<string, MessageKey> = {
  'ruleset.create': 'admin.audit.action.ruleset.create',
  'ruleset.update': 'admin.audit.action.ruleset.update',
  'ruleset.delete': 'admin.audit.action.ruleset.delete',
  'ruleset.publish': 'admin.audit.action.ruleset.publish',
  'token.create': 'admin.audit.action.token.create',
  'token.revoke': 'admin.audit.action.token.revoke',
  'token.delete': 'admin.audit.action.token.revoke',
  'rep.create': 'admin.audit.action.rep.create',
  'rep.update': 'admin.audit.action.rep.update',
  'rep.delete': 'admin.audit.action.rep.delete',
  'team.create': 'admin.audit.action.team.create',
  'team.update': 'admin.audit.action.team.update',
  'team.delete': 'admin.audit.action.team.delete',
  'user.create': 'admin.audit.action.user.create',
  'user.update': 'admin.audit.action.user.update',
  'period.close': 'admin.audit.action.period.close',
  'payout.approve': 'admin.audit.action.payout.approve',
  'payout.adjust': 'admin.audit.action.payout.adjust',
};

/** `ruleset.publish` -> "Published a rule set"; an action this UI does not know shows as it is. */
export function actionLabel(t: Translate, action: string): string {
  const key = ACTIONS[action];
  return key ? t(key) : action;
}

const KINDS: Record<string, MessageKey> = {
  admin: 'admin.role.admin',
  manager: 'admin.role.manager',
  rep: 'admin.role.rep',
  display: 'admin.tokens.display',
  integration: 'admin.tokens.integration',
};

function actorKind(t: Translate, kind: string): string {
  return KINDS[kind] ? t(KINDS[kind]) : kind;
}

/** `amount` (integer minor units) in `currency`, as the screens show money. */
type Money = (amount: number, currency: string) => string;

/**
 * Closing and payouts in words: the month, and for a payout its amount and how many of the needed
 * approvals it has ("2026-10 · RUB 15,000 · 1/2"); a manual line with its month and reason.
 */
function moneySummary(entry: AuditEntry, money: Money): string | null {
  const d = entry.details ?? {};
  const month = typeof d.periodKey === 'string' ? d.periodKey : '';
  const amount =
    typeof d.amount === 'number' && typeof d.currency === 'string' ? money(d.amount, d.currency) : '';
  const parts: string[] = [];
  if (entry.action === 'period.close') parts.push(month);
  else if (entry.action === 'payout.approve') {
    parts.push(month, amount);
    if (typeof d.approvals === 'number' && typeof d.approvalsRequired === 'number')
      parts.push(`${d.approvals}/${d.approvalsRequired}`);
  } else if (entry.action === 'payout.adjust') {
    // Its details carry no currency: the month and the reason (the amount is in the details).
    parts.push(month, typeof d.reason === 'string' ? d.reason : '');
  } else return null;
  return parts.filter((part) => part !== '').join(' · ');
}

/** The one thing worth reading in the details, e.g. the name or effective date. */
function summary(entry: AuditEntry, dateTime: (instant: string) => string, money: Money): string {
  const details = entry.details ?? {};
  const payout = moneySummary(entry, money);
  if (payout !== null) return payout;
  const pick = ['name', 'email', 'effectiveFrom', 'role', 'kind'].find(
    (key) => typeof details[key] === 'string' && details[key] !== '',
  );
  if (pick === 'effectiveFrom') return dateTime(String(details[pick]));
  if (pick) return String(details[pick]);
  const document = details.document as { name?: unknown } | undefined;
  return typeof document?.name === 'string' ? document.name : '';
}

export function AuditTab() {
  const t = useT();
  const dateTime = useDateTime();
  const locale = useLocale();
  const money: Money = (amount, currency) => formatMoney(locale, amount, currency);
  const { entries, loading, loadError, hasMore } = useAuditStore(
    useShallow((state) => ({
      entries: state.entries,
      loading: state.loading,
      loadError: state.loadError,
      hasMore: state.hasMore,
    })),
  );
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    void useAuditStore.getState().load();
  }, []);

  const toggle = (id: string) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };

  return (
    <section className="admin-card" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('admin.audit.title')}</h2>
      <LoadFailed message={loadError} />
      <table className="admin-table admin-audit">
        <thead>
          <tr>
            <th>{t('admin.audit.when')}</th>
            <th>{t('admin.audit.who')}</th>
            <th>{t('admin.audit.what')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const expanded = open.has(entry.id);
            return (
              <Fragment key={entry.id}>
                <tr>
                  <td className="admin-nowrap">{dateTime(entry.at)}</td>
                  <td>
                    {entry.actor.name} <span className="admin-muted">{actorKind(t, entry.actor.kind)}</span>
                  </td>
                  <td>
                    <span className="admin-action">{actionLabel(t, entry.action)}</span>{' '}
                    <span className="admin-muted">{summary(entry, dateTime, money)}</span>
                  </td>
                  <td className="admin-actions">
                    <button
                      type="button"
                      className="admin-button ghost"
                      aria-expanded={expanded}
                      onClick={() => toggle(entry.id)}
                    >
                      {expanded ? t('admin.audit.hide') : t('admin.audit.details')}
                    </button>
                  </td>
                </tr>
                {expanded && (
                  <tr className="admin-audit-details">
                    <td colSpan={4}>
                      {entry.subjectId && (
                        <p className="admin-muted">
                          {t('admin.audit.subject')}: <code>{entry.subjectId}</code>
                        </p>
                      )}
                      <pre>{JSON.stringify(entry.details, null, 2)}</pre>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {!loading && entries.length === 0 && !loadError && (
        <p className="admin-muted">{t('admin.audit.empty')}</p>
      )}
      {loading && <Loading />}
      {hasMore && entries.length > 0 && (
        <button
          type="button"
          className="admin-button"
          disabled={loading}
          onClick={() => void useAuditStore.getState().loadOlder()}
        >
          {t('admin.audit.older')}
        </button>
      )}
    </section>
  );
}

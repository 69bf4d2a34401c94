import { useShallow } from 'zustand/react/shallow';
import { formatTime } from '../i18n/format.js';
import { useLocale, useT } from '../i18n/i18n.js';
import { useConnectionStore } from '../live/connection-store.js';
import { useOrgStore } from '../org/org-store.js';

/**
 * Shown whenever the socket is not connected; the board under it keeps its last rows. Nothing when
 * all is well: a wall board shows no status it does not need.
 */
export function ConnectionBadge() {
  const t = useT();
  const locale = useLocale();
  const timeZone = useOrgStore((state) => state.timeZone);
  const { status, lastConnectedAt, error } = useConnectionStore(
    useShallow((state) => ({
      status: state.status,
      lastConnectedAt: state.lastConnectedAt,
      error: state.error,
    })),
  );
  if (status === 'connected' || status === 'idle') return null;
  const text =
    status === 'refused'
      ? t('live.refused', { message: error ?? '' })
      : status === 'connecting'
        ? t('live.connecting')
        : t('live.reconnecting');
  return (
    <div className={`tv-badge tv-badge-${status}`} role="status" data-testid="connection-badge">
      <span className="tv-badge-dot" aria-hidden="true" />
      <span>{text}</span>
      {status !== 'connecting' && lastConnectedAt ? (
        <span className="tv-badge-since">
          {t('live.since', { time: formatTime(locale, lastConnectedAt, timeZone) })}
        </span>
      ) : null}
    </div>
  );
}

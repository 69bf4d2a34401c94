/** A connector's health: last delivery, the last 24 hours as a bar strip, counts, the last failure. */
import type { ConnectorHealth } from '@leaderboard/contracts';
import { useLocale, useT } from '../../i18n/i18n.js';
import { LoadFailed, useDateTime } from '../shared/ui.js';
import { useConnectorDetailStore } from './connector-detail-store.js';
import { ALERT_LABEL } from './connector-kinds.js';
import { relativeTime } from './relative-time.js';

export function HealthPanel() {
  const t = useT();
  const locale = useLocale();
  const health = useConnectorDetailStore((state) => state.health);
  const error = useConnectorDetailStore((state) => state.errors.health ?? null);
  if (!health) return <LoadFailed message={error} />;
  return (
    <div className="connector-health" aria-label={t('admin.connectors.health')}>
      {health.alert && (
        <p className="connector-alert" role="status">
          {t(ALERT_LABEL[health.alert])}
        </p>
      )}
      <p>
        {t('admin.connectors.lastDelivery')}:{' '}
        {health.lastDeliveryAt
          ? relativeTime(locale, health.lastDeliveryAt, Date.now())
          : t('admin.connectors.never')}
        {' · '}
        {t('admin.connectors.lastHour')}:{' '}
        {t('admin.connectors.lastHourValue', {
          deliveries: health.lastHour.deliveries,
          events: health.lastHour.events,
        })}
      </p>
      <HourlyStrip hourly={health.hourly} />
      <p>{t('admin.connectors.byStatus', { ...health.byStatus })}</p>
      <p>
        {t('admin.connectors.unmappedCounts', {
          users: health.unmappedUsers,
          stages: health.unmappedStages,
          held: health.heldEvents,
        })}
      </p>
      <LastFailure health={health} />
    </div>
  );
}

/** 24 bars, one an hour, height by deliveries; events in the title. */
function HourlyStrip({ hourly }: { hourly: ConnectorHealth['hourly'] }) {
  const t = useT();
  const dateTime = useDateTime();
  const most = Math.max(1, ...hourly.map((hour) => hour.deliveries));
  return (
    <figure className="connector-strip" aria-label={t('admin.connectors.hourly')}>
      <div className="connector-bars">
        {hourly.map((hour) => {
          const label = t('admin.connectors.hourBar', {
            hour: dateTime(hour.hour),
            deliveries: hour.deliveries,
            events: hour.events,
          });
          return (
            <span
              key={hour.hour}
              className="connector-bar"
              title={label}
              aria-label={label}
              style={{ height: `${Math.max(2, Math.round((hour.deliveries / most) * 100))}%` }}
            />
          );
        })}
      </div>
      <figcaption className="admin-muted">{t('admin.connectors.hourly')}</figcaption>
    </figure>
  );
}

function LastFailure({ health }: { health: ConnectorHealth }) {
  const t = useT();
  const dateTime = useDateTime();
  const failure = health.lastFailure;
  if (!failure) return <p className="admin-muted">{t('admin.connectors.noFailure')}</p>;
  return (
    <details className="connector-failure">
      <summary>
        {t('admin.connectors.lastFailure')}: {dateTime(failure.receivedAt)} —{' '}
        {failure.reason ?? failure.status}
      </summary>
      <code className="admin-muted">
        {failure.method} {failure.url}
      </code>
      <pre className="connector-payload">{failure.body}</pre>
    </details>
  );
}

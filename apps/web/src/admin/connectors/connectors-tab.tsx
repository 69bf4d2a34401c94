/**
 * Connectors: the list with each one's last delivery, last hour and alert; the create form (the URL
 * and the kind's paste instructions shown once after); `/admin/connectors/<id>` opens one.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ConnectorHealth, ConnectorView } from '@leaderboard/contracts';
import { useLocale, useT } from '../../i18n/i18n.js';
import { navigate, usePathname } from '../../router.js';
import { api } from '../../session/session-store.js';
import { AdminTable, LoadFailed, Loading } from '../shared/ui.js';
import { ConnectorCreateForm } from './connector-create-form.js';
import { ConnectorCreated } from './connector-created.js';
import { ConnectorDetail } from './connector-detail.js';
import { ALERT_LABEL, isKnownKind, KIND_LABEL } from './connector-kinds.js';
import { useConnectorsStore } from './connectors-store.js';
import { relativeTime } from './relative-time.js';

export function ConnectorsTab() {
  const openId = usePathname().split('/').filter(Boolean)[2];
  const connector = useConnectorsStore((state) => state.connectors.find((c) => c.id === openId));
  useEffect(() => {
    void useConnectorsStore.getState().load();
  }, []);
  const loaded = useConnectorsStore((state) => state.loaded);
  if (openId && connector) return <ConnectorDetail connector={connector} />;
  // An unknown id (deleted, mistyped) falls back to the list once the list has answered.
  if (openId && !loaded) return <Loading />;
  return <ConnectorList />;
}

function ConnectorList() {
  const t = useT();
  const { connectors, loaded, loadError } = useConnectorsStore(
    useShallow((state) => ({
      connectors: state.connectors,
      loaded: state.loaded,
      loadError: state.loadError,
    })),
  );
  return (
    <div className="admin-stack">
      <section className="admin-card" aria-labelledby="connectors-title">
        <h2 id="connectors-title">{t('admin.connectors.title')}</h2>
        <p className="admin-muted">{t('admin.connectors.intro')}</p>
        <ConnectorCreateForm />
        <ConnectorCreated />
        <LoadFailed message={loadError} />
        {!loaded ? (
          <Loading />
        ) : connectors.length === 0 ? (
          <p className="admin-muted">{t('admin.connectors.none')}</p>
        ) : (
          <AdminTable
            className="connectors-table"
            columns={[
              'admin.connectors.name',
              'admin.connectors.kind',
              'admin.connectors.lastDelivery',
              'admin.connectors.lastHour',
              'admin.status',
              '',
            ]}
          >
            {connectors.map((connector) => (
              <ConnectorRow key={connector.id} connector={connector} />
            ))}
          </AdminTable>
        )}
      </section>
    </div>
  );
}

/** One row; its health (last delivery, last hour) is read per connector, a failed read shows '—'. */
function ConnectorRow({ connector }: { connector: ConnectorView }) {
  const t = useT();
  const locale = useLocale();
  const [health, setHealth] = useState<ConnectorHealth | null>(null);
  useEffect(() => {
    let live = true;
    api.get('/api/connectors/:id/health', { params: { id: connector.id } }).then(
      (answer) => live && setHealth(answer),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [connector.id]);
  const alert = connector.alert ?? health?.alert ?? null;
  return (
    <tr className={connector.disabled ? 'is-inactive' : undefined}>
      <td>{connector.name}</td>
      <td>{isKnownKind(connector.kind) ? t(KIND_LABEL[connector.kind]) : connector.kind}</td>
      <td>
        {health === null
          ? '—'
          : health.lastDeliveryAt
            ? relativeTime(locale, health.lastDeliveryAt, Date.now())
            : t('admin.connectors.never')}
      </td>
      <td>
        {health === null
          ? '—'
          : t('admin.connectors.lastHourValue', {
              deliveries: health.lastHour.deliveries,
              events: health.lastHour.events,
            })}
      </td>
      <td>
        {connector.disabled ? (
          t('admin.connectors.disabled')
        ) : alert ? (
          <span className="connector-alert" role="status">
            {t(ALERT_LABEL[alert])}
          </span>
        ) : (
          t('admin.connectors.ok')
        )}
      </td>
      <td className="admin-actions">
        <button
          type="button"
          className="admin-button ghost"
          aria-label={`${t('admin.connectors.open')}: ${connector.name}`}
          onClick={() => navigate(`/admin/connectors/${connector.id}`)}
        >
          {t('admin.connectors.open')}
        </button>
      </td>
    </tr>
  );
}

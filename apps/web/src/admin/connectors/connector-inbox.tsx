/** Deliveries that failed or could not be mapped, newest first, each with its payload and Replay. */
import { useState } from 'react';
import type { InboxDeliveryView, InboxStatus } from '@leaderboard/contracts';
import { useT } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { AdminTable, FormError, useDateTime } from '../shared/ui.js';
import { useConnectorDetailStore } from './connector-detail-store.js';
import { DetailPanel } from './detail-panel.js';

export const STATUS_LABEL: Record<InboxStatus, MessageKey> = {
  pending: 'admin.connectors.status.pending',
  done: 'admin.connectors.status.done',
  unmapped: 'admin.connectors.status.unmapped',
  failed: 'admin.connectors.status.failed',
};

export function InboxPanel() {
  const inbox = useConnectorDetailStore((state) => state.inbox);
  const error = useConnectorDetailStore((state) => state.errors.inbox ?? null);
  return (
    <DetailPanel
      id="connector-inbox"
      title="admin.connectors.inbox"
      error={error}
      empty={inbox.length === 0}
      none="admin.connectors.inboxNone"
    >
      <AdminTable
        className="connector-inbox"
        columns={['admin.connectors.received', 'admin.status', 'admin.connectors.reason', '']}
      >
        {inbox.map((delivery) => (
          <DeliveryRow key={delivery.id} delivery={delivery} />
        ))}
      </AdminTable>
    </DetailPanel>
  );
}

function DeliveryRow({ delivery }: { delivery: InboxDeliveryView }) {
  const t = useT();
  const dateTime = useDateTime();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [replayed, setReplayed] = useState(false);

  async function replay() {
    setError(null);
    setBusy(true);
    try {
      await useConnectorDetailStore.getState().replay(delivery.id);
      setReplayed(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr>
      <td>{dateTime(delivery.receivedAt)}</td>
      <td>{t(STATUS_LABEL[delivery.status])}</td>
      <td className="connector-reason">
        {delivery.reason ?? '—'}
        <details>
          <summary>
            {delivery.method} {delivery.url}
          </summary>
          <pre className="connector-payload">{delivery.body}</pre>
        </details>
      </td>
      <td className="admin-actions">
        <button type="button" className="admin-button ghost" disabled={busy} onClick={() => void replay()}>
          {t('admin.connectors.replay')}
        </button>
        {replayed && (
          <span className="admin-note" role="status">
            {t('admin.connectors.replayed', { status: t(STATUS_LABEL[delivery.status]) })}
          </span>
        )}
        <FormError error={error} fields={[]} />
      </td>
    </tr>
  );
}

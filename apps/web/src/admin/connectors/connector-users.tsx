/** CRM users beside our reps: a select per user (labelled with the CRM user) maps it at once. */
import { useState } from 'react';
import type { ConnectorUserRow } from '@leaderboard/contracts';
import { useT } from '../../i18n/i18n.js';
import { AdminTable, FormError } from '../shared/ui.js';
import { useConnectorDetailStore } from './connector-detail-store.js';
import { DetailPanel } from './detail-panel.js';

export function UsersPanel() {
  const users = useConnectorDetailStore((state) => state.users);
  const error = useConnectorDetailStore((state) => state.errors.users ?? null);
  return (
    <DetailPanel
      id="connector-users"
      title="admin.connectors.users"
      error={error}
      empty={users.length === 0}
      none="admin.connectors.usersNone"
    >
      <AdminTable
        className="connector-users"
        columns={[
          'admin.connectors.crmUser',
          'admin.connectors.email',
          'admin.connectors.rep',
          'admin.connectors.matched',
          'admin.connectors.held',
        ]}
      >
        {users.map((user) => (
          <UserRow key={user.crmUserId} user={user} />
        ))}
      </AdminTable>
    </DetailPanel>
  );
}

/** "Anna Smirnova (2079676)", or the id alone when the CRM user was only seen in a delivery. */
export const crmUserLabel = (user: ConnectorUserRow): string =>
  user.name ? `${user.name} (${user.crmUserId})` : user.crmUserId;

function UserRow({ user }: { user: ConnectorUserRow }) {
  const t = useT();
  const reps = useConnectorDetailStore((state) => state.reps);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function change(repId: string | null) {
    setError(null);
    setNote(null);
    setBusy(true);
    try {
      const view = await useConnectorDetailStore.getState().mapUser(user.crmUserId, repId);
      if (repId !== null) setNote(t('admin.connectors.attached', { count: view.attached }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr>
      <td>{crmUserLabel(user)}</td>
      <td>{user.email ?? '—'}</td>
      <td>
        <select
          aria-label={t('admin.connectors.repOf', { user: crmUserLabel(user) })}
          value={user.repId ?? ''}
          disabled={busy}
          onChange={(event) => void change(event.target.value === '' ? null : event.target.value)}
        >
          <option value="">{t('admin.connectors.noRep')}</option>
          {reps
            .filter((rep) => rep.active || rep.id === user.repId)
            .map((rep) => (
              <option key={rep.id} value={rep.id}>
                {rep.name}
              </option>
            ))}
        </select>
        {note && (
          <span className="admin-note" role="status">
            {note}
          </span>
        )}
        <FormError error={error} fields={[]} />
      </td>
      <td>
        {user.matchedBy === 'email'
          ? t('admin.connectors.matched.email')
          : user.matchedBy === 'manual'
            ? t('admin.connectors.matched.manual')
            : '—'}
      </td>
      <td className="num">{user.heldEvents}</td>
    </tr>
  );
}

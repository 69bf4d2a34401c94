/** Logins (admin only): create one for a manager or a rep, change its role or rep, disable it. */
import { useEffect, useState, type FormEvent } from 'react';
import type { Role, UserView } from '@leaderboard/contracts';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { useSessionStore } from '../../session/session-store.js';
import { useDirectoryStore, type NewUser } from '../shared/directory-store.js';
import {
  fieldError,
  FormError,
  LabeledField,
  useDateTime,
  LoadFailed,
  Loading,
  AdminTable,
} from '../shared/ui.js';

const ROLES: readonly Role[] = ['admin', 'manager', 'rep'];
const ROLE_LABEL: Record<Role, MessageKey> = {
  admin: 'admin.role.admin',
  manager: 'admin.role.manager',
  rep: 'admin.role.rep',
};
const USER_FIELDS = ['email', 'password', 'role', 'repId'];

export function UsersTab() {
  const t = useT();
  const { users, loaded, loadError } = useDirectoryStore(
    useShallow((state) => ({ users: state.users, loaded: state.loaded, loadError: state.loadError })),
  );
  useEffect(() => {
    void useDirectoryStore.getState().load(true);
  }, []);
  if (!loaded) return <Loading />;
  return (
    <section className="admin-card" aria-labelledby="users-title">
      <h2 id="users-title">{t('admin.users.title')}</h2>
      <LoadFailed message={loadError} />
      <NewUserForm />
      <AdminTable
        columns={[
          'admin.users.email',
          'admin.users.role',
          'admin.users.rep',
          'admin.created',
          'admin.status',
        ]}
      >
        {users.map((user) => (
          <UserRow key={user.id} user={user} />
        ))}
      </AdminTable>
    </section>
  );
}

function RepSelect({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange: (id: string) => void;
  label?: string;
}) {
  const t = useT();
  const reps = useDirectoryStore((state) => state.reps);
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{t('admin.users.noRep')}</option>
      {reps.map((rep) => (
        <option key={rep.id} value={rep.id}>
          {rep.name}
          {rep.active ? '' : ` (${t('admin.reps.inactive')})`}
        </option>
      ))}
    </select>
  );
}

function NewUserForm() {
  const t = useT();
  const [draft, setDraft] = useState<NewUser>({ email: '', password: '', role: 'manager' });
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setCreated(null);
    try {
      const { repId, ...rest } = draft;
      await useDirectoryStore.getState().createUser(repId ? { ...rest, repId } : rest);
      setCreated(draft.email);
      setDraft({ email: '', password: '', role: draft.role });
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <form
      className="admin-grid-form"
      onSubmit={(event) => void submit(event)}
      aria-label={t('admin.users.new')}
    >
      <LabeledField label={t('admin.users.email')} error={fieldError(error, 'email')}>
        <input
          type="email"
          required
          value={draft.email}
          onChange={(event) => setDraft({ ...draft, email: event.target.value })}
        />
      </LabeledField>
      <LabeledField label={t('admin.users.password')} error={fieldError(error, 'password')}>
        <input
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          value={draft.password}
          onChange={(event) => setDraft({ ...draft, password: event.target.value })}
        />
      </LabeledField>
      <LabeledField label={t('admin.users.role')} error={fieldError(error, 'role')}>
        <select
          value={draft.role}
          onChange={(event) => setDraft({ ...draft, role: event.target.value as Role })}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(ROLE_LABEL[role])}
            </option>
          ))}
        </select>
      </LabeledField>
      <LabeledField label={t('admin.users.rep')} error={fieldError(error, 'repId')}>
        <RepSelect
          value={draft.repId ?? ''}
          onChange={(repId) => setDraft({ ...draft, repId: repId || undefined })}
        />
      </LabeledField>
      <button type="submit" className="admin-button">
        {t('admin.users.create')}
      </button>
      <FormError error={error} fields={USER_FIELDS} />
      {created && (
        <p className="admin-note" role="status">
          {t('admin.users.created', { email: created })}
        </p>
      )}
    </form>
  );
}

function UserRow({ user }: { user: UserView }) {
  const t = useT();
  const dateTime = useDateTime();
  const self = useSessionStore((state) => state.user?.id === user.id);
  const [error, setError] = useState<unknown>(null);

  async function patch(change: Parameters<ReturnType<typeof useDirectoryStore.getState>['updateUser']>[1]) {
    setError(null);
    try {
      await useDirectoryStore.getState().updateUser(user.id, change);
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <tr className={user.disabledAt ? 'is-inactive' : undefined}>
      <td>
        {user.email}
        {self && <span className="admin-muted"> · {t('admin.users.you')}</span>}
      </td>
      <td>
        <select
          aria-label={t('admin.users.roleOf', { email: user.email })}
          value={user.role}
          disabled={self}
          onChange={(event) => void patch({ role: event.target.value as Role })}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(ROLE_LABEL[role])}
            </option>
          ))}
        </select>
      </td>
      <td>
        <RepSelect
          label={t('admin.users.repOf', { email: user.email })}
          value={user.repId ?? ''}
          onChange={(repId) => void patch({ repId: repId || null })}
        />
      </td>
      <td>{dateTime(user.createdAt)}</td>
      <td className="admin-actions">
        {user.disabledAt ? t('admin.users.disabled') : t('admin.reps.active')}
        {!self && (
          <button
            type="button"
            className="admin-button ghost"
            onClick={() => void patch({ disabled: !user.disabledAt })}
          >
            {user.disabledAt ? t('admin.users.enable') : t('admin.users.disable')}
          </button>
        )}
        {error !== null && <FormError error={error} fields={[]} />}
      </td>
    </tr>
  );
}

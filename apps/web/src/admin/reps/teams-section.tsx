/** Teams: create, rename and delete; how many reps each has. */
import { useState, type FormEvent } from 'react';
import { useRowAction } from './row-action.js';
import { useT } from '../../i18n/i18n.js';
import { useDirectoryStore } from '../shared/directory-store.js';
import { fieldError, FormError, LabeledField, ConfirmAction } from '../shared/ui.js';

export function TeamsSection() {
  const t = useT();
  const teams = useDirectoryStore((state) => state.teams);
  const reps = useDirectoryStore((state) => state.reps);
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await useDirectoryStore.getState().createTeam(name.trim());
      setName('');
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="admin-card admin-teams" aria-labelledby="teams-title">
      <h2 id="teams-title">{t('admin.teams.title')}</h2>
      <ul className="admin-list">
        {teams.map((team) => (
          <TeamItem
            key={team.id}
            id={team.id}
            name={team.name}
            members={reps.filter((rep) => rep.teamId === team.id && rep.active).length}
          />
        ))}
      </ul>
      <form className="admin-inline-form" onSubmit={(event) => void create(event)}>
        <LabeledField label={t('admin.teams.new')} error={fieldError(error, 'name')}>
          <input value={name} required maxLength={100} onChange={(event) => setName(event.target.value)} />
        </LabeledField>
        <button type="submit" className="admin-button">
          {t('admin.add')}
        </button>
      </form>
      <FormError error={error} fields={['name']} />
    </section>
  );
}

export function TeamItem({ id, name, members }: { id: string; name: string; members: number }) {
  const t = useT();
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const { error, run } = useRowAction(() => {
    setEditing(null);
    setConfirming(false);
  });

  return (
    <li className="admin-list-item">
      {editing === null ? (
        <>
          <span className="admin-grow">
            {name} <span className="admin-muted">{t('admin.teams.members', { count: members })}</span>
          </span>
          <button type="button" className="admin-button ghost" onClick={() => setEditing(name)}>
            {t('admin.rename')}
          </button>
          <ConfirmAction
            confirming={confirming}
            setConfirming={setConfirming}
            label={t('admin.delete')}
            confirmLabel={t('admin.confirmDelete')}
            onConfirm={() => void run(() => useDirectoryStore.getState().deleteTeam(id))}
          />
        </>
      ) : (
        <form
          className="admin-inline-form admin-grow"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => useDirectoryStore.getState().renameTeam(id, editing.trim()));
          }}
        >
          <input
            aria-label={t('admin.teams.name')}
            value={editing}
            required
            maxLength={100}
            onChange={(event) => setEditing(event.target.value)}
          />
          <button type="submit" className="admin-button">
            {t('admin.save')}
          </button>
          <button type="button" className="admin-button ghost" onClick={() => setEditing(null)}>
            {t('admin.cancel')}
          </button>
        </form>
      )}
      {error !== null && <FormError error={error} fields={[]} />}
    </li>
  );
}

/** Reps and teams: who is on the board, in which team; create, rename, move, deactivate, delete. */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../../i18n/i18n.js';
import { useSessionStore } from '../../session/session-store.js';
import { Avatar } from '../../tv/avatar.js';
import { useDirectoryStore, type NewRep } from '../shared/directory-store.js';
import type { RepView } from '@leaderboard/contracts';
import { fieldError, FormError, LabeledField } from '../shared/ui.js';

const REP_FIELDS = ['key', 'name', 'teamId', 'region', 'email', 'photoUrl', 'startedOn'];

export function RepsTab() {
  const t = useT();
  const isAdmin = useSessionStore((state) => state.user?.role === 'admin');
  const { loaded, loadError } = useDirectoryStore(
    useShallow((state) => ({ loaded: state.loaded, loadError: state.loadError })),
  );
  useEffect(() => {
    void useDirectoryStore.getState().load(isAdmin);
  }, [isAdmin]);
  if (!loaded) return <p className="admin-muted">{t('admin.loading')}</p>;
  return (
    <div className="admin-columns">
      {loadError && <FormError error={new Error(loadError)} fields={[]} />}
      <TeamsSection />
      <RepsSection />
    </div>
  );
}

function TeamsSection() {
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

function TeamItem({ id, name, members }: { id: string; name: string; members: number }) {
  const t = useT();
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function run(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
      setEditing(null);
      setConfirming(false);
    } catch (caught) {
      setError(caught);
    }
  }

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
          {confirming ? (
            <>
              <button
                type="button"
                className="admin-button danger"
                onClick={() => void run(() => useDirectoryStore.getState().deleteTeam(id))}
              >
                {t('admin.confirmDelete')}
              </button>
              <button type="button" className="admin-button ghost" onClick={() => setConfirming(false)}>
                {t('admin.cancel')}
              </button>
            </>
          ) : (
            <button type="button" className="admin-button ghost" onClick={() => setConfirming(true)}>
              {t('admin.delete')}
            </button>
          )}
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

const EMPTY_REP: NewRep = {
  key: '',
  name: '',
  teamId: '',
  region: '',
  email: '',
  photoUrl: '',
  startedOn: '',
};

/** Optional fields left empty are not sent; an edit that empties the photo or start date clears it (null). */
function repBody(rep: NewRep, edit = false): NewRep {
  const photoUrl = rep.photoUrl?.trim();
  const startedOn = rep.startedOn?.trim();
  return {
    key: rep.key.trim(),
    name: rep.name.trim(),
    teamId: rep.teamId,
    ...(rep.region?.trim() ? { region: rep.region.trim() } : {}),
    ...(rep.email?.trim() ? { email: rep.email.trim() } : {}),
    ...(photoUrl ? { photoUrl } : edit ? { photoUrl: null } : {}),
    ...(startedOn ? { startedOn } : edit ? { startedOn: null } : {}),
  };
}

function RepsSection() {
  const t = useT();
  const { teams, reps } = useDirectoryStore(
    useShallow((state) => ({ teams: state.teams, reps: state.reps })),
  );
  const [draft, setDraft] = useState<NewRep>(EMPTY_REP);
  const [error, setError] = useState<unknown>(null);
  const [showInactive, setShowInactive] = useState(false);
  const [search, setSearch] = useState('');

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await useDirectoryStore
        .getState()
        .createRep(repBody({ ...draft, teamId: draft.teamId || teams[0]?.id }));
      setDraft({ ...EMPTY_REP, teamId: draft.teamId });
    } catch (caught) {
      setError(caught);
    }
  }

  const needle = search.trim().toLowerCase();
  const shown = reps.filter(
    (rep) =>
      (showInactive || rep.active) &&
      (needle === '' ||
        `${rep.name} ${rep.key} ${rep.email ?? ''} ${rep.region ?? ''}`.toLowerCase().includes(needle)),
  );
  const inactive = reps.filter((rep) => !rep.active).length;
  const set = (field: keyof NewRep) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [field]: event.target.value });

  return (
    <section className="admin-card admin-reps" aria-labelledby="reps-title">
      <h2 id="reps-title">{t('admin.reps.title')}</h2>
      <form
        className="admin-grid-form"
        onSubmit={(event) => void create(event)}
        aria-label={t('admin.reps.new')}
      >
        <LabeledField label={t('admin.reps.name')} error={fieldError(error, 'name')}>
          <input value={draft.name} required maxLength={200} onChange={set('name')} />
        </LabeledField>
        <LabeledField label={t('admin.reps.key')} error={fieldError(error, 'key')}>
          <input
            value={draft.key}
            required
            maxLength={200}
            onChange={set('key')}
            placeholder="crm-owner-id"
          />
        </LabeledField>
        <LabeledField label={t('admin.reps.team')} error={fieldError(error, 'teamId')}>
          <select value={draft.teamId || teams[0]?.id || ''} onChange={set('teamId')}>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </LabeledField>
        <LabeledField label={t('admin.reps.region')} error={fieldError(error, 'region')}>
          <input value={draft.region} maxLength={100} onChange={set('region')} />
        </LabeledField>
        <LabeledField label={t('admin.reps.email')} error={fieldError(error, 'email')}>
          <input type="email" value={draft.email} maxLength={200} onChange={set('email')} />
        </LabeledField>
        <LabeledField label={t('admin.reps.photo')} error={fieldError(error, 'photoUrl')}>
          <input
            type="url"
            value={draft.photoUrl ?? ''}
            maxLength={1000}
            placeholder="https://"
            onChange={set('photoUrl')}
          />
        </LabeledField>
        <LabeledField label={t('admin.reps.startedOn')} error={fieldError(error, 'startedOn')}>
          <input type="date" value={draft.startedOn ?? ''} onChange={set('startedOn')} />
        </LabeledField>
        <button type="submit" className="admin-button" disabled={teams.length === 0}>
          {t('admin.reps.create')}
        </button>
      </form>
      <FormError error={error} fields={REP_FIELDS} />
      <div className="admin-toolbar">
        <input
          type="search"
          className="admin-search"
          placeholder={t('admin.search')}
          aria-label={t('admin.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        {inactive > 0 && (
          <label className="admin-check">
            <input
              type="checkbox"
              checked={showInactive}
              onChange={(event) => setShowInactive(event.target.checked)}
            />
            {t('admin.reps.showInactive', { count: inactive })}
          </label>
        )}
      </div>
      <table className="admin-table">
        <thead>
          <tr>
            <th>{t('admin.reps.name')}</th>
            <th>{t('admin.reps.key')}</th>
            <th>{t('admin.reps.team')}</th>
            <th>{t('admin.reps.region')}</th>
            <th>{t('admin.reps.email')}</th>
            <th>{t('admin.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((rep) => (
            <RepRow key={rep.id} rep={rep} />
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="admin-muted">{t('admin.reps.none')}</p>}
    </section>
  );
}

function RepRow({ rep }: { rep: RepView }) {
  const t = useT();
  const teams = useDirectoryStore((state) => state.teams);
  const [edit, setEdit] = useState<NewRep | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      setEdit(null);
      setConfirming(false);
    } catch (caught) {
      setError(caught);
    }
  }

  const store = useDirectoryStore.getState;
  if (edit) {
    const set = (field: keyof NewRep) => (event: { target: { value: string } }) =>
      setEdit({ ...edit, [field]: event.target.value });
    return (
      <tr className="is-editing">
        <td>
          <input aria-label={t('admin.reps.name')} value={edit.name} onChange={set('name')} />
          {fieldError(error, 'name') && <span className="field-problem">{fieldError(error, 'name')}</span>}
          <input
            type="url"
            aria-label={t('admin.reps.photo')}
            placeholder={t('admin.reps.photo')}
            value={edit.photoUrl ?? ''}
            maxLength={1000}
            onChange={set('photoUrl')}
          />
          {fieldError(error, 'photoUrl') && (
            <span className="field-problem">{fieldError(error, 'photoUrl')}</span>
          )}
          <input
            type="date"
            aria-label={t('admin.reps.startedOn')}
            value={edit.startedOn ?? ''}
            onChange={set('startedOn')}
          />
          {fieldError(error, 'startedOn') && (
            <span className="field-problem">{fieldError(error, 'startedOn')}</span>
          )}
        </td>
        <td>
          <input aria-label={t('admin.reps.key')} value={edit.key} onChange={set('key')} />
          {fieldError(error, 'key') && <span className="field-problem">{fieldError(error, 'key')}</span>}
        </td>
        <td>
          <select aria-label={t('admin.reps.team')} value={edit.teamId} onChange={set('teamId')}>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </td>
        <td>
          <input aria-label={t('admin.reps.region')} value={edit.region} onChange={set('region')} />
        </td>
        <td>
          <input aria-label={t('admin.reps.email')} value={edit.email} onChange={set('email')} />
          {fieldError(error, 'email') && <span className="field-problem">{fieldError(error, 'email')}</span>}
        </td>
        <td colSpan={2} className="admin-actions">
          <button
            type="button"
            className="admin-button"
            onClick={() => void run(() => store().updateRep(rep.id, repBody(edit, true)))}
          >
            {t('admin.save')}
          </button>
          <button type="button" className="admin-button ghost" onClick={() => setEdit(null)}>
            {t('admin.cancel')}
          </button>
          <FormError error={error} fields={REP_FIELDS} />
        </td>
      </tr>
    );
  }
  const teamName = teams.find((team) => team.id === rep.teamId)?.name ?? '—';
  return (
    <tr className={rep.active ? undefined : 'is-inactive'}>
      <td>
        <span className="admin-rep-name">
          <Avatar repId={rep.id} name={rep.name} photoUrl={rep.photoUrl} />
          {rep.name}
        </span>
      </td>
      <td>
        <code>{rep.key}</code>
      </td>
      <td>{teamName}</td>
      <td>{rep.region ?? '—'}</td>
      <td>{rep.email ?? '—'}</td>
      <td>{rep.active ? t('admin.reps.active') : t('admin.reps.inactive')}</td>
      <td className="admin-actions">
        <button
          type="button"
          className="admin-button ghost"
          onClick={() =>
            setEdit({
              key: rep.key,
              name: rep.name,
              teamId: rep.teamId ?? teams[0]?.id ?? '',
              region: rep.region ?? '',
              email: rep.email ?? '',
              photoUrl: rep.photoUrl ?? '',
              startedOn: rep.startedOn ?? '',
            })
          }
        >
          {t('admin.edit')}
        </button>
        <button
          type="button"
          className="admin-button ghost"
          onClick={() => void run(() => store().updateRep(rep.id, { active: !rep.active }))}
        >
          {rep.active ? t('admin.reps.deactivate') : t('admin.reps.activate')}
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              className="admin-button danger"
              onClick={() =>
                void run(async () => {
                  const outcome = await store().deleteRep(rep.id);
                  if (outcome === 'deactivated') setNote(t('admin.reps.keptDeactivated'));
                })
              }
            >
              {t('admin.confirmDelete')}
            </button>
            <button type="button" className="admin-button ghost" onClick={() => setConfirming(false)}>
              {t('admin.cancel')}
            </button>
          </>
        ) : (
          <button type="button" className="admin-button ghost" onClick={() => setConfirming(true)}>
            {t('admin.delete')}
          </button>
        )}
        {note && <span className="admin-note">{note}</span>}
        {error !== null && <FormError error={error} fields={[]} />}
      </td>
    </tr>
  );
}

/** The reps list: a new rep, filtering, and one row per rep. */
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../../i18n/i18n.js';
import { useDirectoryStore, type NewRep } from '../shared/directory-store.js';
import { fieldError, FormError, LabeledField, AdminTable } from '../shared/ui.js';
import { RepRow } from './rep-row.js';
import { EMPTY_REP, repBody, REP_FIELDS } from './rep-form.js';

export function RepsSection() {
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
      <AdminTable
        columns={[
          'admin.reps.name',
          'admin.reps.key',
          'admin.reps.team',
          'admin.reps.region',
          'admin.reps.email',
          'admin.status',
          '',
        ]}
      >
        {shown.map((rep) => (
          <RepRow key={rep.id} rep={rep} />
        ))}
      </AdminTable>
      {shown.length === 0 && <p className="admin-muted">{t('admin.reps.none')}</p>}
    </section>
  );
}

/** One rep: edit its fields in place, deactivate or delete it. */
import { useState } from 'react';
import { useRowAction } from './row-action.js';
import { useT } from '../../i18n/i18n.js';
import { Avatar } from '../../tv/avatar.js';
import { useDirectoryStore, type NewRep } from '../shared/directory-store.js';
import type { RepView } from '@leaderboard/contracts';
import { fieldError, FormError, ConfirmAction } from '../shared/ui.js';
import { repBody, REP_FIELDS } from './rep-form.js';

export function RepRow({ rep }: { rep: RepView }) {
  const t = useT();
  const teams = useDirectoryStore((state) => state.teams);
  const [edit, setEdit] = useState<NewRep | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const { error, run } = useRowAction(() => {
    setEdit(null);
    setConfirming(false);
  });

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
        <ConfirmAction
          confirming={confirming}
          setConfirming={setConfirming}
          label={t('admin.delete')}
          confirmLabel={t('admin.confirmDelete')}
          onConfirm={() =>
            void run(async () => {
              const outcome = await store().deleteRep(rep.id);
              if (outcome === 'deactivated') setNote(t('admin.reps.keptDeactivated'));
            })
          }
        />
        {note && <span className="admin-note">{note}</span>}
        {error !== null && <FormError error={error} fields={[]} />}
      </td>
    </tr>
  );
}

/**
 * Competitions: create a named window ("Demo week") with its own points per event type (starting
 * from the rule set in effect; caps and weights stay as there), individual or team against team;
 * the list with status and who leads or won, and the /tv parameter that shows its board.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { CompetitionMode, CompetitionView } from '@leaderboard/contracts';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../../i18n/i18n.js';
import { useOrgStore } from '../../org/org-store.js';
import { useCompetitionsStore, withPoints } from './competitions-store.js';
import {
  fieldError,
  FormError,
  LabeledField,
  useDateTime,
  LoadFailed,
  Loading,
  AdminTable,
} from '../shared/ui.js';
import { zonedToInstant } from '../shared/zoned-time.js';

export function CompetitionsTab() {
  const t = useT();
  const { competitions, loaded, loadError } = useCompetitionsStore(
    useShallow((state) => ({
      competitions: state.competitions,
      loaded: state.loaded,
      loadError: state.loadError,
    })),
  );
  useEffect(() => {
    void useCompetitionsStore.getState().load();
  }, []);
  return (
    <div className="admin-stack">
      <section className="admin-card" aria-labelledby="competitions-new">
        <h2 id="competitions-new">{t('admin.competitions.new')}</h2>
        <p className="admin-muted">{t('admin.competitions.intro')}</p>
        <NewCompetitionForm />
      </section>
      <section className="admin-card" aria-labelledby="competitions-title">
        <h2 id="competitions-title">{t('admin.competitions.title')}</h2>
        <LoadFailed message={loadError} />
        {!loaded ? (
          <Loading />
        ) : competitions.length === 0 ? (
          <p className="admin-muted">{t('admin.competitions.none')}</p>
        ) : (
          <AdminTable
            columns={[
              'admin.competitions.name',
              'admin.competitions.window',
              'admin.competitions.mode',
              'admin.status',
              'admin.competitions.standing',
              'admin.competitions.tv',
              '',
            ]}
          >
            {competitions.map((competition) => (
              <CompetitionRow key={competition.id} competition={competition} />
            ))}
          </AdminTable>
        )}
      </section>
    </div>
  );
}

function CompetitionRow({ competition }: { competition: CompetitionView }) {
  const t = useT();
  const dateTime = useDateTime();
  const [error, setError] = useState<unknown>(null);
  const names = competition.leaders.map((leader) => `${leader.name} (${leader.points})`).join(', ');
  const standing =
    competition.status === 'upcoming'
      ? ''
      : names === ''
        ? t('admin.competitions.noLeader')
        : t(competition.status === 'ended' ? 'admin.competitions.winner' : 'admin.competitions.leader', {
            name: names,
          });
  return (
    <tr data-testid={`competition-${competition.id}`}>
      <td dir="auto">{competition.name}</td>
      <td>
        {dateTime(competition.from)} – {dateTime(competition.to)}
      </td>
      <td>{t(`admin.competitions.mode.${competition.mode}`)}</td>
      <td>{t(`admin.competitions.status.${competition.status}`)}</td>
      <td dir="auto">{standing}</td>
      <td>
        <code>?scope=competition:{competition.id}</code>
      </td>
      <td>
        {competition.status === 'upcoming' && (
          <button
            type="button"
            className="admin-button ghost"
            onClick={() => {
              setError(null);
              useCompetitionsStore
                .getState()
                .remove(competition.id)
                .catch((caught: unknown) => setError(caught));
            }}
          >
            {t('admin.competitions.delete')}
          </button>
        )}
        <FormError error={error} fields={[]} />
      </td>
    </tr>
  );
}

function NewCompetitionForm() {
  const t = useT();
  const base = useCompetitionsStore((state) => state.base);
  const timeZone = useOrgStore((state) => state.timeZone);
  const [name, setName] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [mode, setMode] = useState<CompetitionMode>('individual');
  const [points, setPoints] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!base) return;
    setError(null);
    setDone(false);
    setBusy(true);
    const changed = Object.fromEntries(
      Object.entries(points)
        .filter(([, value]) => value.trim() !== '')
        .map(([type, value]) => [type, Number(value)]),
    );
    try {
      await useCompetitionsStore.getState().create({
        name: name.trim(),
        from: zonedToInstant(from, timeZone).toISOString(),
        to: zonedToInstant(to, timeZone).toISOString(),
        mode,
        ruleSet: withPoints(base, name.trim(), changed),
      });
      setName('');
      setFrom('');
      setTo('');
      setPoints({});
      setDone(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="admin-form"
      aria-label={t('admin.competitions.new')}
      onSubmit={(event) => void submit(event)}
    >
      <div className="admin-inline-form">
        <LabeledField label={t('admin.competitions.name')} error={fieldError(error, 'name')}>
          <input
            value={name}
            required
            maxLength={120}
            placeholder={t('admin.competitions.namePlaceholder')}
            onChange={(event) => setName(event.target.value)}
          />
        </LabeledField>
        <LabeledField label={t('admin.competitions.from')} error={fieldError(error, 'from')}>
          <input
            type="datetime-local"
            value={from}
            required
            onChange={(event) => setFrom(event.target.value)}
          />
        </LabeledField>
        <LabeledField label={t('admin.competitions.to')} error={fieldError(error, 'to')}>
          <input type="datetime-local" value={to} required onChange={(event) => setTo(event.target.value)} />
        </LabeledField>
        <LabeledField label={t('admin.competitions.mode')} error={fieldError(error, 'mode')}>
          <select value={mode} onChange={(event) => setMode(event.target.value as CompetitionMode)}>
            <option value="individual">{t('admin.competitions.mode.individual')}</option>
            <option value="teams">{t('admin.competitions.mode.teams')}</option>
          </select>
        </LabeledField>
      </div>
      <fieldset className="admin-fieldset">
        <legend>{t('admin.competitions.points')}</legend>
        {base ? (
          <div className="admin-inline-form">
            {Object.entries(base.rules).map(([type, rule]) => (
              <LabeledField key={type} label={type} error={fieldError(error, `ruleSet.rules.${type}.points`)}>
                <input
                  type="number"
                  step="any"
                  value={points[type] ?? String(rule.points)}
                  onChange={(event) => setPoints({ ...points, [type]: event.target.value })}
                />
              </LabeledField>
            ))}
          </div>
        ) : (
          <Loading />
        )}
      </fieldset>
      <button type="submit" className="admin-button" disabled={busy || !base}>
        {t('admin.competitions.create')}
      </button>
      {done && (
        <p className="admin-muted" role="status">
          {t('admin.competitions.created')}
        </p>
      )}
      <FormError error={error} fields={['name', 'from', 'to', 'mode']} />
    </form>
  );
}

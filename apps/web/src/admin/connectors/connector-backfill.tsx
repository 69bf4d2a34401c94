/**
 * "Import history of the last N days": starts a backfill and follows the newest job with a progress
 * bar, re-reading `GET .../jobs` every 2 s while one runs (no polling once none does).
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { ConnectorJobView } from '@leaderboard/contracts';
import { useT } from '../../i18n/i18n.js';
import { FormError, LabeledField, LoadFailed, useDateTime, fieldError } from '../shared/ui.js';
import { currentJob, useConnectorDetailStore } from './connector-detail-store.js';

export const JOB_POLL_MS = 2_000;

export function BackfillPanel() {
  const t = useT();
  const jobs = useConnectorDetailStore((state) => state.jobs);
  const loadError = useConnectorDetailStore((state) => state.errors.jobs ?? null);
  const [days, setDays] = useState('30');
  const [error, setError] = useState<unknown>(null);
  const job = currentJob(jobs);
  const running = job?.status === 'running';

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void useConnectorDetailStore.getState().loadJobs(), JOB_POLL_MS);
    return () => clearInterval(timer);
  }, [running]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await useConnectorDetailStore.getState().backfill(Number(days));
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="admin-card" aria-labelledby="connector-backfill">
      <h3 id="connector-backfill">{t('admin.connectors.backfill')}</h3>
      <form
        className="admin-inline-form"
        aria-label={t('admin.connectors.backfill')}
        onSubmit={(event) => void submit(event)}
      >
        <LabeledField label={t('admin.connectors.backfillDays')} error={fieldError(error, 'days')}>
          <input
            type="number"
            min={1}
            max={730}
            required
            value={days}
            onChange={(event) => setDays(event.target.value)}
          />
        </LabeledField>
        <button type="submit" className="admin-button" disabled={running}>
          {t('admin.connectors.backfillStart')}
        </button>
        <FormError error={error} fields={['days']} />
      </form>
      <LoadFailed message={loadError} />
      {job && <JobProgress job={job} />}
    </section>
  );
}

function JobProgress({ job }: { job: ConnectorJobView }) {
  const t = useT();
  const dateTime = useDateTime();
  const total = job.total ?? (job.status === 'running' ? null : job.fetched);
  return (
    <div className="connector-job">
      <progress
        aria-label={t('admin.connectors.jobProgress')}
        max={total ?? undefined}
        value={total === null ? undefined : job.fetched}
      />
      <p>
        {t('admin.connectors.job', {
          kind: t(job.kind === 'backfill' ? 'admin.connectors.job.backfill' : 'admin.connectors.job.catchup'),
          since: dateTime(job.since),
          fetched: job.fetched,
          total: job.total ?? t('admin.connectors.unknownTotal'),
          created: job.created,
        })}
      </p>
      {job.status === 'failed' && (
        <p className="admin-error" role="alert">
          {t('admin.connectors.jobFailed', { error: job.error ?? '' })}
        </p>
      )}
      {job.status === 'done' && (
        <p className="admin-note">{t('admin.connectors.jobDone', { time: dateTime(job.finishedAt) })}</p>
      )}
    </div>
  );
}

/**
 * The rep's own KPIs this month on /me, compact for a phone: one line per KPI with the value (or why
 * there is none), and under it the org median and the SPEC benchmark where they apply. KPIs that do
 * not apply to one rep (CAC) and points and rank (the tiles above show them) are left out.
 */
import { useEffect } from 'react';
import type { KpiEntry } from '@leaderboard/contracts';
import { useShallow } from 'zustand/react/shallow';
import { useLocale, useT } from '../i18n/i18n.js';
import { benchmarkNote, benchmarkValueText, kpiName, outcomeText } from '../kpis/kpi-format.js';
import { useMeKpisStore } from './me-kpis-store.js';
import './me-kpis.css';

/** What /me lists: what one rep can act on. */
export function shownOnMe(entry: KpiEntry): boolean {
  return entry.id !== 'leaderboard' && entry.current.reason !== 'NOT_APPLICABLE';
}

function KpiLine({ entry }: { entry: KpiEntry }) {
  const t = useT();
  const locale = useLocale();
  const { current, orgMedian, benchmark } = entry;
  const notes: string[] = [];
  if (orgMedian && orgMedian.reason !== 'NOT_APPLICABLE')
    notes.push(t('me.kpis.median', { value: outcomeText(locale, entry.id, orgMedian) }));
  if (benchmark) notes.push(t('me.kpis.benchmark', { value: benchmarkValueText(locale, benchmark) }));
  return (
    <li className="me-kpi" data-kpi={entry.id}>
      <span className="me-kpi-name">{kpiName(locale, entry.id)}</span>
      <span className={current.value === null ? 'me-kpi-value is-null' : 'me-kpi-value'}>
        {outcomeText(locale, entry.id, current)}
      </span>
      {notes.length > 0 && (
        <span className="me-kpi-notes" title={benchmark ? benchmarkNote(locale, benchmark) : undefined}>
          {notes.join(' · ')}
        </span>
      )}
    </li>
  );
}

export function MeKpis({ repId }: { repId: string }) {
  const t = useT();
  const { report, error } = useMeKpisStore(
    useShallow((state) => ({ report: state.report, error: state.error })),
  );
  useEffect(() => {
    void useMeKpisStore.getState().load(repId);
  }, [repId]);
  return (
    <section className="me-card" aria-labelledby="me-kpis-title" data-testid="kpis">
      <h2 id="me-kpis-title">{t('me.kpis.title')}</h2>
      {report ? (
        <ul className="me-kpis">
          {report.kpis.filter(shownOnMe).map((entry) => (
            <KpiLine key={entry.id} entry={entry} />
          ))}
        </ul>
      ) : (
        <p className="me-dim">{error ? t('me.kpis.error') : t('me.items.loading')}</p>
      )}
    </section>
  );
}

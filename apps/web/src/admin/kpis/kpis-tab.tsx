/**
 * The KPI catalog of SPEC 5 for a manager: pick the org, a team or a rep and a period; every KPI
 * with its value in words (or why it has none), the org median beside a rep's, the SPEC benchmark
 * where one applies, the trend of the chosen KPI as a chart; then the inputs managers enter (spend,
 * direct costs) and each rep's target beside the suggested one. Loaded lazily: recharts stays out
 * of every other bundle.
 */
import { useEffect } from 'react';
import { PERIODS, type KpiEntry, type KpiResponse, type Period } from '@leaderboard/contracts';
import { useShallow } from 'zustand/react/shallow';
import { useLocale, useT } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { formatRange } from '../../i18n/format.js';
import {
  benchmarkNote,
  benchmarkValueText,
  breakdownItemText,
  kpiName,
  outcomeText,
  reasonText,
  scalarOf,
} from '../../kpis/kpi-format.js';
import { useOrgStore } from '../../org/org-store.js';
import { useSessionStore } from '../../session/session-store.js';
import { useDirectoryStore } from '../shared/directory-store.js';
import { followKpisTab } from './follow-kpis-tab.js';
import { KpiInputsSection } from './kpi-inputs.js';
import { TargetsSection } from './kpi-targets.js';
import { KpiTrendChart } from './kpi-trend-chart.js';
import { TREND_LENGTHS, useKpisStore, type KpiScopeKey } from './kpis-store.js';
import { formatDateTime, FormError, Loading } from '../shared/ui.js';
import './kpis.css';

const PERIOD_LABEL: Record<Period, MessageKey> = {
  today: 'admin.kpis.period.today',
  week: 'admin.kpis.period.week',
  month: 'admin.kpis.period.month',
  quarter: 'admin.kpis.period.quarter',
};

function ScopePicker() {
  const t = useT();
  const scope = useKpisStore((state) => state.scope);
  const { teams, reps } = useDirectoryStore(
    useShallow((state) => ({ teams: state.teams, reps: state.reps })),
  );
  return (
    <label className="admin-field">
      <span className="admin-field-label">{t('admin.kpis.scope')}</span>
      <select
        aria-label={t('admin.kpis.scope')}
        value={scope}
        onChange={(event) => void useKpisStore.getState().setScope(event.target.value as KpiScopeKey)}
      >
        <option value="org">{t('admin.kpis.scope.org')}</option>
        {teams.length > 0 && (
          <optgroup label={t('admin.kpis.scope.teams')}>
            {teams.map((team) => (
              <option key={team.id} value={`team:${team.id}`}>
                {team.name}
              </option>
            ))}
          </optgroup>
        )}
        {reps.length > 0 && (
          <optgroup label={t('admin.kpis.scope.reps')}>
            {reps
              .filter((rep) => rep.active || scope === `rep:${rep.id}`)
              .map((rep) => (
                <option key={rep.id} value={`rep:${rep.id}`}>
                  {rep.name}
                </option>
              ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}

function Toolbar() {
  const t = useT();
  const { period, periods } = useKpisStore(
    useShallow((state) => ({ period: state.period, periods: state.periods })),
  );
  return (
    <div className="admin-toolbar kpi-toolbar">
      <ScopePicker />
      <label className="admin-field">
        <span className="admin-field-label">{t('admin.kpis.period')}</span>
        <select
          aria-label={t('admin.kpis.period')}
          value={period}
          onChange={(event) => void useKpisStore.getState().setPeriod(event.target.value as Period)}
        >
          {PERIODS.map((option) => (
            <option key={option} value={option}>
              {t(PERIOD_LABEL[option])}
            </option>
          ))}
        </select>
      </label>
      <label className="admin-field">
        <span className="admin-field-label">{t('admin.kpis.periods')}</span>
        <select
          aria-label={t('admin.kpis.periods')}
          value={periods}
          onChange={(event) => void useKpisStore.getState().setPeriods(Number(event.target.value))}
        >
          {TREND_LENGTHS.map((count) => (
            <option key={count} value={count}>
              {t('admin.kpis.periodsCount', { count })}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The current value: a figure, the groups of a breakdown, or the reason in words. */
function ValueCell({ entry }: { entry: KpiEntry }) {
  const locale = useLocale();
  const { current } = entry;
  if (current.value === null) {
    return (
      <td className="kpi-value is-null" data-reason={current.reason}>
        {reasonText(locale, entry.id, current.reason)}
      </td>
    );
  }
  if (current.value.kind === 'breakdown') {
    return (
      <td className="kpi-value">
        {current.value.items.length === 0 ? (
          <span className="is-null">{reasonText(locale, entry.id, 'NO_DATA')}</span>
        ) : (
          <ul className="kpi-breakdown">
            {current.value.items.map((item) => (
              <li key={item.key}>{breakdownItemText(locale, entry.id, item)}</li>
            ))}
          </ul>
        )}
      </td>
    );
  }
  return <td className="kpi-value num">{outcomeText(locale, entry.id, current)}</td>;
}

function KpiRow({ entry, withMedian }: { entry: KpiEntry; withMedian: boolean }) {
  const t = useT();
  const locale = useLocale();
  const selected = useKpisStore((state) => state.selected === entry.id);
  const name = kpiName(locale, entry.id);
  // Earlier periods in words, where each is one figure (breakdowns are too long for a cell).
  const scalarTrend = entry.trend.every(
    (outcome) => outcome.value === null || scalarOf(outcome.value) !== null,
  );
  return (
    <tr data-kpi={entry.id} className={selected ? 'is-selected' : undefined}>
      <th scope="row">{name}</th>
      <ValueCell entry={entry} />
      {withMedian && (
        <td className="num admin-muted">
          {entry.orgMedian ? outcomeText(locale, entry.id, entry.orgMedian) : ''}
        </td>
      )}
      <td className="kpi-benchmark">
        {entry.benchmark && (
          <span title={benchmarkNote(locale, entry.benchmark)}>
            {benchmarkValueText(locale, entry.benchmark)}
            <span className="admin-hint"> {benchmarkNote(locale, entry.benchmark)}</span>
          </span>
        )}
      </td>
      <td className="kpi-trend-cell">
        {scalarTrend && (
          <span className="kpi-trend-text admin-muted">
            {entry.trend
              .slice(0, -1)
              .map((outcome) => (outcome.value === null ? '—' : outcomeText(locale, entry.id, outcome)))
              .join(' → ')}
          </span>
        )}{' '}
        <button
          type="button"
          className="admin-button ghost small"
          aria-pressed={selected}
          aria-label={`${t('admin.kpis.showTrend')}: ${name}`}
          onClick={() => useKpisStore.getState().select(entry.id)}
        >
          {t('admin.kpis.showTrend')}
        </button>
      </td>
    </tr>
  );
}

function KpiTable({ report }: { report: KpiResponse }) {
  const t = useT();
  const withMedian = report.scope.kind === 'rep';
  return (
    <div className="kpi-scroll">
      <table className="admin-table kpi-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.kpis.kpi')}</th>
            <th scope="col">{t('admin.kpis.value')}</th>
            {withMedian && <th scope="col">{t('admin.kpis.orgMedian')}</th>}
            <th scope="col">{t('admin.kpis.benchmarkCol')}</th>
            <th scope="col">{t('admin.kpis.trend')}</th>
          </tr>
        </thead>
        <tbody>
          {report.kpis.map((entry) => (
            <KpiRow key={entry.id} entry={entry} withMedian={withMedian} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Catalog() {
  const t = useT();
  const locale = useLocale();
  const timeZone = useOrgStore((state) => state.timeZone);
  const { report, loading, loadError, selected } = useKpisStore(
    useShallow((state) => ({
      report: state.report,
      loading: state.loading,
      loadError: state.loadError,
      selected: state.selected,
    })),
  );
  const current = report?.periods.at(-1);
  const entry = report?.kpis.find((kpi) => kpi.id === selected) ?? report?.kpis[0];
  return (
    <section className="admin-card" aria-labelledby="kpis-title">
      <h2 id="kpis-title">{t('admin.kpis.title')}</h2>
      <Toolbar />
      <FormError error={loadError} fields={[]} />
      {report && current && (
        <p className="admin-muted kpi-as-of">
          {t('admin.kpis.asOf', {
            time: formatDateTime(locale, report.asOf, timeZone),
            range: formatRange(
              locale,
              current.from,
              current.to,
              timeZone,
              report.period === 'today' ? 'day' : report.period === 'month' ? 'month' : 'range',
            ),
          })}
        </p>
      )}
      {report && entry && <KpiTrendChart report={report} entry={entry} />}
      {report && <KpiTable report={report} />}
      {loading && !report && <Loading />}
    </section>
  );
}

export function KpisTab() {
  const token = useSessionStore((state) => state.token);
  useEffect(() => {
    void useDirectoryStore.getState().load(false);
    void useKpisStore.getState().load();
  }, []);
  // Live: read again when the KPIs of the scope shown change (issue 16).
  useEffect(() => (token ? followKpisTab({ token }) : undefined), [token]);
  return (
    <div className="kpi-tab">
      <Catalog />
      <div className="kpi-inputs-columns">
        <KpiInputsSection />
        <TargetsSection />
      </div>
    </div>
  );
}

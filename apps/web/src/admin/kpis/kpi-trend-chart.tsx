/**
 * The trend of one KPI over the periods of the answer, drawn with recharts: one point per period
 * (a gap where the KPI has no value), the SPEC benchmark as a dashed line where one applies. Axis
 * ticks and the tooltip read like the table (money in its currency, basis points as percentages).
 */
import type { KpiEntry, KpiResponse, KpiValue } from '@leaderboard/contracts';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { useLocale, useT } from '../../i18n/i18n.js';
import {
  benchmarkValueText,
  formatKpiValue,
  kpiName,
  periodLabel,
  scalarOf,
  withScalar,
} from '../../kpis/kpi-format.js';
import { useOrgStore } from '../../org/org-store.js';

export interface TrendPoint {
  label: string;
  value: number | null;
}

/** Values of the same kind (and currency) as the newest one with a figure; null: nothing to chart. */
export function trendSeries(
  entry: KpiEntry,
  labels: readonly string[],
): { like: KpiValue; points: TrendPoint[] } | null {
  const like = [...entry.trend].reverse().find((outcome) => scalarOf(outcome.value) !== null)?.value ?? null;
  if (like === null) return null;
  const points = entry.trend.map((outcome, index) => {
    const value = outcome.value;
    const comparable =
      value !== null &&
      value.kind === like.kind &&
      (value.kind !== 'money' || like.kind !== 'money' || value.currency === like.currency);
    return { label: labels[index] ?? String(index), value: comparable ? scalarOf(value) : null };
  });
  return { like, points };
}

export function KpiTrendChart({ report, entry }: { report: KpiResponse; entry: KpiEntry }) {
  const t = useT();
  const locale = useLocale();
  const timeZone = useOrgStore((state) => state.timeZone);
  const name = kpiName(locale, entry.id);
  const labels = report.periods.map((view) => periodLabel(locale, report.period, view, timeZone));
  const series = trendSeries(entry, labels);
  if (series === null) {
    return (
      <figure className="kpi-chart" aria-label={name} data-kpi={entry.id}>
        <figcaption>{name}</figcaption>
        <p className="admin-muted">{t('admin.kpis.chartNone')}</p>
      </figure>
    );
  }
  const { like, points } = series;
  const show = (scalar: number): string => {
    const value = withScalar(like, scalar);
    return value === null ? String(scalar) : formatKpiValue(locale, value);
  };
  const benchmark = entry.benchmark;
  const benchmarkScalar = benchmark && benchmark.value.kind === like.kind ? scalarOf(benchmark.value) : null;
  return (
    <figure className="kpi-chart" aria-label={name} data-kpi={entry.id}>
      <figcaption>{t('admin.kpis.chart', { name, count: points.length })}</figcaption>
      <LineChart
        width={680}
        height={240}
        data={points}
        margin={{ top: 12, right: 24, bottom: 4, left: 8 }}
        accessibilityLayer
      >
        <CartesianGrid strokeDasharray="3 3" stroke="var(--line)" />
        <XAxis dataKey="label" stroke="var(--muted)" tick={{ fontSize: 12 }} />
        <YAxis
          stroke="var(--muted)"
          tick={{ fontSize: 12 }}
          width={96}
          tickFormatter={(scalar: number) => show(scalar)}
          domain={benchmarkScalar === null ? ['auto', 'auto'] : [0, 'auto']}
        />
        <Tooltip
          formatter={(scalar) => [typeof scalar === 'number' ? show(scalar) : '—', name]}
          contentStyle={{ background: 'var(--panel)', border: '1px solid var(--line)' }}
        />
        {benchmark && benchmarkScalar !== null && (
          <ReferenceLine
            y={benchmarkScalar}
            stroke="#4dabf7"
            strokeDasharray="6 4"
            ifOverflow="extendDomain"
            label={{
              value: benchmarkValueText(locale, benchmark),
              position: 'insideTopRight',
              fill: '#4dabf7',
              fontSize: 12,
            }}
          />
        )}
        <Line
          type="monotone"
          dataKey="value"
          name={name}
          stroke="var(--accent)"
          strokeWidth={2}
          dot={{ r: 3 }}
          connectNulls={false}
          isAnimationActive={false}
        />
      </LineChart>
    </figure>
  );
}

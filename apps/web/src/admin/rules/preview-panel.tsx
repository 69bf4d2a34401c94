/** What-if: the open rule set replayed over past weeks beside the one in effect, rep by rep. */
import { useState } from 'react';
import type { PreviewFigures, PreviewResponse } from '@leaderboard/contracts';
import { useShallow } from 'zustand/react/shallow';
import { useLocale, useT } from '../../i18n/i18n.js';
import { formatMoney, formatPoints } from '../../i18n/format.js';
import { useOrgStore } from '../../org/org-store.js';
import { addDays, zonedDate, zonedToInstant } from '../shared/zoned-time.js';
import { useRulesStore } from './rules-store.js';

/** The last 4 weeks up to the end of today, as dates of the org's calendar. */
export function defaultWindow(timeZone: string, now = new Date()): { from: string; to: string } {
  const today = zonedDate(now, timeZone);
  return { from: addDays(today, -27), to: today };
}

/** Midnight of `from` .. midnight after `to` in the org's time zone, as ISO instants. */
export function windowInstants(from: string, to: string, timeZone: string): { from: string; to: string } {
  return {
    from: zonedToInstant(from, timeZone).toISOString(),
    to: zonedToInstant(addDays(to, 1), timeZone).toISOString(),
  };
}

export function PreviewPanel() {
  const t = useT();
  const { preview, busy, problems, jsonError } = useRulesStore(
    useShallow((state) => ({
      preview: state.preview,
      busy: state.busy,
      problems: state.problems,
      jsonError: state.jsonError,
    })),
  );
  const timeZone = useOrgStore((state) => state.timeZone);
  const [range, setRange] = useState(() => defaultWindow(timeZone));
  return (
    <section className="admin-card admin-preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('admin.preview.title')}</h2>
      <p className="admin-muted">{t('admin.preview.hint')}</p>
      <div className="admin-inline-form">
        <label className="admin-field">
          <span className="admin-field-label">{t('admin.preview.from')}</span>
          <input
            type="date"
            value={range.from}
            max={range.to}
            onChange={(e) => setRange({ ...range, from: e.target.value })}
          />
        </label>
        <label className="admin-field">
          <span className="admin-field-label">{t('admin.preview.to')}</span>
          <input
            type="date"
            value={range.to}
            min={range.from}
            onChange={(e) => setRange({ ...range, to: e.target.value })}
          />
        </label>
        <button
          type="button"
          className="admin-button"
          disabled={busy !== null || problems.length > 0 || jsonError !== null || !range.from || !range.to}
          onClick={() => {
            const window = windowInstants(range.from, range.to, timeZone);
            void useRulesStore.getState().runPreview(window.from, window.to);
          }}
        >
          {busy === 'preview' ? t('admin.preview.running') : t('admin.preview.run')}
        </button>
        <span className="admin-hint">{timeZone}</span>
      </div>
      {preview && <PreviewTable preview={preview} />}
    </section>
  );
}

function changed(now: PreviewFigures, draft: PreviewFigures): boolean {
  return (
    now.points !== draft.points ||
    now.rank !== draft.rank ||
    now.tier !== draft.tier ||
    now.payout !== draft.payout
  );
}

function Delta({
  value,
  format,
  rank,
}: {
  value: number;
  format: (n: number) => string;
  /** A rank goes up when its number goes down: ▲2. */
  rank?: boolean;
}) {
  if (value === 0) return null;
  const good = rank ? value < 0 : value > 0;
  const sign = rank ? (value < 0 ? '▲' : '▼') : value > 0 ? '+' : '−';
  return (
    <span className={`admin-delta ${good ? 'up' : 'down'}`}>
      {sign}
      {format(Math.abs(value))}
    </span>
  );
}

export function PreviewTable({ preview }: { preview: PreviewResponse }) {
  const t = useT();
  const locale = useLocale();
  const money = (minor: number) => formatMoney(locale, minor, preview.currency);
  const points = (n: number) => formatPoints(locale, n);
  const rows = [...preview.rows].sort((a, b) => a.draft.rank - b.draft.rank || a.name.localeCompare(b.name));
  const totalNow = rows.reduce((sum, row) => sum + row.now.payout, 0);
  const totalDraft = rows.reduce((sum, row) => sum + row.draft.payout, 0);
  const tierChanges = rows.filter((row) => row.now.tier !== row.draft.tier).length;
  const cell = (differs: boolean) => (differs ? 'is-changed' : undefined);
  return (
    <>
      <p className="admin-preview-summary" role="status">
        {t('admin.preview.summary', {
          count: rows.filter((row) => changed(row.now, row.draft)).length,
          tiers: tierChanges,
          now: money(totalNow),
          draft: money(totalDraft),
        })}
      </p>
      <table className="admin-table admin-preview-table">
        <thead>
          <tr>
            <th>{t('admin.preview.rep')}</th>
            <th className="num">{t('admin.preview.points')}</th>
            <th className="num">{t('admin.preview.rank')}</th>
            <th>{t('admin.preview.tier')}</th>
            <th className="num">{t('admin.preview.payout')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.repId} className={changed(row.now, row.draft) ? 'has-change' : undefined}>
              <td>{row.name}</td>
              <td className={`num ${cell(row.now.points !== row.draft.points) ?? ''}`}>
                <span className="admin-muted">{points(row.now.points)} → </span>
                {points(row.draft.points)} <Delta value={row.draft.points - row.now.points} format={points} />
              </td>
              <td className={`num ${cell(row.now.rank !== row.draft.rank) ?? ''}`}>
                <span className="admin-muted">{row.now.rank} → </span>
                {row.draft.rank} <Delta value={row.draft.rank - row.now.rank} format={String} rank />
              </td>
              <td className={cell(row.now.tier !== row.draft.tier)}>
                <span className="admin-muted">{row.now.tier ?? '—'} → </span>
                {row.draft.tier ?? '—'}
              </td>
              <td className={`num ${cell(row.now.payout !== row.draft.payout) ?? ''}`}>
                <span className="admin-muted">{money(row.now.payout)} → </span>
                {money(row.draft.payout)} <Delta value={row.draft.payout - row.now.payout} format={money} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="admin-muted">{t('admin.preview.empty')}</p>}
    </>
  );
}

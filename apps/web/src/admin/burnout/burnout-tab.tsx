/**
 * The burnout guard: flagged reps first with the reason in words ("5 days in a row at the calls
 * cap"), then everyone, each with a compact grid of the last two weeks (cap reached, after hours).
 */
import { useEffect } from 'react';
import type { BurnoutDay, BurnoutFlag, BurnoutRep } from '@leaderboard/contracts';
import { useShallow } from 'zustand/react/shallow';
import { useLocale, useT, type Locale, type Translate } from '../../i18n/i18n.js';
import { cached, formatPoints } from '../../i18n/format.js';
import { useBurnoutStore } from './burnout-store.js';
import { FormError, Loading } from '../shared/ui.js';
import './burnout.css';

/** One flag in words. */
export function flagText(t: Translate, flag: BurnoutFlag): string {
  if (flag.kind === 'after_hours_streak') return t('admin.burnout.flag.afterHours', { count: flag.days });
  return flag.category === null
    ? t('admin.burnout.flag.anyCap', { count: flag.days })
    : t('admin.burnout.flag.cap', { count: flag.days, category: flag.category });
}

/** `2026-11-16` -> "Mon 16" in the UI's language (the key is already a local date). */
function dayLabel(locale: Locale, day: string): { weekday: string; date: string } {
  const instant = new Date(`${day}T12:00:00Z`);
  const weekday = cached(
    `bw:${locale}`,
    () => new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }),
  ).format(instant);
  const date = cached(
    `bd:${locale}`,
    () => new Intl.DateTimeFormat(locale, { day: 'numeric', timeZone: 'UTC' }),
  ).format(instant);
  return { weekday, date };
}

/** What one cell says when hovered or read by a screen reader. */
function cellTitle(t: Translate, locale: Locale, day: BurnoutDay): string {
  const parts = [day.day];
  if (!day.workingDay) parts.push(t('admin.burnout.dayOff'));
  for (const cap of day.caps)
    parts.push(
      t('admin.burnout.capUsage', {
        category: cap.category,
        used: formatPoints(locale, cap.usedMilliPoints / 1000),
        cap: formatPoints(locale, cap.capMilliPoints / 1000),
      }) + (cap.reached ? ` (${t('admin.burnout.reached')})` : ''),
    );
  if (day.afterHoursEvents > 0)
    parts.push(
      t('admin.burnout.afterHoursUsage', { count: day.afterHoursEvents, hours: day.afterHoursHours }),
    );
  return parts.join('; ');
}

function DayCell({ day }: { day: BurnoutDay }) {
  const t = useT();
  const locale = useLocale();
  const classes = ['burnout-cell'];
  if (!day.workingDay) classes.push('is-off');
  if (day.capReached) classes.push('is-capped');
  if (day.afterHoursEvents > 0) classes.push('is-late');
  const title = cellTitle(t, locale, day);
  return (
    <td className={classes.join(' ')} title={title} aria-label={title}>
      {day.capReached && <span className="burnout-mark cap">●</span>}
      {day.afterHoursEvents > 0 && <span className="burnout-mark late">{day.afterHoursHours}h</span>}
    </td>
  );
}

function RepRow({ rep }: { rep: BurnoutRep }) {
  const t = useT();
  return (
    <tr className={rep.flagged ? 'is-flagged' : undefined} data-rep={rep.repId}>
      <th scope="row" className="burnout-name">
        <span>{rep.name}</span>
        {rep.flagged ? (
          <ul className="burnout-reasons">
            {rep.flags.map((flag) => (
              <li key={flag.kind + (flag.kind === 'cap_streak' ? String(flag.category) : '')}>
                {flagText(t, flag)}
              </li>
            ))}
          </ul>
        ) : (
          <span className="admin-muted burnout-ok">{t('admin.burnout.ok')}</span>
        )}
      </th>
      {rep.days.map((day) => (
        <DayCell key={day.day} day={day} />
      ))}
    </tr>
  );
}

export function BurnoutTab() {
  const t = useT();
  const locale = useLocale();
  const { report, loading, loadError } = useBurnoutStore(
    useShallow((state) => ({ report: state.report, loading: state.loading, loadError: state.loadError })),
  );
  useEffect(() => {
    void useBurnoutStore.getState().load();
  }, []);

  const flagged = report?.reps.filter((rep) => rep.flagged).length ?? 0;
  const days = report?.reps[0]?.days ?? [];
  return (
    <section className="admin-card" aria-labelledby="burnout-title">
      <h2 id="burnout-title">{t('admin.burnout.title')}</h2>
      {report && (
        <p className="admin-muted">
          {t('admin.burnout.rule', {
            cap: report.thresholds.capStreakDays,
            late: report.thresholds.afterHoursStreakDays,
          })}
        </p>
      )}
      <FormError error={loadError} fields={[]} />
      {report && (
        <p className="burnout-summary" role="status">
          {flagged > 0 ? t('admin.burnout.flaggedCount', { count: flagged }) : t('admin.burnout.noneFlagged')}
        </p>
      )}
      {report && report.reps.length > 0 && (
        <div className="burnout-scroll">
          <table className="admin-table burnout-grid">
            <thead>
              <tr>
                <th scope="col">{t('admin.burnout.rep')}</th>
                {days.map((day) => {
                  const label = dayLabel(locale, day.day);
                  return (
                    <th scope="col" key={day.day} className={day.workingDay ? undefined : 'is-off'}>
                      <span className="burnout-weekday">{label.weekday}</span> {label.date}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {report.reps.map((rep) => (
                <RepRow key={rep.repId} rep={rep} />
              ))}
            </tbody>
          </table>
          <p className="admin-muted burnout-legend">
            <span className="burnout-mark cap">●</span> {t('admin.burnout.legend.cap')}{' '}
            <span className="burnout-mark late">1h</span> {t('admin.burnout.legend.late')}
          </p>
        </div>
      )}
      {report && report.reps.length === 0 && <p className="admin-muted">{t('admin.burnout.empty')}</p>}
      {loading && <Loading />}
    </section>
  );
}

/**
 * Rules: open the version in effect or a draft, edit it as a form or as JSON (the same document),
 * see the validator's problems while typing, save a draft, preview it against past weeks and
 * publish it from a date.
 */
import { useEffect, useMemo, useState } from 'react';
import type { PreviewFigures, PreviewResponse, RuleSetView } from '@leaderboard/contracts';
import { useShallow } from 'zustand/react/shallow';
import { useLocale, useT } from '../../i18n/i18n.js';
import { formatMoney, formatPoints } from '../../i18n/format.js';
import { useOrgStore } from '../../org/org-store.js';
import { formShowsAll } from './rule-set-form.js';
import { fieldPaths, localProblems, placeProblems } from './rule-set-problems.js';
import { inEffect, useRulesStore } from './rules-store.js';
import { RuleSetFields } from './rule-set-fields.js';
import { FormError, useDateTime } from '../shared/ui.js';
import { ProblemsContext, ProblemText } from './field-problems.js';
import { addDays, zonedDate, zonedDateTime, zonedToInstant } from '../shared/zoned-time.js';

export function RulesTab() {
  const t = useT();
  const { loaded, loadError, selectedId } = useRulesStore(
    useShallow((state) => ({
      loaded: state.loaded,
      loadError: state.loadError,
      selectedId: state.selectedId,
    })),
  );
  useEffect(() => {
    void useRulesStore.getState().load();
  }, []);
  if (!loaded) return <p className="admin-muted">{t('admin.loading')}</p>;
  if (loadError) return <FormError error={new Error(loadError)} fields={[]} />;
  if (selectedId === null) return <p className="admin-muted">{t('admin.rules.none')}</p>;
  return (
    <div className="admin-rules">
      <EditorBar />
      <Editor />
      <div className="admin-columns">
        <PreviewPanel />
        <PublishPanel />
      </div>
    </div>
  );
}

const DONE = {
  saved: 'admin.rules.done.saved',
  published: 'admin.rules.done.published',
  deleted: 'admin.rules.done.deleted',
} as const;

function versionLabel(
  ruleSet: RuleSetView,
  current: RuleSetView | undefined,
  t: ReturnType<typeof useT>,
  dateTime: (instant: string | null) => string,
): string {
  if (ruleSet.status === 'draft') {
    return t('admin.rules.draftLabel', {
      name: ruleSet.document.name ?? '',
      time: dateTime(ruleSet.createdAt),
    });
  }
  const key = ruleSet.id === current?.id ? 'admin.rules.inEffectLabel' : 'admin.rules.versionLabel';
  // The first version of an org is effective from the beginning of time (SPEC 4a).
  const fromStart = ruleSet.effectiveFrom !== null && Date.parse(ruleSet.effectiveFrom) <= 0;
  return t(key, {
    version: ruleSet.version ?? '',
    time: fromStart ? t('admin.rules.fromStart') : dateTime(ruleSet.effectiveFrom),
  });
}

function EditorBar() {
  const t = useT();
  const dateTime = useDateTime();
  const { ruleSets, selectedId, dirty, busy, done, mode, problems, validating, jsonError } = useRulesStore(
    useShallow((state) => ({
      ruleSets: state.ruleSets,
      selectedId: state.selectedId,
      dirty: state.dirty,
      busy: state.busy,
      done: state.done,
      mode: state.mode,
      problems: state.problems,
      validating: state.validating,
      jsonError: state.jsonError,
    })),
  );
  const store = useRulesStore.getState;
  const current = inEffect(ruleSets);
  const selected = ruleSets.find((ruleSet) => ruleSet.id === selectedId);
  const isDraft = selected?.status === 'draft';
  const status = jsonError
    ? t('admin.rules.jsonBroken')
    : validating
      ? t('admin.rules.checking')
      : problems.length > 0
        ? t('admin.rules.problems', { count: problems.length })
        : t('admin.rules.valid');
  return (
    <div className="admin-editor-bar">
      <label className="admin-field">
        <span className="admin-field-label">{t('admin.rules.version')}</span>
        <select
          value={selectedId ?? ''}
          onChange={(event) => {
            if (!dirty || window.confirm(t('admin.rules.discard'))) store().select(event.target.value);
          }}
        >
          {ruleSets.map((ruleSet) => (
            <option key={ruleSet.id} value={ruleSet.id}>
              {versionLabel(ruleSet, current, t, dateTime)}
            </option>
          ))}
        </select>
      </label>
      <div className="admin-segmented" role="group" aria-label={t('admin.rules.view')}>
        <button type="button" aria-pressed={mode === 'form'} onClick={() => store().setMode('form')}>
          {t('admin.rules.formMode')}
        </button>
        <button type="button" aria-pressed={mode === 'json'} onClick={() => store().setMode('json')}>
          JSON
        </button>
      </div>
      <span
        className={`admin-status ${jsonError || problems.length > 0 ? 'bad' : validating ? '' : 'good'}`}
        role="status"
      >
        {status}
      </span>
      <span className="admin-grow" />
      {done && <span className="admin-note">{t(DONE[done])}</span>}
      {dirty && <span className="admin-muted">{t('admin.rules.unsaved')}</span>}
      {isDraft && (
        <button
          type="button"
          className="admin-button ghost"
          disabled={busy !== null}
          onClick={() => void store().deleteDraft()}
        >
          {t('admin.rules.deleteDraft')}
        </button>
      )}
      <button
        type="button"
        className="admin-button"
        disabled={busy !== null || jsonError !== null || (!dirty && isDraft)}
        onClick={() => void store().save()}
      >
        {isDraft ? t('admin.rules.saveDraft') : t('admin.rules.saveAsDraft')}
      </button>
    </div>
  );
}

function Editor() {
  const t = useT();
  const { form, mode, problems, jsonText, jsonError, actionError, document, ruleSets, selectedId } =
    useRulesStore(
      useShallow((state) => ({
        form: state.form,
        mode: state.mode,
        problems: state.problems,
        jsonText: state.jsonText,
        jsonError: state.jsonError,
        actionError: state.actionError,
        document: state.document,
        ruleSets: state.ruleSets,
        selectedId: state.selectedId,
      })),
    );
  const placed = useMemo(() => {
    const local = localProblems(form);
    const localPaths = new Set(local.map((problem) => problem.path));
    // A local complaint says it better than the validator's "must be a number" at the same path.
    const all = [...local, ...problems.filter((problem) => !localPaths.has(problem.path))];
    return { all, ...placeProblems(all, fieldPaths(form)) };
  }, [form, problems]);
  const published = ruleSets.find((ruleSet) => ruleSet.id === selectedId)?.status === 'published';
  const complete = useMemo(() => formShowsAll(document), [document]);

  return (
    <div className="admin-card admin-editor">
      {actionError && (
        <div className="admin-error" role="alert">
          <p>{actionError.message}</p>
        </div>
      )}
      {published && <p className="admin-muted">{t('admin.rules.publishedHint')}</p>}
      {mode === 'form' ? (
        <>
          {!complete && <p className="admin-warning">{t('admin.rules.formIncomplete')}</p>}
          {placed.unplaced.length > 0 && (
            <ul className="admin-problems" aria-label={t('admin.rules.problemsTitle')}>
              {placed.unplaced.map((problem, index) => (
                <li key={index}>
                  <code>{problem.path || '/'}</code>: <ProblemText problem={problem} />
                </li>
              ))}
            </ul>
          )}
          <ProblemsContext.Provider value={placed.byField}>
            <RuleSetFields readOnly={false} />
          </ProblemsContext.Provider>
        </>
      ) : (
        <div className="admin-json">
          <textarea
            aria-label={t('admin.rules.jsonLabel')}
            spellCheck={false}
            value={jsonText}
            aria-invalid={jsonError !== null || problems.length > 0 || undefined}
            onChange={(event) => useRulesStore.getState().editJson(event.target.value)}
          />
          <div className="admin-json-side">
            {jsonError && (
              <p className="admin-error" role="alert">
                {t('admin.rules.jsonError', { message: jsonError })}
              </p>
            )}
            {placed.all.length > 0 ? (
              <ul className="admin-problems" aria-label={t('admin.rules.problemsTitle')}>
                {placed.all.map((problem, index) => (
                  <li key={index}>
                    <code>{problem.path || '/'}</code>: <ProblemText problem={problem} />
                  </li>
                ))}
              </ul>
            ) : (
              !jsonError && <p className="admin-muted">{t('admin.rules.noProblems')}</p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

// ---- preview ----------------------------------------------------------------------------------

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

function PreviewPanel() {
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

// ---- publish ----------------------------------------------------------------------------------

function PublishPanel() {
  const t = useT();
  const dateTime = useDateTime();
  const { busy, problems, jsonError, selected, dirty } = useRulesStore(
    useShallow((state) => ({
      busy: state.busy,
      problems: state.problems,
      jsonError: state.jsonError,
      selected: state.ruleSets.find((ruleSet) => ruleSet.id === state.selectedId),
      dirty: state.dirty,
    })),
  );
  const timeZone = useOrgStore((state) => state.timeZone);
  const [when, setWhen] = useState(() => zonedDateTime(new Date(), timeZone));
  const [confirming, setConfirming] = useState(false);
  const instant = when ? zonedToInstant(when, timeZone) : new Date(NaN);
  const valid = !Number.isNaN(instant.getTime());
  // A minute of slack: "now" typed a moment ago is not the past.
  const inPast = valid && instant.getTime() < Date.now() - 60_000;
  const canPublish =
    (selected?.status === 'draft' || dirty) && problems.length === 0 && jsonError === null && valid;
  return (
    <section className="admin-card admin-publish" aria-labelledby="publish-title">
      <h2 id="publish-title">{t('admin.publish.title')}</h2>
      <label className="admin-field">
        <span className="admin-field-label">{t('admin.publish.effectiveFrom')}</span>
        <input
          type="datetime-local"
          value={when}
          onChange={(event) => {
            setWhen(event.target.value);
            setConfirming(false);
          }}
        />
      </label>
      <span className="admin-hint">{timeZone}</span>
      <button
        type="button"
        className="admin-button ghost small"
        onClick={() => setWhen(zonedDateTime(new Date(), timeZone))}
      >
        {t('admin.publish.now')}
      </button>
      {inPast && (
        <p className="admin-warning" role="alert">
          {t('admin.publish.pastWarning', { time: dateTime(instant.toISOString()) })}
        </p>
      )}
      {!canPublish && selected?.status === 'published' && !dirty && (
        <p className="admin-muted">{t('admin.publish.alreadyPublished')}</p>
      )}
      {confirming ? (
        <div className="admin-confirm">
          <p>{t('admin.publish.confirm', { time: dateTime(instant.toISOString()) })}</p>
          <button
            type="button"
            className="admin-button danger"
            disabled={busy !== null}
            onClick={() => {
              void useRulesStore
                .getState()
                .publish(instant.toISOString())
                .then(() => setConfirming(false));
            }}
          >
            {t('admin.publish.confirmButton')}
          </button>
          <button type="button" className="admin-button ghost" onClick={() => setConfirming(false)}>
            {t('admin.cancel')}
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="admin-button"
          disabled={!canPublish || busy !== null}
          onClick={() => setConfirming(true)}
        >
          {t('admin.publish.button')}
        </button>
      )}
    </section>
  );
}

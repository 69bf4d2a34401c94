/**
 * Rules: open the version in effect or a draft, edit it as a form or as JSON (the same document),
 * see the validator's problems while typing, save a draft, preview it against past weeks and
 * publish it from a date.
 */
import { useEffect } from 'react';
import type { RuleSetView } from '@leaderboard/contracts';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../../i18n/i18n.js';
import { useDateTime, LoadFailed, Loading } from '../shared/ui.js';
import { PreviewPanel } from './preview-panel.js';
import { PublishPanel } from './publish-panel.js';
import { RuleSetEditor } from './rule-set-editor.js';
import { inEffect, useRulesStore } from './rules-store.js';

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
  if (!loaded) return <Loading />;
  if (loadError) return <LoadFailed message={loadError} />;
  if (selectedId === null) return <p className="admin-muted">{t('admin.rules.none')}</p>;
  return (
    <div className="admin-rules">
      <EditorBar />
      <RuleSetEditor />
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

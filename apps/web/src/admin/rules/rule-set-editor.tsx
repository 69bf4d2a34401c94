/** The open rule set as a form or as JSON, with the problems the form and the validator found. */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../../i18n/i18n.js';
import { ProblemsContext, ProblemText } from './field-problems.js';
import { RuleSetFields } from './rule-set-fields.js';
import { formShowsAll } from './rule-set-form.js';
import { fieldPaths, localProblems, placeProblems } from './rule-set-problems.js';
import { useRulesStore } from './rules-store.js';

export function RuleSetEditor() {
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

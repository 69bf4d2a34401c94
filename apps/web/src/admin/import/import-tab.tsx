/**
 * Import: a CSV file of events, previewed (detected delimiter, columns, first rows), uploaded whole
 * to `POST /api/events/import`, then the counts or every problem by row (nothing stored); the
 * columns explained and an example file to start from.
 */
import { EVENT_IMPORT_COLUMNS, KNOWN_EVENT_ATTRIBUTES } from '@leaderboard/contracts';
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLocale, useT } from '../../i18n/i18n.js';
import { AdminTable } from '../shared/ui.js';
import { exampleHref } from './example-csv.js';
import { localizeProblem } from './import-messages.js';
import { resetImport, useImportStore, type ImportProblem } from './import-store.js';
import './import-tab.css';

const KNOWN = new Set<string>(
  [...EVENT_IMPORT_COLUMNS, ...KNOWN_EVENT_ATTRIBUTES].map((name) => name.toLowerCase()),
);
const isKnownColumn = (name: string) => KNOWN.has(name.toLowerCase()) || /^attributes\..+/.test(name);

export function ImportTab() {
  const t = useT();
  useEffect(() => resetImport, []);
  return (
    <div className="admin-stack">
      <section className="admin-card" aria-labelledby="import-title">
        <h2 id="import-title">{t('admin.import.title')}</h2>
        <p className="admin-muted">{t('admin.import.intro')}</p>
        <p className="admin-muted">{t('admin.import.limits')}</p>
        <FilePicker />
        <Preview />
        <Outcome />
      </section>
      <ColumnsHelp />
    </div>
  );
}

function FilePicker() {
  const t = useT();
  const { file, uploading } = useImportStore(
    useShallow((state) => ({ file: state.file, uploading: state.uploading })),
  );
  return (
    <div className="admin-inline-form import-file">
      {/* The browser's own "Choose File" speaks the browser's language, not the console's: our words
          on a button, the input itself hidden under it. */}
      <label className="import-choose">
        <span className="admin-field-label">{t('admin.import.file')}</span>
        <span className="import-choose-row">
          <input
            type="file"
            accept=".csv,text/csv"
            aria-label={t('admin.import.file')}
            onChange={(event) => void useImportStore.getState().choose(event.target.files?.[0] ?? null)}
          />
          <span className="admin-button ghost" aria-hidden="true">
            {t('admin.import.choose')}
          </span>
          <span className="import-file-name">{file?.name ?? t('admin.import.noFile')}</span>
        </span>
      </label>
      <button
        type="button"
        className="admin-button"
        disabled={file === null || uploading}
        onClick={() => void useImportStore.getState().upload()}
      >
        {t(uploading ? 'admin.import.uploading' : 'admin.import.upload')}
      </button>
    </div>
  );
}

function Preview() {
  const t = useT();
  const preview = useImportStore((state) => state.preview);
  if (preview === null) return null;
  return (
    <div className="import-preview">
      <p>{t('admin.import.detected', { delimiter: preview.delimiter, count: preview.columns.length })}</p>
      <table className="admin-table" aria-label={t('admin.import.file')}>
        <thead>
          <tr>
            {preview.columns.map((name, index) =>
              isKnownColumn(name) ? (
                <th key={index}>{name}</th>
              ) : (
                <th key={index} className="is-unknown" title={t('admin.import.unknown')}>
                  {name}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row, index) => (
            <tr key={index}>
              {preview.columns.map((_, column) => (
                <td key={column} title={row[column] ?? ''}>
                  {row[column] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {preview.rows.length === 0 && <p className="admin-muted">{t('admin.import.noRows')}</p>}
    </div>
  );
}

function Outcome() {
  const t = useT();
  const { result, refusal } = useImportStore(
    useShallow((state) => ({ result: state.result, refusal: state.refusal })),
  );
  if (result !== null) {
    return (
      <p className="admin-note" role="status">
        {t('admin.import.done', { ...result })}
      </p>
    );
  }
  if (refusal === null) return null;
  const rows = refusal.problems.filter((problem) => problem.row !== null);
  const more = refusal.problems.filter((problem) => problem.row === null);
  const summary =
    refusal.status === 413
      ? t('admin.import.tooLarge')
      : refusal.status === 403
        ? t('admin.import.forbidden')
        : rows.length > 0
          ? t('admin.import.refused', { count: rows.length + extraCount(more) })
          : refusal.message;
  return (
    <div className="import-outcome">
      <div className="admin-error" role="alert">
        {summary}
      </div>
      {rows.length > 0 && (
        <div className="import-problems" tabIndex={0} aria-label={t('admin.import.problem')}>
          <AdminTable columns={['admin.import.row', 'admin.import.column', 'admin.import.problem']}>
            {rows.map((problem, index) => (
              <ProblemRow key={index} problem={problem} />
            ))}
          </AdminTable>
        </div>
      )}
      {more.map((problem, index) => (
        <p key={index} className="admin-muted">
          {localizeProblem(problem.message, t)}
        </p>
      ))}
    </div>
  );
}

/** The problems the server counted but did not list (`{ path: "rows", message: "N more..." }`). */
function extraCount(more: ImportProblem[]): number {
  return more.reduce((sum, problem) => sum + (Number(/^(\d+) more/.exec(problem.message)?.[1]) || 0), 0);
}

function ProblemRow({ problem }: { problem: ImportProblem }) {
  const t = useT();
  return (
    <tr>
      <td className="num">{problem.row}</td>
      <td>{problem.column ?? ''}</td>
      <td title={problem.message}>{localizeProblem(problem.message, t)}</td>
    </tr>
  );
}

function ColumnsHelp() {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="admin-card" aria-labelledby="import-columns-title">
      <h2 id="import-columns-title">{t('admin.import.columnsTitle')}</h2>
      <p className="admin-muted">{t('admin.import.columnsIntro')}</p>
      <ul className="import-columns">
        <li>{t('admin.import.col.required')}</li>
        <li>{t('admin.import.col.externalId')}</li>
        <li>{t('admin.import.col.type')}</li>
        <li>{t('admin.import.col.rep')}</li>
        <li>{t('admin.import.col.occurredAt')}</li>
        <li>{t('admin.import.col.source')}</li>
        <li>{t('admin.import.col.attributes')}</li>
        <li>{t('admin.import.col.free')}</li>
      </ul>
      <a className="admin-button ghost" href={exampleHref(locale)} download="events-example.csv">
        {t('admin.import.example')}
      </a>
    </section>
  );
}

/** Small pieces every admin form uses: API errors at their fields, dates in the org's time zone. */
import type { ReactNode } from 'react';
import { useLocale, useT } from '../../i18n/i18n.js';
import type { Locale } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { useOrgStore } from '../../org/org-store.js';
import { ApiError } from '../../session/api.js';

/** The messages of `error` for the field at `path` (`details[].path` as the API names it). */
export function fieldError(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const messages = error.details.filter((detail) => detail.path === path).map((detail) => detail.message);
  return messages.length > 0 ? messages.join('; ') : undefined;
}

/** What a form shows above its fields: the error's message and every detail no field shows. */
export function FormError({ error, fields }: { error: unknown; fields: readonly string[] }) {
  const t = useT();
  if (error === null || error === undefined) return null;
  const apiError = error instanceof ApiError ? error : null;
  const rest = apiError?.details.filter((detail) => !detail.path || !fields.includes(detail.path)) ?? [];
  const message =
    apiError?.status === 403
      ? t('admin.error.forbidden')
      : apiError
        ? apiError.message
        : t('admin.error.network');
  return (
    <div className="admin-error" role="alert">
      <p>{message}</p>
      {rest.length > 0 && (
        <ul>
          {rest.map((detail, index) => (
            <li key={index}>
              {detail.path ? <code>{detail.path}</code> : null} {detail.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What a tab shows while its read is under way. */
export function Loading() {
  const t = useT();
  return <p className="admin-muted">{t('admin.loading')}</p>;
}

/** A failed read whose store kept only the message (`messageOf`): shown as a network problem. */
export function LoadFailed({ message }: { message: string | null }) {
  return message ? <FormError error={new Error(message)} fields={[]} /> : null;
}

/**
 * A destructive action asked for twice: its button, then the confirming one and "cancel" (after a
 * `warning`, when there is one). The caller keeps `confirming`, so the action can close it.
 */
export function ConfirmAction({
  confirming,
  setConfirming,
  label,
  confirmLabel,
  warning,
  onConfirm,
}: {
  confirming: boolean;
  setConfirming: (confirming: boolean) => void;
  label: string;
  confirmLabel: string;
  warning?: ReactNode;
  onConfirm: () => void;
}) {
  const t = useT();
  if (!confirming) {
    return (
      <button type="button" className="admin-button ghost" onClick={() => setConfirming(true)}>
        {label}
      </button>
    );
  }
  return (
    <>
      {warning}
      <button type="button" className="admin-button danger" onClick={onConfirm}>
        {confirmLabel}
      </button>
      <button type="button" className="admin-button ghost" onClick={() => setConfirming(false)}>
        {t('admin.cancel')}
      </button>
    </>
  );
}

/** The console's table: a header row naming `columns` ('' for a cell without a title) over rows. */
export function AdminTable({
  columns,
  className,
  children,
}: {
  columns: ReadonlyArray<MessageKey | ''>;
  className?: string;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <table className={className ? `admin-table ${className}` : 'admin-table'}>
      <thead>
        <tr>
          {columns.map((column, index) => (
            <th key={index}>{column === '' ? null : t(column)}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A labelled input with the API's complaint about it underneath. */
export function LabeledField({
  label,
  error,
  children,
  className,
}: {
  label: string;
  error?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`admin-field${error ? ' has-problem' : ''}${className ? ` ${className}` : ''}`}>
      <label>
        <span className="admin-field-label">{label}</span>
        {children}
      </label>
      {error && <span className="field-problem">{error}</span>}
    </div>
  );
}

const formats = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(locale: Locale, instant: string, timeZone: string): string {
  const key = `${locale}:${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    formats.set(key, format);
  }
  return format.format(new Date(instant));
}

/** Date and time in the UI's locale and the org's time zone; '—' for none. */
export function useDateTime(): (instant: string | null | undefined) => string {
  const locale = useLocale();
  const timeZone = useOrgStore((state) => state.timeZone);
  return (instant) => (instant ? formatDateTime(locale, instant, timeZone) : '—');
}

/**
 * The inputs of the rule set form. Each is bound to one path of the rule set document: it shows
 * the problems placed at that path (`data-path`, `aria-invalid`), and a `BoundTextField` reads and
 * writes its text in the form through the rules store, so a section only says where a value lives.
 */
import type { ReactNode } from 'react';
import { useLocale, useT, type Params } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { formatMoney } from '../../i18n/format.js';
import { currencyDigits, majorToMinor } from '../shared/money.js';
import { FieldProblems, useHasProblem } from './field-problems.js';
import type { RuleSetForm } from './rule-set-form.js';
import { useRulesStore } from './rules-store.js';

export type Edit = (recipe: (form: RuleSetForm) => void) => void;

export function useEdit(): Edit {
  return useRulesStore((state) => state.editForm);
}

interface InputProps {
  inputMode?: 'decimal' | 'numeric' | 'text';
  placeholder?: string;
  'aria-label'?: string;
  size?: number;
}

/** One input of the form: label, the control, and the problems at its path. */
export function Field({
  label,
  path,
  children,
  hint,
  className,
}: {
  label: string;
  path: string;
  children: ReactNode;
  hint?: ReactNode;
  className?: string;
}) {
  const invalid = useHasProblem(path);
  return (
    <div
      className={`admin-field${invalid ? ' has-problem' : ''}${className ? ` ${className}` : ''}`}
      data-path={path}
    >
      <label>
        <span className="admin-field-label">{label}</span>
        {children}
      </label>
      {hint}
      <FieldProblems path={path} />
    </div>
  );
}

export function TextInput({
  value,
  onChange,
  path,
  ...rest
}: InputProps & { value: string; onChange: (value: string) => void; path: string }) {
  const invalid = useHasProblem(path);
  return (
    <input
      {...rest}
      aria-invalid={invalid || undefined}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

/** The keys of `T` that hold text. */
type TextKey<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T] & string;

/**
 * A labelled text field bound to `field` of the form object `of` picks (null once that object is
 * gone, e.g. working hours switched off) and to the document `path` its problems are placed at.
 */
export function BoundTextField<T extends object>({
  label,
  path,
  of,
  field,
  normalize,
  hint,
  className,
  ...input
}: InputProps & {
  label: string;
  path: string;
  of: (form: RuleSetForm) => T | null | undefined;
  field: TextKey<T>;
  /** Applied to what was typed before it is stored. */
  normalize?: (value: string) => string;
  hint?: ReactNode;
  className?: string;
}) {
  const edit = useEdit();
  const value = useRulesStore((state) => textAt(of(state.form), field));
  return (
    <Field label={label} path={path} hint={hint} className={className}>
      <TextInput
        {...input}
        path={path}
        value={value}
        onChange={(next) =>
          edit((form) => {
            const target = of(form);
            if (target) (target as Record<string, unknown>)[field] = normalize ? normalize(next) : next;
          })
        }
      />
    </Field>
  );
}

/** One text field of a `BoundTextFields` row: its key, label and input attributes. */
export interface TextFieldSpec<T> extends InputProps {
  field: TextKey<T>;
  label: MessageKey;
  narrow?: boolean;
  normalize?: (value: string) => string;
}

/**
 * Text fields of one form object side by side, each at `<base>.<field>` in the document (`base`
 * '' for the top level); `hints` go under the fields they name, `params` fill the labels.
 */
export function BoundTextFields<T extends object>({
  base,
  of,
  fields,
  params,
  hints,
}: {
  base: string;
  of: (form: RuleSetForm) => T | null | undefined;
  fields: ReadonlyArray<TextFieldSpec<T>>;
  params?: Params;
  hints?: Partial<Record<TextKey<T>, ReactNode>>;
}) {
  const t = useT();
  return (
    <>
      {fields.map(({ field, label, narrow, ...input }) => (
        <BoundTextField
          key={field}
          {...input}
          label={t(label, params)}
          path={base === '' ? field : `${base}.${field}`}
          of={of}
          field={field}
          hint={hints?.[field]}
          className={narrow ? 'narrow' : undefined}
        />
      ))}
    </>
  );
}

/** The small borderless button of the form (remove, add); `label` names an icon-only one. */
export function GhostButton({
  onClick,
  label,
  children,
}: {
  onClick: () => void;
  label?: string;
  children: ReactNode;
}) {
  return (
    <button type="button" className="admin-button ghost small" aria-label={label} onClick={onClick}>
      {children}
    </button>
  );
}

/**
 * A section for an optional part of the document (working hours, burnout): a checkbox adds it with
 * its defaults or removes it, and its fields show while it is there.
 */
export function OptionalSection({
  id,
  path,
  title,
  toggle,
  on,
  set,
  children,
}: {
  id: string;
  path: string;
  title: string;
  toggle: string;
  on: boolean;
  set: (form: RuleSetForm, on: boolean) => void;
  children: ReactNode;
}) {
  const edit = useEdit();
  return (
    <section className="admin-form-section" aria-labelledby={id} data-path={path}>
      <h3 id={id}>{title}</h3>
      <label className="admin-check">
        <input
          type="checkbox"
          checked={on}
          onChange={(event) => edit((form) => set(form, event.target.checked))}
        />
        {toggle}
      </label>
      <FieldProblems path={path} />
      {on && <div className="admin-row">{children}</div>}
    </section>
  );
}

function textAt<T extends object>(target: T | null | undefined, field: TextKey<T>): string {
  return target ? String(target[field]) : '';
}

/** An amount typed in major units, shown back in the currency (nothing while either is not valid). */
export function MoneyHint({ major, currency }: { major: string; currency: string }) {
  const locale = useLocale();
  const minor = majorToMinor(major, currencyDigits(currency));
  if (minor === null || !/^[A-Z]{3}$/.test(currency)) return null;
  return <span className="admin-hint">{formatMoney(locale, minor, currency)}</span>;
}

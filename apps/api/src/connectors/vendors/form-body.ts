/**
 * `application/x-www-form-urlencoded` bodies (and query strings) with bracket keys, as amoCRM,
 * Bitrix24 and PHP senders write them: `leads[status][0][id]=1` -> { leads: { status: { 0: { id } } } }.
 * Every node is a null-prototype object, `__proto__` / `constructor` / `prototype` segments are
 * dropped, and depth, pair count and key length are bounded: hostile input cannot pollute or balloon.
 */
import { UnmappableDelivery } from '../connector-adapter.js';

export type FormValue = string | FormNode;
export interface FormNode {
  [key: string]: FormValue | undefined;
}

const MAX_PAIRS = 2000;
const MAX_DEPTH = 8;
const MAX_KEY_CHARS = 300;
const MAX_BODY_CHARS = 1_000_000;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const BRACKETED = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

/** The decoded pairs in order (duplicates kept): what Twilio's signature covers. */
export function formPairs(text: string): [string, string][] {
  if (text.length > MAX_BODY_CHARS)
    throw new UnmappableDelivery(`form body over ${MAX_BODY_CHARS} characters`);
  const pairs = [...new URLSearchParams(text)];
  if (pairs.length > MAX_PAIRS) throw new UnmappableDelivery(`form body with over ${MAX_PAIRS} fields`);
  return pairs;
}

/** The path segments of a key: `a[b][]` -> ['a', 'b', '']; a key that is not bracketed is one segment. */
function segmentsOf(key: string): string[] | null {
  if (key.length === 0 || key.length > MAX_KEY_CHARS) return null;
  const match = BRACKETED.exec(key);
  const segments = match ? [match[1] ?? '', ...(match[2] ?? '').slice(1, -1).split('][')] : [key];
  if (match && match[2] === '') segments.pop();
  if (segments.length > MAX_DEPTH || segments.some((s) => FORBIDDEN.has(s))) return null;
  return segments;
}

function newNode(): FormNode {
  return Object.create(null) as FormNode;
}

/** Parses a form body into nested null-prototype nodes; a conflicting or unsafe pair is skipped. */
export function parseForm(text: string): FormNode {
  const root = newNode();
  for (const [key, value] of formPairs(text)) {
    const segments = segmentsOf(key);
    if (segments === null) continue;
    let node = root;
    let ok = true;
    for (let i = 0; i < segments.length - 1 && ok; i++) {
      const name = segments[i] === '' ? String(Object.keys(node).length) : (segments[i] ?? '');
      const next = node[name] ?? newNode();
      if (typeof next === 'string') ok = false;
      else node = node[name] = next;
    }
    const last = segments[segments.length - 1] ?? '';
    const name = last === '' ? String(Object.keys(node).length) : last;
    if (ok && typeof (node[name] ?? '') === 'string') node[name] = value;
  }
  return root;
}

/** The node at `path`, or null when absent or a plain value. */
export function nodeAt(root: FormNode, ...path: string[]): FormNode | null {
  let value: FormValue | undefined = root;
  for (const name of path) value = typeof value === 'object' ? value[name] : undefined;
  return typeof value === 'object' ? value : null;
}

/** The string at `path`, or null when absent or a nested node. */
export function textAt(root: FormNode, ...path: string[]): string | null {
  const name = path[path.length - 1] ?? '';
  const value = nodeAt(root, ...path.slice(0, -1))?.[name];
  return typeof value === 'string' ? value : null;
}

/** The children of a list node (`[0]`, `[1]`, ...) in index order; other keys are left out. */
export function listAt(root: FormNode, ...path: string[]): FormNode[] {
  const node = nodeAt(root, ...path);
  if (node === null) return [];
  return Object.keys(node)
    .filter((key) => /^\d{1,6}$/.test(key))
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => node[key])
    .filter((item): item is FormNode => typeof item === 'object');
}

/** `parseForm`, or null when the body is over the bounds (for `verify`, which answers, never throws). */
export function parseFormOrNull(text: string): FormNode | null {
  try {
    return parseForm(text);
  } catch {
    return null;
  }
}

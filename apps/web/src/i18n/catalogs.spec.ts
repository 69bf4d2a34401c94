/**
 * The message catalogs against the source: every key the code names exists in English and Russian,
 * in a catalog its surface has registered, and every key of a catalog is named somewhere. Keys are
 * found as the code writes them: a quoted string that starts with a catalog's namespace
 * (`t('board.asOf')`, `title="app.title"`, `{ key: 'admin.rules.problem.x' }`, label maps), and
 * template strings that build one (`t(\`period.${period}\`)`), which must be listed in DYNAMIC.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as admin from './catalogs/admin.js';
import * as common from './catalogs/common.js';
import * as kpi from './catalogs/kpi.js';
import * as me from './catalogs/me.js';
import * as tv from './catalogs/tv.js';

const CATALOGS = { common, tv, me, kpi, admin };
type CatalogName = keyof typeof CATALOGS;

/**
 * Keys the code builds from data, by prefix; every key under one counts as used. The typed ones are
 * checked by the compiler too (`t()` takes only a known key); the `me.*` and `kpi.*` ones go through
 * a `has()` guard that shows the raw value when a text is missing.
 */
const DYNAMIC = [
  'period.', // me/me-board.tsx, me-line-items.tsx, me-progress.tsx: `period.${period}`
  'scope.tenure.', // tv/tv-header.tsx: the tenure band of a board
  'admin.competitions.mode.', // admin/competitions/competitions-tab.tsx: individual | teams
  'admin.competitions.status.', // admin/competitions/competitions-tab.tsx: upcoming | running | ended
  'me.missing.', // me/texts.ts: what a rep still lacks for the next tier
  'me.gate.', // me/texts.ts: a tier gate's counter
  'me.cap.', // me/texts.ts: a daily cap's category
  'me.type.', // me/texts.ts: an event type
  'me.cond.', // me/texts.ts: a rule's condition, `me.cond.<attribute>.<value>`
  'me.cond.durationSec.', // me/texts.ts: a call-duration bound
  'kpi.name.', // kpis/kpi-format.ts: a KPI id
  'kpi.reason.', // kpis/kpi-format.ts: why a KPI has no value
  'kpi.reason.MISSING_INPUT.', // kpis/kpi-format.ts: the input a KPI needs, by KPI id
  'kpi.benchmark.', // kpis/kpi-format.ts: a benchmark id
];

/** Quoted strings in a namespace that are not keys: data of the API. */
const NOT_KEYS = [
  'period.close', // admin/audit/audit-tab.tsx: an audit log action
];

/** The module whose chunk registers each surface's catalog (test-support registers them all). */
const REGISTERED_BY: Record<Exclude<CatalogName, 'common'>, string> = {
  tv: 'tv/tv-page.tsx',
  me: 'me/me-page.tsx',
  kpi: 'kpis/kpi-format.ts',
  admin: 'admin/admin-page.tsx',
};

/** The catalogs a file's texts may come from: common, plus the one its surface's chunk registers. */
function allowedCatalogs(file: string, text: string): CatalogName[] {
  const allowed: CatalogName[] = ['common'];
  const folder = file.split(sep)[0];
  if (folder === 'tv' || folder === 'me' || folder === 'admin') allowed.push(folder);
  // kpis/kpi-format.ts registers the KPI texts; a module that imports it can use them.
  if (folder === 'kpis' || /from '(\.\.\/)+kpis\/kpi-format\.js'/.test(text)) allowed.push('kpi');
  return allowed;
}

const SRC = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return path === join(SRC, 'test-support') || path === join(SRC, 'i18n', 'catalogs')
        ? []
        : sourceFiles(path);
    }
    return /\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const catalogOf = new Map<string, CatalogName>();
for (const [name, catalog] of Object.entries(CATALOGS) as [CatalogName, (typeof CATALOGS)[CatalogName]][]) {
  for (const key of Object.keys(catalog.en)) catalogOf.set(key, name);
}
const namespaces = [...new Set([...catalogOf.keys()].map((key) => key.split('.')[0]))].join('|');
const QUOTED = new RegExp(`(['"\`])((?:${namespaces})\\.[\\w.-]+)\\1`, 'g');
const TEMPLATE = new RegExp(`\`((?:${namespaces})\\.(?:[\\w-]+\\.)*)\\$\\{`, 'g');

interface Use {
  key: string;
  file: string;
  allowed: CatalogName[];
}

const uses: Use[] = [];
const dynamicUses: Use[] = [];
for (const path of sourceFiles(SRC)) {
  const text = readFileSync(path, 'utf8');
  const file = relative(SRC, path);
  const allowed = allowedCatalogs(file, text);
  for (const match of text.matchAll(QUOTED)) {
    const key = match[2] ?? '';
    if (!NOT_KEYS.includes(key)) uses.push({ key, file, allowed });
  }
  for (const match of text.matchAll(TEMPLATE)) dynamicUses.push({ key: match[1] ?? '', file, allowed });
}

describe('message catalogs', () => {
  it('has the same keys in English and Russian, each key in one catalog', () => {
    const seen = new Map<string, string>();
    for (const [name, catalog] of Object.entries(CATALOGS)) {
      expect({ name, keys: Object.keys(catalog.ru).sort() }).toEqual({
        name,
        keys: Object.keys(catalog.en).sort(),
      });
      for (const key of Object.keys(catalog.en)) {
        expect({ key, catalogs: [seen.get(key), name].filter(Boolean) }).toEqual({ key, catalogs: [name] });
        seen.set(key, name);
      }
    }
  });

  it('splits the console catalog by tab without a key in two parts', () => {
    const owner = new Map<string, string>();
    for (const [part, catalog] of Object.entries(admin.PARTS)) {
      expect({ part, keys: Object.keys(catalog.ru).sort() }).toEqual({
        part,
        keys: Object.keys(catalog.en).sort(),
      });
      for (const key of Object.keys(catalog.en)) {
        expect({ key, parts: [owner.get(key), part].filter(Boolean) }).toEqual({ key, parts: [part] });
        owner.set(key, part);
      }
    }
    expect([...owner.keys()].sort()).toEqual(Object.keys(admin.en).sort());
  });

  it('is registered by the chunk of its surface', () => {
    for (const [name, file] of Object.entries(REGISTERED_BY)) {
      const text = readFileSync(join(SRC, file), 'utf8');
      const imported = new RegExp(`import \\* as (\\w+) from '\\.\\./i18n/catalogs/${name}\\.js'`).exec(
        text,
      )?.[1];
      expect({
        file,
        registers: imported !== undefined && text.includes(`registerMessages(${imported});`),
      }).toEqual({
        file,
        registers: true,
      });
    }
  });

  it('finds the keys in the source', () => {
    // A guard against a pattern that matches nothing: these are named literally today.
    expect(uses.map((use) => use.key)).toEqual(
      expect.arrayContaining(['app.title', 'board.asOf', 'me.title', 'admin.tab.reps', 'kpi.perDay']),
    );
  });

  it('has every key the code names, in a catalog its surface registers', () => {
    const wrong = uses
      .filter(({ key, allowed }) => {
        const catalog = catalogOf.get(key);
        return catalog === undefined || !allowed.includes(catalog);
      })
      .map(({ key, file }) => `${file}: ${key} (${catalogOf.get(key) ?? 'in no catalog'})`);
    expect(wrong).toEqual([]);
  });

  it('lists every key the code builds at run time, with texts under it', () => {
    const undeclared = dynamicUses
      .filter(({ key }) => !DYNAMIC.includes(key))
      .map(({ key, file }) => `${file}: ${key}`);
    expect(undeclared).toEqual([]);
    const misplaced = dynamicUses
      .filter(({ key: prefix, allowed }) =>
        [...catalogOf].some(([name, catalog]) => name.startsWith(prefix) && !allowed.includes(catalog)),
      )
      .map(({ key, file }) => `${file}: ${key}`);
    expect(misplaced).toEqual([]);
    const empty = DYNAMIC.filter((prefix) => ![...catalogOf.keys()].some((key) => key.startsWith(prefix)));
    expect(empty).toEqual([]);
    const stale = DYNAMIC.filter((prefix) => !dynamicUses.some(({ key }) => key === prefix));
    expect(stale).toEqual([]);
  });

  it('has no key the code never names', () => {
    const named = new Set(uses.map((use) => use.key));
    const unused = [...catalogOf.keys()].filter(
      (key) => !named.has(key) && !DYNAMIC.some((prefix) => key.startsWith(prefix)),
    );
    expect(unused).toEqual([]);
  });
});

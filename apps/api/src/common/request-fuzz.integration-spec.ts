import { jest } from '@jest/globals';
import { DEFAULT_RULE_SET } from '@leaderboard/scoring';
import fc from 'fast-check';
import { call, moscow } from '../test-support/api-client.js';
import { createTestApp, TEST_ADMIN_EMAIL, type TestApp } from '../test-support/test-app.js';

jest.setTimeout(120_000);

/**
 * Random JSON thrown at the three doors anyone can knock on hardest (issue 13, "Done when"):
 * `POST /api/events`, `POST /api/auth/login`, `POST /api/rulesets`. Whatever arrives, the answer
 * is never a 5xx nor a hang, and a refusal changes nothing (events, rule sets, reps, audit rows).
 */

/** Number tokens JSON.stringify cannot write (-0, beyond double, more digits than a double holds). */
const RAW_NUMBERS = [
  '-0',
  '-0.0',
  '1e400',
  '-1e400',
  '1E-400',
  '5e-324',
  '1e308',
  '9223372036854775808',
  '123456789012345678901234567890',
  '1.0',
  '0.1e1',
  '12.5',
];
/** A string that JSON-encodes as a marker, replaced by the raw number token in the sent text. */
const RAW_MARK = '\u0001raw:';
const RAW_TOKEN = /"\\u0001raw:((?:[^"\\]|\\")+?)\\u0001"/g;

const rawNumber = fc.constantFrom(...RAW_NUMBERS).map((token) => `${RAW_MARK}${token}\u0001`);

/** Any UTF-16 code unit: NUL, lone surrogates and halves of emoji included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

const shortOddString = fc.oneof(
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udc00y',
      '\udbff\udfff',
      '🚀🏆',
      '__proto__',
      'constructor',
      'toString',
      '12',
      '-0',
      '1e308',
      'NaN',
      'Infinity',
      'true',
      'null',
      '9223372036854775808',
      '2026-11-18T10:00:00+03:00',
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59+14:00',
      'Europe/Moscow',
      'RUB',
      'XXXX',
      '<script>alert(1)</script>',
      "'; DROP TABLE events; --",
      '=HYPERLINK("x")',
    ),
  },
);

/** Up to 100,000 characters, with a NUL or a lone surrogate at the end now and then. */
const hugeString = fc
  .tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom('', '', '\u0000', '\ud800'))
  .map(([n, tail]) => 'x'.repeat(n) + tail);

const oddString = fc.oneof({ weight: 9, arbitrary: shortOddString }, { weight: 1, arbitrary: hugeString });

const oddNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 0.5, -0.001, 1.0000001, 2 ** 31, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63)),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  rawNumber,
);

const leaf = fc.oneof(oddString, oddNumber, fc.boolean(), fc.constant(null));
const smallLeaf = fc.oneof(shortOddString, oddNumber, fc.boolean(), fc.constant(null));

/** JSON trees: wide or deep, with odd leaves and odd keys. */
const tree = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 6 }),
    fc.dictionary(
      fc.oneof(shortOddString, fc.constantFrom('events', 'document', 'email', 'rules')),
      tie('node'),
      {
        maxKeys: 6,
      },
    ),
  ),
})).node;

/**
 * Arrays or objects nested around a value: mostly near the limit (32), sometimes tens of
 * thousands deep (written as raw text: JSON.stringify itself would overflow).
 */
const deep = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 1, max: 40 }) },
      fc.integer({ min: 1_000, max: 50_000 }),
    ),
    fc.boolean(),
  )
  .map(([depth, arrays]) => {
    const [open, close] = arrays ? ['[', ']'] : ['{"a":', '}'];
    return `${RAW_MARK}${open.repeat(depth)}0${close.repeat(depth)}\u0001`;
  });

/** A wide array or object (thousands of members). */
const wide = fc
  .tuple(fc.integer({ min: 1_000, max: 5_000 }), fc.boolean(), smallLeaf)
  .map(([size, asArray, value]) =>
    asArray
      ? Array.from({ length: size }, () => value)
      : Object.fromEntries(Array.from({ length: size }, (_, i) => [`k${i}`, value])),
  );

const anyJson = fc.oneof(tree, deep, wide, leaf);

/** A value that is mostly the right one, else something odd in its place. */
function orOdd<T>(good: T): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 9, arbitrary: fc.constant(good) }, { weight: 1, arbitrary: anyJson });
}

/** Events that are nearly right: each field may be odd, and attributes may hold anything. */
/** An attribute name: a known one or anything. */
const attributeKey = fc.oneof(
  oddString,
  fc.constantFrom(
    'durationSec',
    'outcome',
    'scriptFollowed',
    'amount',
    'currency',
    'margin',
    'replied',
    'note',
  ),
);
const attributeValue = fc.oneof(
  { weight: 4, arbitrary: shortOddString },
  { weight: 2, arbitrary: oddNumber },
  { weight: 1, arbitrary: anyJson },
);

/**
 * Events that are nearly right, so that many get past the validator to the database: each field
 * is right or odd, attributes are right ones with odd ones added, or anything; now and then an
 * unknown field or `voids`.
 */
const event = fc
  .tuple(
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.constantFrom('call', 'call', 'call', 'deal_won', 'email', 'void', 'meeting'),
  )
  .chain(([n, type]) => {
    const good = call(`fuzz-${n}`, 'anna', moscow('10:00'));
    const base = fc.record({
      source: orOdd(good.source),
      externalId: orOdd(good.externalId),
      type: orOdd(type),
      rep: orOdd(good.rep),
      occurredAt: orOdd(good.occurredAt),
      attributes: fc.oneof(
        {
          weight: 3,
          arbitrary: fc
            .dictionary(attributeKey, attributeValue, { maxKeys: 2 })
            .map((odd) => ({ ...good.attributes, ...odd })),
        },
        { weight: 1, arbitrary: orOdd(good.attributes) },
        { weight: 1, arbitrary: fc.dictionary(attributeKey, attributeValue, { maxKeys: 5 }) },
      ),
    });
    const more = fc.oneof(
      { weight: 8, arbitrary: fc.constant({}) },
      {
        weight: 1,
        arbitrary: fc.record({
          voids: fc.record({ source: orOdd('telephony'), externalId: orOdd('fuzz-1') }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ extra: anyJson }) },
    );
    return fc.tuple(base, more).map(([fields, extra]) => ({ ...fields, ...extra }));
  });

const eventsBody = fc.oneof(
  { weight: 3, arbitrary: event },
  { weight: 2, arbitrary: fc.record({ events: fc.array(event, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ events: anyJson }) },
  { weight: 1, arbitrary: anyJson },
);

const loginBody = fc.oneof(
  fc.record(
    { email: orOdd(TEST_ADMIN_EMAIL), password: fc.oneof(oddString, anyJson), extra: anyJson },
    { requiredKeys: [] },
  ),
  anyJson,
);

/** A rule-set draft: the default document with some fields (at any depth) replaced by odd values. */
const ruleSetBody = fc.oneof(
  fc
    .array(
      fc.tuple(
        fc.constantFrom(
          ['name'],
          ['currency'],
          ['timezone'],
          ['weekStartsOn'],
          ['rules'],
          ['rules', 'call'],
          ['rules', 'call', 'points'],
          ['rules', 'call', 'weights'],
          ['rules', 'call', 'weights', '0', 'if'],
          ['rules', 'call', 'weights', '0', 'factor'],
          ['rules', 'deal_won', 'perAmount'],
          ['dailyCaps'],
          ['tiers'],
          ['workingHours'],
          ['burnout'],
          ['extra'],
        ),
        anyJson,
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((edits) => {
      const document = structuredClone(DEFAULT_RULE_SET) as unknown as Record<string, unknown>;
      for (const [path, value] of edits) {
        let node: Record<string, unknown> = document;
        for (const key of path.slice(0, -1)) {
          const next = node[key];
          if (typeof next !== 'object' || next === null) node[key] = {};
          node = node[key] as Record<string, unknown>;
        }
        node[path[path.length - 1]] = value;
      }
      return { document };
    }),
  fc.record({ document: anyJson }),
  anyJson,
);

/** JSON text with the raw number markers replaced by their tokens. */
function jsonText(body: unknown): string {
  return (JSON.stringify(body) ?? 'null').replace(RAW_TOKEN, (_, token: string) =>
    token.replaceAll('\\"', '"'),
  );
}

describe('fuzz: random JSON at events, login and rule-set drafts (issue 13)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  }, 60_000);

  /**
   * Runs the property for at most 100 inputs or 15 s (a loaded machine gets fewer), without
   * shrinking; a failure reports the seed and path to replay it and the start of the body.
   */
  async function fuzz<T>(arbitrary: fc.Arbitrary<T>, check: (body: T) => Promise<void>): Promise<void> {
    await fc.assert(fc.asyncProperty(arbitrary, check), {
      numRuns: 100,
      interruptAfterTimeLimit: 15_000,
      markInterruptAsFailure: false,
      endOnFailure: true,
      reporter: (details) => {
        if (!details.failed) return;
        const body = details.counterexample === null ? '' : jsonText(details.counterexample[0]).slice(0, 300);
        throw new Error(
          `seed ${details.seed}, path ${details.counterexamplePath}: ${String(details.errorInstance).slice(0, 600)}\nbody: ${body}`,
        );
      },
    });
  }

  const counts = async (): Promise<number[]> =>
    Promise.all(['events', 'rule_sets', 'reps', 'audit_log'].map((table) => t.count(table)));

  /** Sends `body` as JSON text; asserts no 5xx within 10 s and, when refused, nothing changed. */
  async function throwAt(path: string, token: string | null, body: unknown): Promise<void> {
    const before = await counts();
    let request = t.http().post(path).timeout(10_000).set('Content-Type', 'application/json');
    if (token !== null) request = request.set('Authorization', `Bearer ${token}`);
    const text = jsonText(body);
    const res = await request.send(text);
    if (res.status >= 500) {
      throw new Error(`${path} answered ${res.status} to ${text.slice(0, 300)}: ${JSON.stringify(res.body)}`);
    }
    if (res.status >= 400) {
      expect(res.body.error.code).toEqual(expect.any(String));
      expect(await counts()).toEqual(before);
    }
  }

  it('POST /api/events never answers 5xx, and a refused batch stores nothing', async () => {
    await fuzz(eventsBody, (body) => throwAt('/api/events', t.integrationToken, body));
  });

  it('POST /api/auth/login never answers 5xx and changes nothing', async () => {
    await fuzz(loginBody, (body) => throwAt('/api/auth/login', null, body));
  });

  it('POST /api/rulesets (drafts) never answers 5xx, and a refused draft stores nothing', async () => {
    await fuzz(ruleSetBody, (body) => throwAt('/api/rulesets', t.adminToken, body));
  });
});

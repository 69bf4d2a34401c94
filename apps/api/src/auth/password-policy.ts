import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import type { Role } from '@leaderboard/contracts';
import { DomainError } from '../common/domain-error.js';

/**
 * The password policy (NIST SP 800-63B: length, no composition rules, a block list of common and
 * breached passwords shipped offline, context words refused). The block list and the guessability
 * estimate come from zxcvbn-ts with its common dictionary (~30,000 leaked passwords, names, words
 * and keyboard patterns), loaded on the first check.
 */
export const PASSWORD_MIN_LENGTH = 8;
/** An admin can do everything, so its password is held to more. */
export const ADMIN_PASSWORD_MIN_LENGTH = 12;
/** zxcvbn's score (0-4): 3 is "safely unguessable: moderate protection from offline attacks". */
export const PASSWORD_MIN_SCORE = 3;
/** Words of this product a password must not be built on. */
const PRODUCT_WORDS = ['leaderboard', 'leader board', 'sales leaderboard'];
/** Only the first characters are analysed (the estimate costs time per character; more adds nothing). */
const ANALYSED_LENGTH = 256;

/** zxcvbn's warning keys, said for the error message. */
const WARNINGS: Record<string, string> = {
  straightRow: 'a straight row of keys',
  keyPattern: 'a keyboard pattern',
  simpleRepeat: 'a repeated character',
  extendedRepeat: 'a repeated pattern',
  sequences: 'a common sequence',
  recentYears: 'a recent year',
  dates: 'a date',
  topTen: 'one of the most common passwords',
  topHundred: 'a very common password',
  common: 'a common password',
  similarToCommon: 'close to a common password',
  wordByItself: 'a single word',
  namesByThemselves: 'a name',
  commonNames: 'a common name',
  userInputs: 'personal or product words',
  pwned: 'a breached password',
};

let estimator: ZxcvbnFactory | null = null;

function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...dictionary },
    graphs: adjacencyGraphs,
    maxLength: ANALYSED_LENGTH,
  });
  return estimator;
}

/** The words of a user a password must not be built on: the e-mail, its name part, the display name. */
function contextWords(context: ReadonlyArray<string | null | undefined>): string[] {
  const words = new Set<string>();
  for (const item of context) {
    const text = item?.trim().toLowerCase();
    if (!text) continue;
    words.add(text);
    const local = text.split('@')[0]!;
    if (local.length >= 4) words.add(local);
  }
  return [...words];
}

/**
 * Why `password` is refused for a user of `role`, or null when it is acceptable. `context`: the
 * user's e-mail and display name.
 */
export function passwordProblem(
  password: string,
  role: Role,
  context: ReadonlyArray<string | null | undefined> = [],
): string | null {
  const length = [...password].length;
  const min = role === 'admin' ? ADMIN_PASSWORD_MIN_LENGTH : PASSWORD_MIN_LENGTH;
  if (length < min) return `must be at least ${min} characters${role === 'admin' ? ' for an admin' : ''}`;
  if (password.trim() === '') return 'must not be only spaces';
  const lower = password.toLowerCase();
  const words = contextWords(context);
  if ([...words, ...PRODUCT_WORDS].some((word) => lower.includes(word))) {
    return 'must not contain the e-mail, the name or the product name';
  }
  const result = zxcvbn().check(password, [...words, ...PRODUCT_WORDS]);
  if (result.score < PASSWORD_MIN_SCORE) {
    const warning = result.feedback.warning;
    const why = warning ? ` (${WARNINGS[warning] ?? warning})` : '';
    return `is too common or too easy to guess${why}; a few unrelated words make a strong one`;
  }
  return null;
}

/** Throws VALIDATION_FAILED naming `password` when the policy refuses it. */
export function assertPasswordAcceptable(
  password: string,
  role: Role,
  context: ReadonlyArray<string | null | undefined> = [],
  path = 'password',
): void {
  const problem = passwordProblem(password, role, context);
  if (problem !== null) {
    throw new DomainError('VALIDATION_FAILED', `The password ${problem}`, [{ path, message: problem }]);
  }
}

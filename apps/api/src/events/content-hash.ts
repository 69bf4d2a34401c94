import { hash } from 'node:crypto';
import type { EventAttributes } from '@leaderboard/contracts';
import { jsonOf } from './json-text.js';

/** Names of `attributes` in code-unit order (usually they come sorted already: no sort then). */
function sortedNames(attributes: EventAttributes): string[] {
  const names = Object.keys(attributes);
  for (let i = 1; i < names.length; i++) {
    if (names[i - 1] > names[i]) return names.sort();
  }
  return names;
}

/**
 * sha256 of the canonical content of an event: type, rep, instant, attributes sorted by name,
 * voids. The canonical text must never change: stored hashes decide duplicate vs conflict.
 */
export function contentHash(
  type: string,
  rep: string,
  occurredAtMs: number,
  attributes: EventAttributes,
  voidsSource: string | null,
  voidsExternalId: string | null,
): string {
  let sorted = '';
  for (const name of sortedNames(attributes))
    sorted += `${sorted === '' ? '' : ','}${jsonOf(name)},${jsonOf(attributes[name])}`;
  const canonical = `${jsonOf(type)}|${jsonOf(rep)}|${occurredAtMs}|[${sorted}]|${jsonOf(voidsSource)}|${jsonOf(voidsExternalId)}`;
  return hash('sha256', canonical, 'base64url');
}

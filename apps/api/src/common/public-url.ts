import ipaddr from 'ipaddr.js';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Longer than any sane image address; a longer one is a payload, not a photo. */
export const MAX_PUBLIC_URL_LENGTH = 1000;

/**
 * Names that never resolve on the public internet: RFC 6761/8375 special-use names, ICANN's
 * `.internal`, and the private suffixes networks commonly use. Matched as the whole name or a suffix.
 */
const PRIVATE_NAMES = [
  'localhost',
  'localdomain',
  'local',
  'internal',
  'intranet',
  'lan',
  'home',
  'corp',
  'home.arpa',
  'invalid',
  'test',
  'onion',
];

/** Characters no URL worth storing holds: controls, spaces (WHATWG would silently drop some). */
// eslint-disable-next-line no-control-regex -- that is what it looks for
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f\u00a0\u2028\u2029]/;
const RAW_AUTHORITY = /^https?:\/\/([^/\\?#]*)/i;

/**
 * Why `value` is not the address of a public http(s) resource, or null when it is. Checked on the
 * host as a browser resolves it (the WHATWG parser: `http://2130706433`, `0x7f.1` and `ⓛocalhost`
 * all become loopback), without a DNS lookup: a public name that resolves to a private address is
 * the screen's network's concern. Refused: other schemes, user names and passwords, IP literals
 * that are not public unicast (loopback, private, link-local with the cloud metadata address,
 * CGNAT, unique-local, IPv4-mapped IPv6...), IPv4 written other than as a.b.c.d, names without a
 * dot and private suffixes (`localhost`, `.local`, `.internal`...), over-long strings.
 */
export function publicUrlProblem(value: string): string | null {
  if (value.length > MAX_PUBLIC_URL_LENGTH) return `must be at most ${MAX_PUBLIC_URL_LENGTH} characters`;
  if (CONTROL_OR_SPACE.test(value)) return 'must not contain spaces or control characters';
  // Parsers disagree on `\` (WHATWG reads it as `/`): refused rather than guessed.
  if (value.includes('\\')) return 'must not contain backslashes';
  const authority = RAW_AUTHORITY.exec(value)?.[1];
  if (authority === undefined) return 'must be an absolute http or https URL';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an absolute http or https URL';
  if (authority.includes('@') || url.username !== '' || url.password !== '')
    return 'must not carry a user name or password';
  const host = url.hostname.replace(/\.$/, '');
  if (host.startsWith('[')) {
    const address = ipaddr.IPv6.parse(host.slice(1, -1));
    return address.range() === 'unicast' ? null : 'must not point at a private, loopback or reserved address';
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(host)) {
    const written = authority.replace(/:\d*$/, '').replace(/\.$/, '').toLowerCase();
    if (written !== host) return 'must write an IPv4 address as four decimal numbers (a.b.c.d)';
    return ipaddr.IPv4.parse(host).range() === 'unicast'
      ? null
      : 'must not point at a private, loopback or reserved address';
  }
  if (PRIVATE_NAMES.some((name) => host === name || host.endsWith(`.${name}`)))
    return 'must name a public host, not a local or private name';
  if (!host.includes('.')) return 'must name a public host (a domain name with a dot)';
  return null;
}

/** The URL when it is public, else null: what a stored value may be shown as (older rows were not checked). */
export function publicUrlOrNull(value: string | null | undefined): string | null {
  return value != null && publicUrlProblem(value) === null ? value : null;
}

/** A class-validator decorator for `publicUrlProblem`; the message names the field and the reason. */
export function IsPublicHttpUrl(options?: ValidationOptions): PropertyDecorator {
  const problemOf = (value: unknown): string | null =>
    typeof value === 'string' ? publicUrlProblem(value) : 'must be a string';
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isPublicHttpUrl',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: ({ property, value }) =>
          `${property} ${problemOf(value) ?? 'must be a public http or https URL'}`,
        ...options,
      },
      validator: { validate: (value: unknown) => problemOf(value) === null },
    });
}

/** The instants of the ingest body: ISO-8601 with an offset or Z, read by hand (hot path). */

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Value of the `count` ASCII digits of `text` at `at`, or -1 when one of them is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48; // NaN past the end
    if (!(d >= 0 && d <= 9)) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Epoch ms of an ISO-8601 instant that carries `Z` or an offset; null when invalid. Accepts exactly
 * `YYYY-MM-DDTHH:MM[:SS[.F{1,9}]](Z|±HH:MM)`; read by hand, not by a regular expression (hot path).
 */
export function parseInstant(text: string): number | null {
  const n = text.length;
  if (n < 17 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':') return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return null;
  let at = 16;
  let second = 0;
  let millis = 0;
  if (text[at] === ':') {
    second = digitsAt(text, at + 1, 2);
    if (second < 0) return null;
    at += 3;
    if (text[at] === '.') {
      let end = at + 1;
      while (end < n && end - at <= 9 && digitsAt(text, end, 1) >= 0) end++;
      const fraction = text.slice(at + 1, end);
      if (fraction.length === 0 || fraction.length > 9) return null;
      // Whole milliseconds, truncated (the same as Math.floor(0.fraction * 1000)).
      millis =
        fraction.length <= 3 ? digitsAt(fraction.padEnd(3, '0'), 0, 3) : Math.floor(+`0.${fraction}` * 1000);
      at = end;
    }
  }
  let offsetMinutes = 0;
  if (text[at] !== 'Z' || at + 1 !== n) {
    const sign = text[at];
    if ((sign !== '+' && sign !== '-') || at + 6 !== n || text[at + 3] !== ':') return null;
    const oh = digitsAt(text, at + 1, 2);
    const om = digitsAt(text, at + 4, 2);
    if (oh < 0 || om < 0 || oh > 18 || om > 59) return null;
    offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

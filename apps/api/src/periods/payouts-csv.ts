import type { PayoutView } from '@leaderboard/contracts';

export const PAYOUT_CSV_COLUMNS = [
  'period',
  'rep_key',
  'rep_name',
  'tier',
  'status',
  'approvals',
  'currency',
  'amount_minor',
  'amount',
] as const;

/** Digits after the decimal point of a currency (RUB, EUR 2; JPY 0), from Intl. */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** Integer minor units as a plain decimal in major units: 1500000 RUB -> "15000.00", -5 -> "-0.05". */
export function formatMinor(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const negative = amount < 0;
  const abs = BigInt(Math.abs(amount));
  if (digits === 0) return `${negative ? '-' : ''}${abs}`;
  const unit = 10n ** BigInt(digits);
  const major = abs / unit;
  const minor = (abs % unit).toString().padStart(digits, '0');
  return `${negative ? '-' : ''}${major}.${minor}`;
}

/**
 * One CSV field, quoted when needed. In free text (`text`), a leading = + - @ is neutralised with a
 * quote mark so a spreadsheet never runs a name as a formula; numbers keep their sign.
 */
export function csvField(value: string, text = true): string {
  const safe = text && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Payroll CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so spreadsheets read Cyrillic names):
 * one line per payout, every status, amounts both in integer minor units and as a decimal in the
 * currency named in its own column.
 */
export function payoutsCsv(payouts: readonly PayoutView[]): string {
  const lines = [PAYOUT_CSV_COLUMNS.join(',')];
  for (const p of payouts) {
    lines.push(
      [
        csvField(p.periodKey),
        csvField(p.repKey),
        csvField(p.name),
        csvField(p.tier ?? ''),
        csvField(p.status),
        csvField(`${p.approvals.length}/${p.approvalsRequired}`),
        csvField(p.currency),
        csvField(String(p.amount), false),
        csvField(formatMinor(p.amount, p.currency), false),
      ].join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

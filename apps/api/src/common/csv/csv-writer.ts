/** Writes rows as CSV (RFC 4180, CRLF): a field holding `,`, `;`, `"`, CR or LF is quoted. */
export function writeCsv(rows: readonly (readonly string[])[], delimiter: ',' | ';' = ','): string {
  return rows.map((row) => row.map(csvField).join(delimiter)).join('\r\n') + '\r\n';
}

/** One field, quoted when it must be (both delimiters count: the reader detects either). */
export function csvField(value: string): string {
  return /[",;\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

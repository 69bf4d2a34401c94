import type { ErrorDetail } from '@leaderboard/contracts';

/** A problem of one row of an imported file; `row` is the CSV record number (the header is row 1). */
export interface CsvRowError {
  row: number;
  /** The column's name as the header writes it, when the problem is about one field. */
  column?: string;
  message: string;
}

/** At most this many row errors are listed in one refusal; the rest are counted. */
export const MAX_LISTED_ROW_ERRORS = 1_000;

/**
 * Collects the row errors of an import, in row order once sorted, and renders them as the SPEC 9
 * `details`: `{ index: row, path: "row 17: occurredAt", message }`, then one `{ path: "rows" }`
 * detail counting the errors not listed.
 */
export class CsvErrorReport {
  private readonly errors: CsvRowError[] = [];
  private total = 0;

  constructor(private readonly cap: number = MAX_LISTED_ROW_ERRORS) {}

  add(error: CsvRowError): void {
    this.total++;
    this.errors.push(error);
    // Keeps memory bounded on a file of a million bad rows: only the first `cap` (by row) stay.
    if (this.errors.length > this.cap * 2) this.trim();
  }

  get count(): number {
    return this.total;
  }

  /** The errors kept (the first ones by row), sorted by row. */
  list(): CsvRowError[] {
    this.trim();
    return [...this.errors];
  }

  details(): ErrorDetail[] {
    const listed = this.list();
    const details: ErrorDetail[] = listed.map(({ row, column, message }) => ({
      index: row,
      path: column === undefined ? `row ${row}` : `row ${row}: ${column}`,
      message,
    }));
    const more = this.total - listed.length;
    if (more > 0) details.push({ path: 'rows', message: `${more} more errors not listed` });
    return details;
  }

  private trim(): void {
    this.errors.sort((a, b) => a.row - b.row);
    this.errors.length = Math.min(this.errors.length, this.cap);
  }
}

import type { CsvRowError } from './csv-report.js';

/** The header matched against the names an import knows: the name each column stands for. */
export interface CsvColumns {
  /** By column index: the canonical name, or null for a column the import ignores. */
  names: Array<string | null>;
  /** Header problems (unknown, duplicate or missing columns), on row `headerRow`. */
  errors: CsvRowError[];
}

/**
 * Matches header names case-insensitively (surrounding spaces ignored) to `known`; a name
 * `accepts(name)` admits as it is written (free columns, e.g. `attributes.note`) keeps its spelling.
 */
export function matchColumns(
  header: readonly string[],
  headerRow: number,
  known: readonly string[],
  required: readonly string[],
  accepts: (name: string) => boolean = () => false,
): CsvColumns {
  const byLower = new Map(known.map((name) => [name.toLowerCase(), name]));
  const errors: CsvRowError[] = [];
  const seen = new Set<string>();
  const names = header.map((raw): string | null => {
    const written = raw.trim();
    const name = byLower.get(written.toLowerCase()) ?? (accepts(written) ? written : undefined);
    if (name === undefined) {
      errors.push({ row: headerRow, column: written, message: 'is not a known column' });
      return null;
    }
    if (seen.has(name)) {
      errors.push({ row: headerRow, column: written, message: 'appears twice in the header' });
      return null;
    }
    seen.add(name);
    return name;
  });
  for (const name of required) {
    if (!seen.has(name)) errors.push({ row: headerRow, column: name, message: 'is a required column' });
  }
  return { names, errors };
}

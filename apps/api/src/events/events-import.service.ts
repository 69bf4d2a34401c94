import { Injectable } from '@nestjs/common';
import { MAX_EVENTS_PER_BATCH, type ErrorDetail, type EventImportResponse } from '@leaderboard/contracts';
import { Clock } from '../common/clock.js';
import { readCsv, DEFAULT_CSV_LIMITS, type CsvLimits } from '../common/csv/csv-parser.js';
import { matchColumns, type CsvColumns } from '../common/csv/csv-columns.js';
import { CsvErrorReport } from '../common/csv/csv-report.js';
import { DomainError } from '../common/domain-error.js';
import { SerialQueue } from '../common/serial-queue.js';
import { LedgerRepository } from '../repositories/ledger.repository.js';
import {
  DEFAULT_IMPORT_SOURCE,
  EVENT_CSV_COLUMNS,
  EVENT_CSV_REQUIRED,
  columnOfPath,
  eventOfRow,
  isFreeAttributeColumn,
} from './event-csv-row.js';
import { validateEventBatch, type ValidEvent } from './event-validator.js';
import { EventsService, foreignSources } from './events.service.js';

/** A row that passed the validator, kept until the whole file was judged. */
interface ImportRow {
  row: number;
  body: Record<string, unknown>;
}

const keyOf = (source: string, externalId: string): string => `${source}\u0000${externalId}`;

/**
 * `POST /api/events/import`: a CSV file of events, all or nothing. The stream is read record by
 * record; every row goes through the validator of `POST /api/events` (1,000 at a time); keys
 * repeated with other content inside the file, and keys the ledger holds with other content, are
 * row errors too. Only a file without a single bad row is stored, through `EventsService.ingest` in
 * batches of 1,000. The ledger check and the storing run in one queue (per process), so two imports
 * never interleave between them; see ARCHITECTURE.md for the window left to a concurrent
 * `POST /api/events`.
 */
@Injectable()
export class EventsImportService {
  private readonly queue = new SerialQueue();

  constructor(
    private readonly events: EventsService,
    private readonly ledger: LedgerRepository,
    private readonly clock: Clock,
  ) {}

  async import(
    source: AsyncIterable<Uint8Array | string>,
    onlySource: string | null,
    limits: CsvLimits = DEFAULT_CSV_LIMITS,
  ): Promise<EventImportResponse> {
    const report = new CsvErrorReport();
    const rows: ImportRow[] = [];
    const keys = new Map<string, { row: number; hash: string }>();
    const valid: Array<{ row: number; event: ValidEvent }> = [];
    const defaultSource = onlySource ?? DEFAULT_IMPORT_SOURCE;
    let columns: CsvColumns | null = null;
    let header: string[] = [];
    let pending: ImportRow[] = [];
    const flush = (): void => {
      this.validate(pending, onlySource, report, valid);
      rows.push(...pending);
      pending = [];
    };
    for await (const record of readCsv(source, limits)) {
      if (columns === null) {
        header = record.values;
        if (record.error) {
          report.add({ row: record.row, message: `the header: ${record.error.message}` });
          break;
        }
        columns = matchColumns(
          header,
          record.row,
          EVENT_CSV_COLUMNS,
          EVENT_CSV_REQUIRED,
          isFreeAttributeColumn,
        );
        columns.errors.forEach((error) => report.add(error));
        // Without a required column every row would fail the same way: the header says it once.
        if (EVENT_CSV_REQUIRED.some((name) => !columns?.names.includes(name))) break;
        continue;
      }
      if (record.error) {
        const column = record.error.column;
        const name = column === undefined ? undefined : (columns.names[column] ?? header[column]?.trim());
        report.add({
          row: record.row,
          ...(name === undefined ? {} : { column: name }),
          message: record.error.message,
        });
        continue;
      }
      pending.push({ row: record.row, body: eventOfRow(record.values, columns.names, defaultSource) });
      if (pending.length === MAX_EVENTS_PER_BATCH) flush();
    }
    flush();
    if (columns === null && report.count === 0) {
      throw new DomainError('BATCH_INVALID', 'The file is empty: it needs a header row and events', []);
    }
    if (report.count === 0 && rows.length === 0) {
      throw new DomainError('BATCH_INVALID', 'The file has a header but no events', []);
    }
    for (const { row, event } of valid) {
      const key = keyOf(event.source, event.externalId);
      const first = keys.get(key);
      if (first === undefined) keys.set(key, { row, hash: event.contentHash });
      else if (first.hash !== event.contentHash) {
        report.add({
          row,
          column: 'externalId',
          message: `same source and externalId as row ${first.row} with different content`,
        });
      }
    }
    return this.queue.run(async () => {
      const invalid = report.count;
      await this.checkLedger(keys, report);
      if (report.count > 0) {
        const conflictsOnly = invalid === 0;
        throw new DomainError(
          conflictsOnly ? 'EVENT_CONFLICT' : 'BATCH_INVALID',
          `The file has ${report.count} bad rows; nothing was stored`,
          report.details(),
        );
      }
      return this.store(rows, onlySource);
    });
  }

  /** Validates a chunk of rows with the validator of `POST /api/events`; bad rows go to the report. */
  private validate(
    chunk: ImportRow[],
    onlySource: string | null,
    report: CsvErrorReport,
    valid: Array<{ row: number; event: ValidEvent }>,
  ): void {
    if (chunk.length === 0) return;
    const now = this.clock.now();
    let result = validateEventBatch({ events: chunk.map((r) => r.body) }, now);
    let good = chunk;
    if (!result.ok) {
      const bad = new Set<number>();
      for (const problem of result.problems) this.addProblem(chunk, problem, report, bad);
      // The rows without a problem are judged again alone: their keys still count (repeats, conflicts).
      good = chunk.filter((_, index) => !bad.has(index));
      if (good.length === 0) return;
      result = validateEventBatch({ events: good.map((r) => r.body) }, now);
      if (!result.ok) return;
    }
    const events = result.events;
    const foreign = onlySource === null ? [] : foreignSources(events, onlySource, true);
    const refused = new Set<number>();
    for (const problem of foreign) this.addProblem(good, problem, report, refused);
    events.forEach((event, index) => {
      if (!refused.has(index)) valid.push({ row: good[index].row, event });
    });
  }

  private addProblem(
    chunk: ImportRow[],
    problem: ErrorDetail,
    report: CsvErrorReport,
    bad: Set<number>,
  ): void {
    const index = problem.index ?? 0;
    bad.add(index);
    const column = columnOfPath(problem.path);
    report.add({
      row: chunk[index].row,
      ...(column === undefined ? {} : { column }),
      message: problem.message,
    });
  }

  /** A key the ledger holds with other content (409 for `POST /api/events`) is a row error here. */
  private async checkLedger(
    keys: Map<string, { row: number; hash: string }>,
    report: CsvErrorReport,
  ): Promise<void> {
    const entries = [...keys];
    for (let i = 0; i < entries.length; i += MAX_EVENTS_PER_BATCH) {
      const part = entries.slice(i, i + MAX_EVENTS_PER_BATCH);
      const stored = await this.ledger.contentHashes(
        part.map(([key]) => key.split('\u0000')[0]),
        part.map(([key]) => key.slice(key.indexOf('\u0000') + 1)),
      );
      for (const s of stored) {
        const mine = keys.get(keyOf(s.source, s.external_id));
        if (mine !== undefined && mine.hash !== s.content_hash) {
          report.add({
            row: mine.row,
            column: 'externalId',
            message: `an event with source "${s.source}" and externalId "${s.external_id}" is stored with different content`,
          });
        }
      }
    }
  }

  /** Ingests every row in batches of 1,000 and counts the statuses. */
  private async store(rows: ImportRow[], onlySource: string | null): Promise<EventImportResponse> {
    const answer: EventImportResponse = { rows: rows.length, created: 0, duplicate: 0, held: 0 };
    for (let i = 0; i < rows.length; i += MAX_EVENTS_PER_BATCH) {
      const batch = rows.slice(i, i + MAX_EVENTS_PER_BATCH);
      try {
        const { results } = await this.events.ingest({ events: batch.map((r) => r.body) }, onlySource);
        for (const { status } of results) answer[status]++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // A concurrent write between the check and this batch: say what was stored.
        throw new DomainError(
          error.code,
          `${error.message} (rows before row ${batch[0].row} were stored; uploading the file again completes it)`,
          error.details.map((d) => ({
            ...d,
            ...(d.index === undefined
              ? {}
              : { index: batch[d.index].row, path: `row ${batch[d.index].row}` }),
          })),
        );
      }
    }
    return answer;
  }
}

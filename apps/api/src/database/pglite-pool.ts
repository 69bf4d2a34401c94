import { EventEmitter } from 'node:events';
import { PGlite, types, type PGliteOptions } from '@electric-sql/pglite';

interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command: string | undefined;
  fields: Array<{ name: string; dataTypeID: number }>;
}

type ConnectCallback = (
  error: unknown,
  client: PgliteClient | null,
  release: (error?: unknown) => void,
) => void;

/** Serialises holders of the one embedded connection: a pool of size one, like `pg.Pool({ max: 1 })`. */
class Mutex {
  private locked = false;
  private readonly waiters: Array<() => void> = [];

  async acquire(): Promise<() => void> {
    if (this.locked) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.locked = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.locked = false;
    };
  }
}

/** The connection handed to TypeORM: answers `query` in the shape of node-postgres. */
class PgliteClient extends EventEmitter {
  constructor(readonly db: PGlite) {
    super();
  }

  /** A text and its parameters, or a node-postgres query config (its `name` means nothing here). */
  async query(
    statement: string | { text: string; values?: unknown[] },
    values?: unknown[],
  ): Promise<PgLikeResult> {
    const sql = typeof statement === 'string' ? statement : statement.text;
    const params = typeof statement === 'string' ? values : statement.values;
    if (params !== undefined && params.length > 0) {
      const result = await this.db.query(sql, params);
      return {
        rows: result.rows,
        rowCount: result.affectedRows ?? result.rows.length,
        command: (result as { command?: string }).command,
        fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
      };
    }
    const results = await this.db.exec(sql);
    const last = results[results.length - 1];
    return {
      rows: last?.rows ?? [],
      rowCount: last?.affectedRows ?? last?.rows.length ?? 0,
      command: (last as { command?: string } | undefined)?.command,
      fields: (last?.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    };
  }
}

export interface PgliteDriverHandle {
  /** Pass as the `driver` option of a TypeORM `postgres` data source. */
  driver: { Pool: new () => EventEmitter };
  /** The embedded database, once TypeORM has connected. */
  instance(): Promise<PGlite>;
}

/**
 * A TypeORM driver for embedded PGlite with one instance per data source (tests run several in
 * one process) and a connection lock, so that a transaction is never interleaved with statements
 * of another request: PGlite has a single session, and `typeorm-pglite` shares it without a lock.
 */
export function createPgliteDriver(options: PGliteOptions): PgliteDriverHandle {
  const boolSerializer = (value: unknown): string =>
    value === true || value === 'true'
      ? 'TRUE'
      : value === false || value === 'false'
        ? 'FALSE'
        : String(value);
  let dbPromise: Promise<PGlite> | null = null;
  const open = (): Promise<PGlite> => {
    dbPromise ??= PGlite.create({
      ...options,
      serializers: { [types.BOOL]: boolSerializer, ...options.serializers },
    });
    return dbPromise;
  };
  const mutex = new Mutex();

  class PglitePool extends EventEmitter {
    async connect(callback: ConnectCallback): Promise<void> {
      let release: (() => void) | null = null;
      try {
        const db = await open();
        release = await mutex.acquire();
        const done = release;
        callback(null, new PgliteClient(db), () => done());
      } catch (error) {
        release?.();
        callback(error, null, () => undefined);
      }
    }

    end(callback: (error: unknown) => void): void {
      const closing = dbPromise;
      dbPromise = null;
      if (!closing) {
        callback(null);
        return;
      }
      closing
        .then((db) => db.close())
        .then(
          () => callback(null),
          (error: unknown) => callback(error),
        );
    }
  }

  return { driver: { Pool: PglitePool }, instance: open };
}

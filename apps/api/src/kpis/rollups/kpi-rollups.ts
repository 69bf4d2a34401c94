/**
 * Keeps the KPI rollups (migration 1763800014500) equal to what the ledger says, by one writer at
 * a time: every catch-up holds the row lock of `kpi_rollup_state` for its whole transaction, so
 * the follower of the writer process, a KPI request catching up before it reads, another process
 * and `npm run rebuild` never interleave. ARCHITECTURE.md "KPIs" says why this is exact.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { modifyReturning } from '../../database/sql.js';
import { textAttribute as s } from '../kpi-sql.js';
import {
  DEAL_TYPES,
  ROLLUP_TABLES,
  deleteMonths,
  insertDealEvents,
  insertGroups,
  insertMonthGroups,
  insertPipeline,
  insertRepDays,
  insertRepMonths,
  keysCte,
  monthsCte,
  localDay,
  updateUntil,
  type RollupTables,
} from './rollup-sql.js';

export interface CatchUpReport {
  /** `incremental`: the keys touched since the cursor; `rebuilt`: the zone or the ledger changed. */
  kind: 'idle' | 'incremental' | 'rebuilt';
  /** (rep, day) keys recomputed. */
  keys: number;
  cursor: bigint;
  /**
   * `kpi_rollup_state.version` after the catch-up: it changes in every transaction that changes a
   * rollup row, so two catch-ups returning the same version saw the same rollups.
   */
  version: string;
}

/** One table's rows that a rebuild found stored but not computed, or computed but not stored. */
export interface RollupDifference {
  table: string;
  /** Rows stored that the ledger does not give (or gives otherwise). */
  stored: number;
  /** Rows the ledger gives that were not stored (or stored otherwise). */
  computed: number;
  /** The first few of each, as `stored: <row>` / `computed: <row>`. */
  samples: string[];
}

interface StateRow {
  cursor: string;
  version: string;
  zone: string | null;
  ledger: string | null;
}

const SAMPLES = 5;

/** Rows written or attached since the cursor, and the events voids since then name. */
const TOUCHED = `
  WITH fresh AS (
    SELECT e.rep_id, e.occurred_at, e.type, e.attributes AS a FROM events e
    WHERE e.tx >= $1::bigint AND e.type <> 'void'
    UNION ALL
    SELECT t.rep_id, t.occurred_at, t.type, t.attributes FROM events v
    JOIN events t ON t.source = v.voids_source AND t.external_id = v.voids_external_id
    WHERE v.tx >= $1::bigint AND v.type = 'void' AND t.type <> 'void'
  )
  SELECT DISTINCT rep_id::text AS rep_id, ${localDay('occurred_at', '$2')}::text AS day,
         CASE WHEN type IN ${DEAL_TYPES} THEN ${s('dealId')} END AS deal
  FROM fresh WHERE rep_id IS NOT NULL`;

/** The (rep, day) keys whose figures depend on the deal events of the deals `$1`. */
const DEAL_KEYS = `
  SELECT rep_id::text AS rep_id, ${localDay('occurred_at', '$2')}::text AS day FROM kpi_deal_events
  WHERE deal_id = ANY ($1::text[])
  UNION
  SELECT rep_id::text, ${localDay('until_at', '$2')}::text FROM kpi_deal_events
  WHERE deal_id = ANY ($1::text[]) AND until_at IS NOT NULL`;

const DROP_VOIDED_DEAL_EVENTS = `
  DELETE FROM kpi_deal_events d USING events v, events t
  WHERE v.tx >= $1::bigint AND v.type = 'void'
    AND t.source = v.voids_source AND t.external_id = v.voids_external_id AND d.event_id = t.id`;

@Injectable()
export class KpiRollups {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Brings the rollups up to the ledger as this transaction sees it: rebuilt whole when the zone
   * differs from the one they were built in or the ledger is another table (TRUNCATE, restore),
   * else the keys touched by every row visible with `tx >=` the cursor recomputed. The cursor
   * moves to the xmin read first (rows at or above it are looked at again next time: recomputing
   * a key twice is harmless), so a row of a transaction still running then is never skipped.
   */
  catchUp(zone: string): Promise<CatchUpReport> {
    return this.dataSource.transaction(async (m) => {
      const xmin = await currentXmin(m);
      const state = await lockState(m);
      const ledger = await ledgerFile(m);
      if (state.zone !== zone || state.ledger !== ledger) {
        await clear(m, ROLLUP_TABLES);
        await build(m, ROLLUP_TABLES, zone);
        const version = await saveState(m, xmin, zone, ledger, true);
        return { kind: 'rebuilt', keys: 0, cursor: xmin, version };
      }
      const cursor = BigInt(state.cursor);
      const next = xmin > cursor ? xmin : cursor;
      const touched = await m.query<Array<{ rep_id: string; day: string; deal: string | null }>>(TOUCHED, [
        cursor.toString(),
        zone,
      ]);
      if (touched.length === 0) {
        if (next !== cursor) await saveState(m, next, zone, ledger, false);
        return { kind: 'idle', keys: 0, cursor: next, version: state.version };
      }
      const keys = new Map<string, [string, string]>();
      const addKey = (rep: string, day: string): void => void keys.set(`${rep}|${day}`, [rep, day]);
      const deals = new Set<string>();
      for (const r of touched) {
        addKey(r.rep_id, r.day);
        if (r.deal !== null) deals.add(r.deal);
      }
      const dealList = [...deals];
      const dealKeys = async (): Promise<void> => {
        if (dealList.length === 0) return;
        const rows = await m.query<Array<{ rep_id: string; day: string }>>(DEAL_KEYS, [dealList, zone]);
        for (const r of rows) addKey(r.rep_id, r.day);
      };
      // The days a deal's events counted in before and after the change both change.
      await dealKeys();
      await m.query(DROP_VOIDED_DEAL_EVENTS, [cursor.toString()]);
      await m.query(insertDealEvents(ROLLUP_TABLES, '$1'), [cursor.toString()]);
      if (dealList.length > 0) await m.query(updateUntil(ROLLUP_TABLES, '$1'), [dealList]);
      await dealKeys();
      await recomputeKeys(m, [...keys.values()], zone);
      const version = await saveState(m, next, zone, ledger, true);
      return { kind: 'incremental', keys: keys.size, cursor: next, version };
    });
  }

  /**
   * The rollups' version when they already hold every row this statement's snapshot sees (no row
   * at or above the cursor: every row below it was committed before the snapshot of the catch-up
   * that stored it, which read it), in the zone `zone` and of this ledger; else null (then a
   * catch-up answers). No lock: a request need not wait behind the follower.
   */
  async settledVersion(zone: string): Promise<string | null> {
    const states = await this.dataSource.query<Array<{ version: string; cursor: string; same: boolean }>>(
      `SELECT version::text AS version, cursor::text AS cursor,
              zone = $1 AND ledger = pg_relation_filenode('events')::text AS same
       FROM kpi_rollup_state WHERE id = 1`,
      [zone],
    );
    const state = states[0];
    if (!state || !state.same) return null;
    // The cursor as a value (not a column of the outer query): the planner reads the newest block
    // ranges through the BRIN index on tx instead of the whole ledger. A row committed after the
    // first statement is newer than what it asks about (the next request catches up).
    const fresh = await this.dataSource.query<Array<{ any: boolean }>>(
      'SELECT EXISTS (SELECT 1 FROM events WHERE tx >= $1::bigint) AS any',
      [state.cursor],
    );
    return fresh[0]?.any === false ? state.version : null;
  }

  /**
   * `npm run rebuild`: recomputes every rollup from the ledger into temporary tables, reports each
   * difference with what was stored, then stores the recomputed rows.
   */
  rebuild(zone: string): Promise<RollupDifference[]> {
    return this.dataSource.transaction(async (m) => {
      const xmin = await currentXmin(m);
      await lockState(m);
      const ledger = await ledgerFile(m);
      const fresh: RollupTables = {
        repDays: 'kpi_new_rep_days',
        groups: 'kpi_new_rep_day_groups',
        pipeline: 'kpi_new_rep_day_pipeline',
        dealEvents: 'kpi_new_deal_events',
        repMonths: 'kpi_new_rep_months',
        monthGroups: 'kpi_new_rep_month_groups',
      };
      for (const [key, table] of Object.entries(ROLLUP_TABLES)) {
        await m.query(
          `CREATE TEMP TABLE ${fresh[key as keyof RollupTables]} (LIKE ${table} INCLUDING ALL) ON COMMIT DROP`,
        );
      }
      await build(m, fresh, zone);
      const differences: RollupDifference[] = [];
      for (const [key, table] of Object.entries(ROLLUP_TABLES)) {
        const other = fresh[key as keyof RollupTables];
        const onlyIn = (a: string, b: string): Promise<Array<{ row: string }>> =>
          m.query(`SELECT x::text AS row FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b}) x`);
        const stored = await onlyIn(table, other);
        const computed = await onlyIn(other, table);
        if (stored.length === 0 && computed.length === 0) continue;
        differences.push({
          table,
          stored: stored.length,
          computed: computed.length,
          samples: [
            ...stored.slice(0, SAMPLES).map((r) => `stored:   ${r.row}`),
            ...computed.slice(0, SAMPLES).map((r) => `computed: ${r.row}`),
          ],
        });
        await m.query(`DELETE FROM ${table}`);
        await m.query(`INSERT INTO ${table} SELECT * FROM ${other}`);
      }
      await saveState(m, xmin, zone, ledger, differences.length > 0);
      return differences;
    });
  }
}

async function currentXmin(m: EntityManager): Promise<bigint> {
  const rows = await m.query<Array<{ xmin: string }>>(
    'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin',
  );
  return BigInt((rows[0] as { xmin: string }).xmin);
}

async function lockState(m: EntityManager): Promise<StateRow> {
  const rows = await m.query<StateRow[]>(
    'SELECT cursor::text AS cursor, version::text AS version, zone, ledger FROM kpi_rollup_state WHERE id = 1 FOR UPDATE',
  );
  return rows[0] as StateRow;
}

/** The `events` table's file: a TRUNCATE or a restore gives it a new one. */
async function ledgerFile(m: EntityManager): Promise<string> {
  const rows = await m.query<Array<{ ledger: string }>>(
    `SELECT pg_relation_filenode('events')::text AS ledger`,
  );
  return (rows[0] as { ledger: string }).ledger;
}

/** Stores the cursor; `changed`: this transaction changed rollup rows, so the version is new. */
async function saveState(
  m: EntityManager,
  cursor: bigint,
  zone: string,
  ledger: string,
  changed: boolean,
): Promise<string> {
  const rows = await modifyReturning<{ version: string }>(
    m,
    `UPDATE kpi_rollup_state SET cursor = $1::bigint, zone = $2, ledger = $3, built_at = now()
       ${changed ? ', version = gen_random_uuid()' : ''}
     WHERE id = 1 RETURNING version::text AS version`,
    [cursor.toString(), zone, ledger],
  );
  return (rows[0] as { version: string }).version;
}

async function clear(m: EntityManager, t: RollupTables): Promise<void> {
  for (const table of Object.values(t)) await m.query(`DELETE FROM ${table}`);
}

/** Fills empty tables `t` from the whole ledger (deal events first: cycles and pipeline read them). */
async function build(m: EntityManager, t: RollupTables, zone: string): Promise<void> {
  await m.query(insertDealEvents(t, null));
  await m.query(updateUntil(t, null));
  await m.query(insertRepDays(t, '$1', null), [zone]);
  await m.query(insertGroups(t, '$1', null), [zone]);
  await m.query(insertPipeline(t, '$1', null), [zone]);
  await m.query(insertRepMonths(t, null));
  await m.query(insertMonthGroups(t, null));
}

/** Deletes and recomputes the rows of the (rep, day) keys, then the months they are in. */
async function recomputeKeys(m: EntityManager, keys: Array<[string, string]>, zone: string): Promise<void> {
  const reps = keys.map((k) => k[0]);
  const days = keys.map((k) => k[1]);
  const keyed = keysCte('$1', '$2');
  for (const table of [ROLLUP_TABLES.repDays, ROLLUP_TABLES.groups, ROLLUP_TABLES.pipeline]) {
    await modifyReturning(
      m,
      `DELETE FROM ${table} d USING unnest($1::uuid[], $2::date[]) AS k(rep_id, day)
       WHERE d.rep_id = k.rep_id AND d.day = k.day`,
      [reps, days],
    );
  }
  await m.query(insertRepDays(ROLLUP_TABLES, '$3', keyed), [reps, days, zone]);
  await m.query(insertGroups(ROLLUP_TABLES, '$3', keyed), [reps, days, zone]);
  await m.query(insertPipeline(ROLLUP_TABLES, '$3', keyed), [reps, days, zone]);
  // The months of those keys, from their days.
  const months = monthsCte('$1', '$2');
  for (const table of [ROLLUP_TABLES.repMonths, ROLLUP_TABLES.monthGroups]) {
    await modifyReturning(m, deleteMonths(table, months), [reps, days]);
  }
  await m.query(insertRepMonths(ROLLUP_TABLES, months), [reps, days]);
  await m.query(insertMonthGroups(ROLLUP_TABLES, months), [reps, days]);
}

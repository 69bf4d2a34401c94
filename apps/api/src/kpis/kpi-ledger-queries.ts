/**
 * The queries that keep the KPI bucket cache exact (kpi-bucket-cache.ts, kpi-aggregates.ts): where
 * the ledger stands, and which cached entries a row written since their cursor touches.
 */
import type { EntityManager } from 'typeorm';

/**
 * Where the ledger stands: the xmin of this statement's snapshot (every transaction below it has
 * finished, so every row with `tx` below it is visible from now on) and the `events` table's file
 * (a TRUNCATE changes it).
 */
export async function ledgerCursor(db: EntityManager): Promise<{ xmin: bigint; ledger: string }> {
  const rows = await db.query<Array<{ xmin: string; ledger: string }>>(
    `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, pg_relation_filenode('events')::text AS ledger`,
  );
  const row = rows[0] as { xmin: string; ledger: string };
  return { xmin: BigInt(row.xmin), ledger: row.ledger };
}

/** One condition of a cached aggregate (`KpiTouch` of kpi-bucket-cache.ts) with its cursor. */
export interface TouchProbe {
  /** Which entry the condition belongs to. */
  entry: number;
  cursor: bigint;
  from: Date | null;
  to: Date;
  types: readonly string[] | null;
}

/**
 * The entries that a row written or attached since their cursor touches: an event (`tx >=
 * cursor`) of the probe's types with `occurred_at` in its range, or a void (`tx >= cursor`) of
 * such an event, whenever the void itself occurred. One pass over the rows since the oldest
 * cursor (the BRIN index on tx: they sit at the end of the table).
 */
export async function touchedSince(db: EntityManager, probes: readonly TouchProbe[]): Promise<Set<number>> {
  if (probes.length === 0) return new Set();
  const oldest = probes.reduce((min, p) => (p.cursor < min ? p.cursor : min), probes[0]?.cursor as bigint);
  const rows = await db.query<Array<{ entry: number }>>(
    `WITH recent AS MATERIALIZED (
       SELECT e.tx, e.type, e.occurred_at AS at FROM events e WHERE e.tx >= $1::bigint
       UNION ALL
       SELECT v.tx, t.type, t.occurred_at FROM events v
       JOIN events t ON t.source = v.voids_source AND t.external_id = v.voids_external_id
       WHERE v.tx >= $1::bigint AND v.type = 'void'
     )
     SELECT DISTINCT p.entry
     FROM unnest($2::int[], $3::bigint[], $4::timestamptz[], $5::timestamptz[], $6::text[])
          AS p(entry, cursor, lo, hi, types)
     WHERE EXISTS (SELECT 1 FROM recent r
                   WHERE r.tx >= p.cursor AND r.at < p.hi AND (p.lo IS NULL OR r.at >= p.lo)
                     AND (p.types IS NULL OR r.type = ANY (string_to_array(p.types, ','))))`,
    [
      oldest.toString(),
      probes.map((p) => p.entry),
      probes.map((p) => p.cursor.toString()),
      probes.map((p) => p.from),
      probes.map((p) => p.to),
      probes.map((p) => (p.types === null ? null : p.types.join(','))),
    ],
  );
  return new Set(rows.map((r) => Number(r.entry)));
}

import type { ProjectionRow } from '@leaderboard/scoring';
import type { StoredTotal } from '../repositories/projection.repository.js';
import { projectionKey } from './period-keys.js';

export interface ProjectionDifference {
  repId: string;
  period: string;
  periodKey: string;
  stored: number;
  computed: number;
}

/** Stored vs computed; a missing row counts as zero. */
export function diffProjection(stored: StoredTotal[], computed: ProjectionRow[]): ProjectionDifference[] {
  const storedByKey = new Map(stored.map((s) => [projectionKey(s.repId, s.period, s.periodKey), s]));
  const differences: ProjectionDifference[] = [];
  for (const c of computed) {
    const key = projectionKey(c.repId, c.period, c.periodKey);
    const s = storedByKey.get(key);
    storedByKey.delete(key);
    const storedMilli = s?.milliPoints ?? 0;
    if (storedMilli !== c.milliPoints) {
      differences.push({
        repId: c.repId,
        period: c.period,
        periodKey: c.periodKey,
        stored: storedMilli,
        computed: c.milliPoints,
      });
    }
  }
  for (const s of storedByKey.values()) {
    if (s.milliPoints !== 0) {
      differences.push({
        repId: s.repId,
        period: s.period,
        periodKey: s.periodKey,
        stored: s.milliPoints,
        computed: 0,
      });
    }
  }
  differences.sort((a, b) =>
    a.repId === b.repId
      ? a.period === b.period
        ? a.periodKey.localeCompare(b.periodKey)
        : a.period.localeCompare(b.period)
      : a.repId.localeCompare(b.repId),
  );
  return differences;
}

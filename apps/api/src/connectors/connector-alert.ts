import type { ConnectorAlert } from '@leaderboard/contracts';
import type { ConnectorFacts } from '../repositories/connector-health.repository.js';

const HOUR_MS = 3_600_000;
/** Silent: no delivery for this many usual gaps (and at least an hour). */
const SILENT_GAPS = 4;
/** The usual gap between deliveries is the median over this window. */
export const GAP_WINDOW_MS = 7 * 24 * HOUR_MS;

/**
 * The worst thing wrong with a connector now: `failing` (its latest deliveries were all unmapped
 * or failed, or its last backfill or catch-up failed), `silent` (it has a usual rhythm and nothing
 * came for max(1 h, 4 usual gaps)), `unmapped` (events wait, held, for a CRM user to be mapped).
 */
export function alertOf(facts: ConnectorFacts, now: number): ConnectorAlert | null {
  if ((facts.recent > 0 && facts.recent_bad === facts.recent) || facts.last_job_status === 'failed')
    return 'failing';
  if (facts.usual_gap_seconds !== null && facts.last_delivery_at !== null) {
    const quiet = now - new Date(facts.last_delivery_at).getTime();
    if (quiet > Math.max(HOUR_MS, SILENT_GAPS * facts.usual_gap_seconds * 1000)) return 'silent';
  }
  if (facts.held_events > 0) return 'unmapped';
  return null;
}

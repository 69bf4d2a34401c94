/** What-if: scores of a window [from, to) under the published versions vs a draft (SPEC 4, 9). */
import type { PreviewFigures, PreviewResponse, RuleSetDocument } from '@leaderboard/contracts';
import { replay } from './engine.js';
import type { RepProfile, RuleSetVersion, ScoringEvent } from './engine-api.js';
import { milliToPoints } from './milli.js';
import { rankRows } from '@leaderboard/contracts';
import type { CompiledTier } from './rule-set.js';
import { emptyStats, tierFor } from './stats.js';

export interface PreviewInput {
  events: ScoringEvent[];
  reps: RepProfile[];
  versions: RuleSetVersion[];
  draft: RuleSetDocument;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
}

/** effectiveFrom of a draft previewed alone: before every event. */
export const BEGINNING_OF_TIME = -8.64e15;

function figures(
  reps: RepProfile[],
  summary: Map<string, { milli: number; stats: ReturnType<typeof emptyStats> }>,
  tiers: readonly CompiledTier[],
): Map<string, PreviewFigures> {
  const ranked = rankRows(
    reps.map((r) => ({ repId: r.id, name: r.name, milliPoints: summary.get(r.id)?.milli ?? 0 })),
  );
  const out = new Map<string, PreviewFigures>();
  for (const row of ranked) {
    const s = summary.get(row.repId);
    const tier = tierFor(tiers, row.milliPoints, s ? s.stats : emptyStats());
    out.set(row.repId, {
      points: milliToPoints(row.milliPoints),
      milliPoints: row.milliPoints,
      rank: row.rank,
      tier: tier ? tier.name : null,
      payout: tier ? tier.payout : 0,
    });
  }
  return out;
}

/**
 * Per rep (active ones, plus any rep with events in the window): window totals, rank, tier and
 * payout now (published versions; tiers of the version in effect at the end of the window) vs the
 * draft alone. Caps and voids see every event, the window only selects what is summed.
 */
export function previewRuleSet(input: PreviewInput): PreviewResponse {
  const { events, versions, draft, from, to } = input;
  const nowEngine = replay({ versions, reps: input.reps }, events);
  const draftEngine = replay(
    { versions: [{ id: 'draft', effectiveFrom: BEGINNING_OF_TIME, document: draft }], reps: input.reps },
    events,
  );
  const nowSummary = nowEngine.windowSummary(from, to);
  const draftSummary = draftEngine.windowSummary(from, to);
  const reps = input.reps.filter((r) => r.active || nowSummary.has(r.id) || draftSummary.has(r.id));
  const nowTiers = nowEngine.timeline.at(Math.max(from, to - 1)).tiers;
  const draftTiers = draftEngine.timeline.newest().tiers;
  const now = figures(reps, nowSummary, nowTiers);
  const draftFigures = figures(reps, draftSummary, draftTiers);
  const rows = reps.map((r) => ({
    repId: r.id,
    name: r.name,
    now: now.get(r.id) as PreviewFigures,
    draft: draftFigures.get(r.id) as PreviewFigures,
  }));
  rows.sort(
    (a, b) =>
      a.draft.rank - b.draft.rank ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.repId < b.repId ? -1 : a.repId > b.repId ? 1 : 0),
  );
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    currency: draft.currency,
    rows,
  };
}

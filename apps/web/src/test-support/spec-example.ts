/**
 * The rule set example of SPEC 4a, verbatim, from its one source: libs/scoring publishes it for a
 * new organisation (`DEFAULT_RULE_SET`). The editor's tests start from it; only specs import
 * libs/scoring, so the web bundle does not.
 */
export { DEFAULT_RULE_SET as SPEC_EXAMPLE } from '@leaderboard/scoring';

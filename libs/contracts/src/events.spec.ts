import { EVENT_TYPES, ACTIVITY_EVENT_TYPES, OUTCOME_EVENT_TYPES } from './events.js';

describe('event types', () => {
  it('lists every activity and outcome type once, plus void', () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(EVENT_TYPES).toHaveLength(ACTIVITY_EVENT_TYPES.length + OUTCOME_EVENT_TYPES.length + 1);
    expect(EVENT_TYPES).toContain('void');
  });
});

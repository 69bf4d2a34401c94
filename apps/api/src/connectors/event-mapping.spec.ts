import type { ConnectorStage } from '@leaderboard/contracts';
import type { MappedEvent } from './connector-adapter.js';
import { eventsOf, eventTypeOf, placeholderRep } from './event-mapping.js';

const move = (
  stageId: string,
  semantic: 'won' | 'lost' | 'open' | null,
  type: MappedEvent['type'] = null,
): MappedEvent => ({
  externalId: `d1:${stageId}`,
  type,
  crmUserId: '42',
  occurredAt: '2026-11-18T10:00:00+03:00',
  attributes: {},
  stage: { pipelineId: 'p1', stageId, semantic },
});

describe('eventTypeOf', () => {
  const stages: ConnectorStage[] = [
    { pipelineId: 'p1', stageId: 'demo', type: 'demo_held' },
    { pipelineId: null, stageId: 'trash', type: null },
    { pipelineId: 'p2', stageId: '142', type: 'deal_lost' },
  ];

  it("takes the CRM's own meaning when the map says nothing: won, lost, otherwise a stage move", () => {
    expect(eventTypeOf(move('142', 'won'), stages)).toBe('deal_won');
    expect(eventTypeOf(move('143', 'lost'), stages)).toBe('deal_lost');
    expect(eventTypeOf(move('20067736', 'open'), stages)).toBe('deal_stage_changed');
    expect(eventTypeOf(move('x', null, 'call'), stages)).toBe('call');
  });

  it("lets the manager's map decide first: a type, or null to ignore (any pipeline when the map names none)", () => {
    expect(eventTypeOf(move('demo', 'open'), stages)).toBe('demo_held');
    expect(eventTypeOf(move('trash', 'lost'), stages)).toBeNull();
  });
});

describe('eventsOf', () => {
  it('builds ledger events under the connector source, held under a placeholder for unmapped users', () => {
    const repOf = (crmUserId: string) => (crmUserId === '7' ? 'anna' : placeholderRep('c1', crmUserId));
    const mapped: MappedEvent[] = [
      { ...move('142', 'won'), crmUserId: '7' },
      move('142', 'won'),
      { ...move('143', 'lost'), crmUserId: null },
      move('trash', null),
    ];
    const { inputs, ignored } = eventsOf('c1', mapped, repOf, [
      { pipelineId: null, stageId: 'trash', type: null },
    ]);
    expect(inputs.map((e) => [e.source, e.type, e.rep])).toEqual([
      ['connector:c1', 'deal_won', 'anna'],
      ['connector:c1', 'deal_won', 'crm:c1:42'],
    ]);
    expect(ignored).toEqual(['d1:143: names no CRM user', 'd1:trash: the stage map ignores stage trash']);
  });
});

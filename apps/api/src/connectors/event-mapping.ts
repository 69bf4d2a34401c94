import type { ConnectorStage, EventInput, EventType } from '@leaderboard/contracts';
import type { MappedEvent } from './connector-adapter.js';

/** The rep key events of an unmapped CRM user are held under until a manager maps the user. */
export function placeholderRep(connectorId: string, crmUserId: string): string {
  return `crm:${connectorId}:${crmUserId}`;
}

/** The source of a connector's events in the ledger. */
export function connectorSource(connectorId: string): string {
  return `connector:${connectorId}`;
}

/**
 * The event type of a mapped event: the manager's stage map for its stage first (null: ignored),
 * then the type the payload says, then the CRM's own meaning of the stage (won, lost), and
 * otherwise a stage move.
 */
export function eventTypeOf(event: MappedEvent, stages: readonly ConnectorStage[]): EventType | null {
  const stage = event.stage;
  if (stage !== undefined) {
    const entry =
      stages.find((s) => s.stageId === stage.stageId && s.pipelineId === stage.pipelineId) ??
      stages.find((s) => s.stageId === stage.stageId && s.pipelineId === null);
    if (entry !== undefined) return entry.type;
  }
  if (event.type !== null) return event.type;
  if (stage?.semantic === 'won') return 'deal_won';
  if (stage?.semantic === 'lost') return 'deal_lost';
  return 'deal_stage_changed';
}

/**
 * The ledger events of a delivery's mapped events: `repOf` names each CRM user's rep key (or its
 * placeholder); events without a CRM user or whose stage the map ignores are listed in `ignored`.
 */
export function eventsOf(
  connectorId: string,
  mapped: readonly MappedEvent[],
  repOf: (crmUserId: string) => string,
  stages: readonly ConnectorStage[],
): { inputs: EventInput[]; ignored: string[] } {
  const inputs: EventInput[] = [];
  const ignored: string[] = [];
  for (const event of mapped) {
    const type = eventTypeOf(event, stages);
    if (type === null) {
      ignored.push(`${event.externalId}: the stage map ignores stage ${event.stage?.stageId ?? ''}`);
    } else if (event.crmUserId === null) {
      ignored.push(`${event.externalId}: names no CRM user`);
    } else {
      inputs.push({
        source: connectorSource(connectorId),
        externalId: event.externalId,
        type,
        rep: repOf(event.crmUserId),
        occurredAt: event.occurredAt,
        attributes: event.attributes,
      });
    }
  }
  return { inputs, ignored };
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES, type EventAttributes, type EventType, type IngestStatus } from '@leaderboard/contracts';

/** OpenAPI description only: the ingest body is validated by the hand-written `validateEventBatch`. */
export class EventKeyDto {
  @ApiProperty({ maxLength: 200 }) source: string;
  @ApiProperty({ maxLength: 200 }) externalId: string;
}

export class EventInputDto extends EventKeyDto {
  @ApiProperty({ enum: EVENT_TYPES }) type: EventType;
  @ApiProperty({ description: "The rep's key (CRM owner id or e-mail)", maxLength: 200 }) rep: string;
  @ApiProperty({ example: '2026-11-20T10:15:00+03:00', description: 'ISO-8601 with an offset or Z' })
  occurredAt: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    description: 'Flat object; amount, margin and mrr are integers in minor currency units',
  })
  attributes?: EventAttributes;
  @ApiPropertyOptional({ type: EventKeyDto, description: 'Required on (and only on) type void' })
  voids?: EventKeyDto;
}

export class EventBatchDto {
  @ApiProperty({ type: [EventInputDto], minItems: 1, maxItems: 1000 }) events: EventInputDto[];
}

export class IngestResultDto {
  @ApiProperty() externalId: string;
  @ApiProperty({ enum: ['created', 'duplicate', 'held'] }) status: IngestStatus;
}

export class IngestResponseDto {
  @ApiProperty({ type: [IngestResultDto] }) results: IngestResultDto[];
}

import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, IsISO8601 } from 'class-validator';

/**
 * `{ document }`. The document is left out of the DTO copy (`@Transform` to undefined) and read as sent
 * (RawBodyField): class-transformer rebuilt it key by key (seconds for a huge one) and dropped keys
 * such as `constructor`; validateRuleSet checks it, a missing one included (422 RULESET_INVALID).
 */
export class RuleSetBodyDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The rule set document of SPEC 4a',
  })
  @Allow()
  @Transform(() => undefined, { toClassOnly: true })
  document: Record<string, unknown>;
}

export class PublishBodyDto {
  @ApiProperty({ example: '2026-11-01T00:00:00+03:00' })
  @IsISO8601({ strict: true })
  effectiveFrom: string;
}

export class PreviewBodyDto {
  @ApiProperty({ example: '2026-10-01T00:00:00+03:00' }) @IsISO8601({ strict: true }) from: string;
  @ApiProperty({ example: '2026-11-01T00:00:00+03:00' }) @IsISO8601({ strict: true }) to: string;
}

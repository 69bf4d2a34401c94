import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  EVENT_TYPES,
  INBOX_STATUSES,
  type ConnectorSettings,
  type EventType,
  type InboxStatus,
} from '@leaderboard/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { CONNECTOR_KINDS, type ConnectorKind } from '../connector-adapter.js';

const MAX_FIELDS = 50;
/** The name column refuses a blank name: refused here as 400, not by the database. */
const NOT_BLANK = /\S/;
const MAX_VALUE = 2000;

/**
 * A flat object of at most 50 members whose values are strings of at most 2,000 characters (and,
 * with `scalars`, numbers, booleans or null).
 */
function IsFlatRecord(scalars: boolean, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isFlatRecord',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `$property must be an object of at most ${MAX_FIELDS} ${scalars ? 'scalar values' : 'strings'} of at most ${MAX_VALUE} characters`,
        ...options,
      },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= MAX_FIELDS &&
            entries.every(
              ([key, v]) =>
                key.length <= 100 &&
                ((typeof v === 'string' && v.length <= MAX_VALUE) ||
                  (scalars && (v === null || typeof v === 'boolean' || Number.isFinite(v)))),
            )
          );
        },
      },
    });
}

/** `POST /api/connectors`. */
export class CreateConnectorDto {
  @ApiProperty({ enum: CONNECTOR_KINDS })
  @IsIn(CONNECTOR_KINDS)
  kind: ConnectorKind;

  @ApiProperty({ maxLength: 120 })
  @IsString()
  @Length(1, 120)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Not secret' })
  @IsOptional()
  @IsFlatRecord(true)
  settings?: ConnectorSettings;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'The vendor scheme values; stored encrypted, shown once',
  })
  @IsOptional()
  @IsFlatRecord(false)
  credentials?: Record<string, string>;
}

/** `PATCH /api/connectors/:id`. */
export class UpdateConnectorDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsFlatRecord(true)
  settings?: ConnectorSettings;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() disabled?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Replaces the vendor values (stored encrypted, never returned); the URL secret stays',
  })
  @IsOptional()
  @IsFlatRecord(false)
  credentials?: Record<string, string>;
}

/** `POST /api/connectors/:id/backfill`. */
export class ConnectorBackfillDto {
  @ApiProperty({ minimum: 1, maximum: 730, description: 'Import the history of the last `days` days' })
  @IsInt()
  @Min(1)
  @Max(730)
  days: number;
}

/** `GET /api/connectors/:id/inbox?status=`. */
export class InboxQueryDto {
  @ApiPropertyOptional({ enum: INBOX_STATUSES })
  @IsOptional()
  @IsIn(INBOX_STATUSES)
  status?: InboxStatus;
}

/** `PUT /api/connectors/:id/users/:crmUserId`: `repId: null` unmaps. */
export class ConnectorUserDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((o: { repId: unknown }) => o.repId !== null)
  @IsUUID()
  repId: string | null;
}

const STAGE_TYPES = EVENT_TYPES.filter((t) => t !== 'void');

export class ConnectorStageDto {
  @ApiProperty({ nullable: true, type: String, maxLength: 200 })
  @ValidateIf((o: { pipelineId: unknown }) => o.pipelineId !== null)
  @IsString()
  @Length(1, 200)
  pipelineId: string | null;

  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200) stageId: string;

  @ApiProperty({ enum: STAGE_TYPES, nullable: true, description: 'null: moves into the stage are ignored' })
  @ValidateIf((o: { type: unknown }) => o.type !== null)
  @IsIn(STAGE_TYPES)
  type: EventType | null;
}

/** `PUT /api/connectors/:id/stages`: the whole stage map. */
export class ConnectorStagesDto {
  @ApiProperty({ type: [ConnectorStageDto] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ConnectorStageDto)
  stages: ConnectorStageDto[];
}

import { ApiProperty } from '@nestjs/swagger';
import { COMPETITION_MODES, type CompetitionMode } from '@leaderboard/contracts';
import { Transform } from 'class-transformer';
import { Allow, IsIn, IsISO8601, IsString, Length } from 'class-validator';

/** `POST /api/competitions`; unknown fields are refused by the global validation pipe. */
export class CreateCompetitionDto {
  @ApiProperty({ example: 'Demo week' })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ example: '2026-11-16T00:00:00+03:00', description: 'Inclusive start' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-11-21T00:00:00+03:00', description: 'Exclusive end, after from' })
  @IsISO8601({ strict: true })
  to: string;

  @ApiProperty({ enum: COMPETITION_MODES })
  @IsIn(COMPETITION_MODES)
  mode: CompetitionMode;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'A rule set document (SPEC 4a); the same validator as rule sets',
  })
  // Read as sent (RawBodyField) and checked by validateRuleSet: class-transformer's copy dropped keys.
  @Allow()
  @Transform(() => undefined, { toClassOnly: true })
  ruleSet: Record<string, unknown>;
}

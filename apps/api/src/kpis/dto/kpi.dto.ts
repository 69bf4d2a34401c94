import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ISO_4217_CURRENCIES,
  KPI_INPUT_KINDS,
  PERIODS,
  type KpiInputKind,
  type Period,
} from '@leaderboard/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const SCOPE = new RegExp(`^(org|team:${UUID}|rep:${UUID})$`, 'i');
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class KpiQueryDto {
  @ApiPropertyOptional({ enum: PERIODS, default: 'month' })
  @IsOptional()
  @IsIn(PERIODS)
  period?: Period;

  @ApiPropertyOptional({ description: '`org`, `team:<id>` or `rep:<id>`', default: 'org' })
  @IsOptional()
  @Matches(SCOPE, { message: 'scope must be org, team:<uuid> or rep:<uuid>' })
  scope?: string;

  @ApiPropertyOptional({ description: 'How many periods of trend, the newest last', default: 6 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24)
  periods?: number;

  @ApiPropertyOptional({ description: 'The newest period contains this instant (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

export class TargetsQueryDto {
  @ApiPropertyOptional({ enum: PERIODS, default: 'month' })
  @IsOptional()
  @IsIn(PERIODS)
  period?: Period;

  @ApiPropertyOptional({ description: 'The period instance containing this instant (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

export class KpiInputBodyDto {
  @ApiProperty({ enum: KPI_INPUT_KINDS })
  @IsIn(KPI_INPUT_KINDS)
  kind: KpiInputKind;

  @ApiProperty({ example: '2026-11', description: 'Month in the org time zone' })
  @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month: string;

  @ApiProperty({ description: 'Integer minor units (kopecks, cents)', example: 150000000 })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amount: number;

  @ApiProperty({ example: 'RUB' })
  @IsIn(ISO_4217_CURRENCIES, { message: 'currency must be an active ISO 4217 code like RUB' })
  currency: string;
}

export class RepTargetBodyDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  repId: string;

  @ApiProperty({ enum: PERIODS, example: 'month' })
  @IsIn(PERIODS)
  period: Period;

  @ApiProperty({
    example: '2026-11',
    description: 'YYYY-MM, YYYY-Qn, or YYYY-MM-DD (a day; a week by its first day)',
  })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$|^\d{4}-Q[1-4]$/, {
    message: 'periodKey must be YYYY-MM, YYYY-Qn or YYYY-MM-DD',
  })
  periodKey: string;

  @ApiProperty({ description: 'Integer minor units (kopecks, cents)', example: 500000000 })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amount: number;

  @ApiProperty({ example: 'RUB' })
  @IsIn(ISO_4217_CURRENCIES, { message: 'currency must be an active ISO 4217 code like RUB' })
  currency: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { PERIODS, type Period } from '@leaderboard/contracts';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { IsBoardScope } from './is-board-scope.js';

export class BoardQueryDto {
  @ApiPropertyOptional({ enum: PERIODS, default: 'month' })
  @IsOptional()
  @IsIn(PERIODS)
  period?: Period;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this team' })
  @IsOptional()
  @IsUUID()
  team?: string;

  @ApiPropertyOptional({
    description:
      'Who the board ranks: all, team:<id>, tenure:0-3m|3-12m|1-2y|2y-plus, improved, or competition:<id> (period ignored: the window is the competition own)',
    example: 'tenure:0-3m',
  })
  @IsOptional()
  @IsBoardScope()
  scope?: string;

  @ApiPropertyOptional({
    description: 'The board instance containing this instant (default: now)',
    example: '2026-11-18T12:00:00+03:00',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

export class BreakdownQueryDto {
  @ApiPropertyOptional({ enum: PERIODS, default: 'month' })
  @IsOptional()
  @IsIn(PERIODS)
  period?: Period;

  @ApiPropertyOptional({ description: 'The period instance containing this instant (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
}

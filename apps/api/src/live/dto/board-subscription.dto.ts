import { PERIODS, type BoardSubscription, type Period } from '@leaderboard/contracts';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsBoardScope } from '../../boards/dto/is-board-scope.js';

/** `board:subscribe` / `board:unsubscribe` payload, validated like an HTTP body (unknown fields refused). */
export class BoardSubscriptionDto implements BoardSubscription {
  @IsIn(PERIODS)
  period: Period;

  @IsOptional()
  @IsUUID()
  team?: string;

  @IsOptional()
  @IsBoardScope()
  scope?: string;
}

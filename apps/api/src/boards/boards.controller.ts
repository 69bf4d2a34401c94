import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  requestedScope,
  type BoardResponse,
  type BreakdownResponse,
  type DisplaySettings,
} from '@leaderboard/contracts';
import { Allow, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../common/domain-error.js';
import { BoardsService } from './boards.service.js';
import { BoardQueryDto, BreakdownQueryDto } from './dto/board-query.dto.js';

@ApiTags('boards')
@ApiBearerAuth()
@Controller()
export class BoardsController {
  constructor(private readonly boards: BoardsService) {}

  @Get('boards')
  @Allow('admin', 'manager', 'rep', 'display')
  board(@Query() query: BoardQueryDto): Promise<BoardResponse> {
    const scope = requestedScope(query);
    if (scope === null) {
      throw new DomainError('VALIDATION_FAILED', 'team and scope name different boards', [
        { path: 'scope', message: 'scope must be team:<the same id> when team is given' },
      ]);
    }
    return this.boards.board(query.period ?? 'month', scope, query.at ? Date.parse(query.at) : undefined);
  }

  @Get('settings')
  @Allow('admin', 'manager', 'rep', 'display')
  settings(): Promise<DisplaySettings> {
    return this.boards.settings();
  }

  @Get('reps/:id/breakdown')
  @Allow('admin', 'manager', 'rep')
  breakdown(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: BreakdownQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BreakdownResponse> {
    if (principal.kind === 'user' && principal.role === 'rep' && principal.repId !== id) {
      throw new DomainError('FORBIDDEN', 'A rep may only read their own breakdown');
    }
    return this.boards.breakdown(id, query.period ?? 'month', query.at ? Date.parse(query.at) : undefined);
  }
}

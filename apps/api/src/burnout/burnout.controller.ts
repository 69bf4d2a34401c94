import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { BurnoutResponse } from '@leaderboard/contracts';
import { Allow, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../common/domain-error.js';
import { BurnoutService } from './burnout.service.js';
import { BurnoutQueryDto, BurnoutWindowDto } from './dto/burnout-query.dto.js';

@ApiTags('burnout')
@ApiBearerAuth()
@Controller()
export class BurnoutController {
  constructor(private readonly burnout: BurnoutService) {}

  /** Every active rep's days and flags, flagged reps first (managers). */
  @Get('burnout')
  @Allow('admin', 'manager')
  report(@Query() query: BurnoutQueryDto): Promise<BurnoutResponse> {
    return this.burnout.report(query, query.team);
  }

  /** One rep's days and flags: managers, or the rep themselves. */
  @Get('reps/:id/burnout')
  @Allow('admin', 'manager', 'rep')
  forRep(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: BurnoutWindowDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BurnoutResponse> {
    if (principal.kind === 'user' && principal.role === 'rep' && principal.repId !== id)
      throw new DomainError('FORBIDDEN', 'A rep may only read their own burnout view');
    return this.burnout.forRep(id, query);
  }
}

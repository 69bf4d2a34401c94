import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AdjustmentView, PeriodCloseView, PeriodSummary } from '@leaderboard/contracts';
import { Allow, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { PeriodsService } from './periods.service.js';

@ApiTags('periods')
@ApiBearerAuth()
@Allow('admin', 'manager')
@Controller()
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

  @Get('periods')
  @ApiOperation({ summary: 'Closed months' })
  list(): Promise<PeriodSummary[]> {
    return this.periods.list();
  }

  @Get('periods/:periodKey')
  @ApiOperation({ summary: "A closed month's frozen figures" })
  get(@Param('periodKey') periodKey: string): Promise<PeriodCloseView> {
    return this.periods.get(periodKey);
  }

  @Post('periods/:periodKey/close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close a month that has ended: freeze points, ranks, tiers and payouts (audited)',
  })
  close(
    @Param('periodKey') periodKey: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PeriodCloseView> {
    return this.periods.close(periodKey, principal);
  }

  @Get('adjustments')
  @ApiOperation({ summary: 'Late and voided events that changed closed months: pending and carried' })
  adjustments(): Promise<AdjustmentView[]> {
    return this.periods.adjustments();
  }
}

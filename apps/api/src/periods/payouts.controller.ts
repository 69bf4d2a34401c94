import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { PayoutView } from '@leaderboard/contracts';
import type { Response } from 'express';
import { Allow, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { uuidParam } from '../auth/uuid-param.pipe.js';
import { PayoutLineBodyDto, PayoutQueryDto } from './dto/periods.dto.js';
import { PayoutsService } from './payouts.service.js';

@ApiTags('payouts')
@ApiBearerAuth()
@Allow('admin', 'manager')
@Controller('payouts')
export class PayoutsController {
  constructor(private readonly payouts: PayoutsService) {}

  @Get()
  @ApiOperation({ summary: "A closed month's payouts with their line items and approvals" })
  list(@Query() query: PayoutQueryDto): Promise<PayoutView[]> {
    return this.payouts.list(query.period);
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Payroll CSV of a closed month: every payout with its status' })
  async exportCsv(
    @Query() query: PayoutQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    res.setHeader('Content-Disposition', `attachment; filename="payouts-${query.period}.csv"`);
    return this.payouts.exportCsv(query.period);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve (audited); above the threshold a second, different approver is needed' })
  approve(@Param('id', uuidParam) id: string, @CurrentPrincipal() principal: Principal): Promise<PayoutView> {
    return this.payouts.approve(id, principal);
  }

  @Post(':id/lines')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a manual line with a required reason (audited), before any approval' })
  addLine(
    @Param('id', uuidParam) id: string,
    @Body() body: PayoutLineBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PayoutView> {
    return this.payouts.addLine(id, body.amount, body.reason, principal);
  }
}

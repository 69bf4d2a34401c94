import { Body, Controller, Get, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type {
  KpiInputView,
  KpiResponse,
  RepTargetView,
  SuggestedTargetsResponse,
} from '@leaderboard/contracts';
import { Audited } from '../common/audited.decorator.js';
import { Allow, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { KpiInputBodyDto, KpiQueryDto, RepTargetBodyDto, TargetsQueryDto } from './dto/kpi.dto.js';
import { KpiInputsService } from './kpi-inputs.service.js';
import { KpisService, parseScope } from './kpis.service.js';

const actor = (p: Principal): string => (p.kind === 'user' ? p.email : p.name);

@ApiTags('kpis')
@ApiBearerAuth()
@Controller('kpis')
export class KpisController {
  constructor(
    private readonly kpis: KpisService,
    private readonly kpiInputs: KpiInputsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Managers and admins: any scope. A rep: only `rep:<own id>` (with the org median per KPI).
   * `Server-Timing` says where the time went (catch-up, reads, computation, what was kept).
   */
  @Get()
  @Allow('admin', 'manager', 'rep')
  async get(
    @Query() query: KpiQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<KpiResponse> {
    const scope = parseScope(query.scope);
    if (principal.kind === 'user' && principal.role === 'rep') {
      if (scope.kind !== 'rep' || scope.repId !== principal.repId) {
        throw new DomainError('FORBIDDEN', 'A rep may only read their own KPIs (scope=rep:<own id>)');
      }
    }
    const { response, timing } = await this.kpis.timedKpis({
      period: query.period ?? 'month',
      scope,
      periods: query.periods ?? 6,
      at: query.at ? Date.parse(query.at) : this.clock.now(),
    });
    res.setHeader(
      'Server-Timing',
      `catchup;dur=${timing.catchUp.toFixed(1)}, reads;dur=${timing.reads.toFixed(1)}, ` +
        `compute;dur=${timing.compute.toFixed(1)}, cache;desc=${timing.cached}`,
    );
    return response;
  }

  @Get('inputs')
  @Allow('admin', 'manager')
  inputs(): Promise<KpiInputView[]> {
    return this.kpiInputs.listInputs();
  }

  /** Monthly spend (CAC) or direct costs (margin) of the org; replaces the month's figure. */
  @Audited('kpi.input.set')
  @Put('inputs')
  @Allow('admin', 'manager')
  setInput(@Body() body: KpiInputBodyDto, @CurrentPrincipal() principal: Principal): Promise<KpiInputView> {
    return this.kpiInputs.setInput(body, actor(principal));
  }

  /** Per active rep: the target set for the period and the suggested one (SPEC 6). */
  @Get('targets')
  @Allow('admin', 'manager')
  targets(@Query() query: TargetsQueryDto): Promise<SuggestedTargetsResponse> {
    return this.kpis.suggestedTargets(
      query.period ?? 'month',
      query.at ? Date.parse(query.at) : this.clock.now(),
    );
  }

  /** A rep's sales target for one period instance (quota attainment); replaces the previous one. */
  @Audited('kpi.target.set')
  @Put('targets')
  @Allow('admin', 'manager')
  setTarget(
    @Body() body: RepTargetBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RepTargetView> {
    return this.kpiInputs.setTarget(body, actor(principal));
  }
}

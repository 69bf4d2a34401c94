import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CompetitionView } from '@leaderboard/contracts';
import { Audited } from '../common/audited.decorator.js';
import { Allow, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { RawBodyField } from '../common/raw-body-field.decorator.js';
import { CompetitionsService } from './competitions.service.js';
import { CreateCompetitionDto } from './dto/competition.dto.js';

/** Managers and admins see the rule set document and its author; reps and displays the name, window and leaders. */
const seesRuleSet = (principal: Principal): boolean =>
  principal.kind === 'user' && (principal.role === 'admin' || principal.role === 'manager');

@ApiTags('competitions')
@ApiBearerAuth()
@Controller('competitions')
export class CompetitionsController {
  constructor(private readonly competitions: CompetitionsService) {}

  @Get()
  @Allow('admin', 'manager', 'rep', 'display')
  list(@CurrentPrincipal() principal: Principal): Promise<CompetitionView[]> {
    return this.competitions.list(seesRuleSet(principal));
  }

  @Get(':id')
  @Allow('admin', 'manager', 'rep', 'display')
  get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CompetitionView> {
    return this.competitions.get(id, seesRuleSet(principal));
  }

  @Audited('competition.create')
  @Post()
  @Allow('admin', 'manager')
  create(
    @Body() body: CreateCompetitionDto,
    @RawBodyField('ruleSet') ruleSet: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CompetitionView> {
    return this.competitions.create(
      { ...body, ruleSet },
      principal.kind === 'user' ? principal.email : `${principal.kind}:${principal.name}`,
    );
  }

  @Audited('competition.delete')
  @Delete(':id')
  @HttpCode(204)
  @Allow('admin', 'manager')
  remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.competitions.remove(id);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { PreviewResponse, RuleSetView, ValidationProblem } from '@leaderboard/contracts';
import { Allow, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { PreviewBodyDto, PublishBodyDto, RuleSetBodyDto } from './dto/rule-set.dto.js';
import { RulesService } from './rules.service.js';
import { RawBodyField } from '../common/raw-body-field.decorator.js';
import { Audited } from '../common/audited.decorator.js';

function actorOf(principal: Principal): string {
  return principal.kind === 'user' ? principal.email : `${principal.kind}:${principal.name}`;
}

@ApiTags('rulesets')
@ApiBearerAuth()
@Controller('rulesets')
@Allow('admin', 'manager')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get()
  list(): Promise<RuleSetView[]> {
    return this.rules.list();
  }

  @Post('validate')
  @HttpCode(200)
  validate(
    @Body() _body: RuleSetBodyDto,
    @RawBodyField('document') document: unknown,
  ): { ok: boolean; problems: ValidationProblem[] } {
    return this.rules.validate(document);
  }

  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<RuleSetView> {
    return this.rules.get(id);
  }

  @Audited('ruleset.create')
  @Post()
  create(
    @Body() _body: RuleSetBodyDto,
    @RawBodyField('document') document: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RuleSetView> {
    return this.rules.createDraft(document, actorOf(principal));
  }

  @Audited('ruleset.update')
  @Patch(':id')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() _body: RuleSetBodyDto,
    @RawBodyField('document') document: unknown,
  ): Promise<RuleSetView> {
    return this.rules.updateDraft(id, document);
  }

  @Audited('ruleset.delete')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.rules.deleteDraft(id);
  }

  @Audited('ruleset.publish')
  @Post(':id/publish')
  @HttpCode(200)
  publish(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: PublishBodyDto): Promise<RuleSetView> {
    return this.rules.publish(id, body.effectiveFrom);
  }

  @Post(':id/preview')
  @HttpCode(200)
  preview(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PreviewBodyDto,
  ): Promise<PreviewResponse> {
    return this.rules.preview(id, body.from, body.to);
  }
}

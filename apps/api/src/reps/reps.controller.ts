import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { PublicRepView, TeamView } from '@leaderboard/contracts';
import { Allow, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import {
  CreateRepDto,
  PublicRepViewDto,
  RepViewDto,
  TeamBodyDto,
  TeamViewDto,
  UpdateRepDto,
} from './dto/rep.dto.js';
import { repViewFor } from './rep-views.js';
import { RepsService, type RepDetails } from './reps.service.js';
import { Audited } from '../common/audited.decorator.js';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly reps: RepsService) {}

  @Get()
  @Allow('admin', 'manager', 'rep', 'display')
  @ApiOkResponse({ type: [TeamViewDto] })
  list(): Promise<TeamView[]> {
    return this.reps.listTeams();
  }

  @Audited('team.create')
  @Post()
  @Allow('admin', 'manager')
  @ApiOkResponse({ type: TeamViewDto })
  create(@Body() body: TeamBodyDto): Promise<TeamView> {
    return this.reps.createTeam(body.name);
  }

  @Audited('team.update')
  @Patch(':id')
  @Allow('admin', 'manager')
  rename(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: TeamBodyDto): Promise<TeamView> {
    return this.reps.renameTeam(id, body.name);
  }

  @Audited('team.delete')
  @Delete(':id')
  @HttpCode(204)
  @Allow('admin', 'manager')
  remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.reps.deleteTeam(id);
  }
}

const REP_VIEW_SCHEMA = {
  oneOf: [{ $ref: getSchemaPath(RepViewDto) }, { $ref: getSchemaPath(PublicRepViewDto) }],
};
const VIEWS_BY_ROLE =
  'Admins and managers see every field; a rep sees their own profile in full and the public view of others; a display the public view (id, name, team, photo, active).';

@ApiTags('reps')
@ApiBearerAuth()
@ApiExtraModels(RepViewDto, PublicRepViewDto)
@Controller('reps')
export class RepsController {
  constructor(private readonly reps: RepsService) {}

  @Get()
  @Allow('admin', 'manager', 'rep', 'display')
  @ApiOperation({ summary: 'Every rep', description: VIEWS_BY_ROLE })
  @ApiOkResponse({ schema: { type: 'array', items: REP_VIEW_SCHEMA } })
  async list(@CurrentPrincipal() principal: Principal): Promise<Array<RepDetails | PublicRepView>> {
    return (await this.reps.listReps()).map((rep) => repViewFor(principal, rep));
  }

  @Get(':id')
  @Allow('admin', 'manager', 'rep', 'display')
  @ApiOperation({ summary: 'One rep', description: VIEWS_BY_ROLE })
  @ApiOkResponse({ schema: REP_VIEW_SCHEMA })
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RepDetails | PublicRepView> {
    return repViewFor(principal, await this.reps.getRep(id));
  }

  @Audited('rep.create')
  @Post()
  @Allow('admin', 'manager')
  @ApiOkResponse({ type: RepViewDto })
  create(@Body() body: CreateRepDto): Promise<RepDetails> {
    return this.reps.createRep(body);
  }

  @Audited('rep.update')
  @Patch(':id')
  @Allow('admin', 'manager')
  @ApiOkResponse({ type: RepViewDto })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateRepDto): Promise<RepDetails> {
    return this.reps.updateRep(id, body);
  }

  @Audited('rep.delete')
  @Delete(':id')
  @Allow('admin', 'manager')
  remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<{ deleted: boolean; deactivated: boolean }> {
    return this.reps.deleteRep(id);
  }
}

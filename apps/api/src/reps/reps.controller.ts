import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { TeamView } from '@leaderboard/contracts';
import { Allow } from '../auth/auth.decorators.js';
import { CreateRepDto, RepViewDto, TeamBodyDto, TeamViewDto, UpdateRepDto } from './dto/rep.dto.js';
import { RepsService, type RepDetails } from './reps.service.js';
import { Audited } from '../audit/audited.decorator.js';

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

@ApiTags('reps')
@ApiBearerAuth()
@Controller('reps')
export class RepsController {
  constructor(private readonly reps: RepsService) {}

  @Get()
  @Allow('admin', 'manager', 'rep', 'display')
  @ApiOkResponse({ type: [RepViewDto] })
  list(): Promise<RepDetails[]> {
    return this.reps.listReps();
  }

  @Get(':id')
  @Allow('admin', 'manager', 'rep', 'display')
  @ApiOkResponse({ type: RepViewDto })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<RepDetails> {
    return this.reps.getRep(id);
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

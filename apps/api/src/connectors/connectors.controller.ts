import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type {
  ConnectorHealth,
  ConnectorStage,
  ConnectorUserView,
  ConnectorView,
  CreatedConnector,
} from '@leaderboard/contracts';
import { Allow, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { Audited } from '../common/audited.decorator.js';
import { ConnectorsService } from './connectors.service.js';
import {
  ConnectorStagesDto,
  ConnectorUserDto,
  CreateConnectorDto,
  UpdateConnectorDto,
} from './dto/connector.dto.js';

@ApiTags('connectors')
@ApiBearerAuth()
@Controller('connectors')
@Allow('admin', 'manager')
export class ConnectorsController {
  constructor(private readonly connectors: ConnectorsService) {}

  @Get()
  list(): Promise<ConnectorView[]> {
    return this.connectors.list();
  }

  @Audited('connector.create')
  @Post()
  create(
    @Body() body: CreateConnectorDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CreatedConnector> {
    return this.connectors.create(
      body,
      principal.kind === 'user' ? principal.email : `${principal.kind}:${principal.name}`,
    );
  }

  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ConnectorView> {
    return this.connectors.get(id);
  }

  @Audited('connector.update')
  @Patch(':id')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateConnectorDto,
  ): Promise<ConnectorView> {
    return this.connectors.update(id, body);
  }

  @Audited('connector.delete')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.connectors.remove(id);
  }

  @Get(':id/health')
  health(@Param('id', new ParseUUIDPipe()) id: string): Promise<ConnectorHealth> {
    return this.connectors.health(id);
  }

  @Audited('connector.user.map')
  @Put(':id/users/:crmUserId')
  mapUser(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('crmUserId') crmUserId: string,
    @Body() body: ConnectorUserDto,
  ): Promise<ConnectorUserView> {
    return this.connectors.mapUser(id, crmUserId, body.repId);
  }

  @Audited('connector.stages.set')
  @Put(':id/stages')
  setStages(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ConnectorStagesDto,
  ): Promise<ConnectorStage[]> {
    return this.connectors.setStages(id, body.stages);
  }
}

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
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type {
  ConnectorHealth,
  ConnectorJobView,
  ConnectorStage,
  ConnectorStageRow,
  ConnectorSyncResult,
  ConnectorUserRow,
  ConnectorUserView,
  ConnectorView,
  CreatedConnector,
  InboxDeliveryView,
} from '@leaderboard/contracts';
import { Allow, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { Audited } from '../common/audited.decorator.js';
import { ConnectorHealthService } from './connector-health.service.js';
import { ConnectorJobs } from './connector-jobs.service.js';
import { ConnectorSyncService } from './connector-sync.service.js';
import { ConnectorsService } from './connectors.service.js';
import {
  ConnectorBackfillDto,
  ConnectorStagesDto,
  ConnectorUserDto,
  CreateConnectorDto,
  InboxQueryDto,
  UpdateConnectorDto,
} from './dto/connector.dto.js';

const uuid = () => new ParseUUIDPipe();

@ApiTags('connectors')
@ApiBearerAuth()
@Controller('connectors')
@Allow('admin', 'manager')
export class ConnectorsController {
  constructor(
    private readonly connectors: ConnectorsService,
    private readonly sync: ConnectorSyncService,
    private readonly jobs: ConnectorJobs,
    private readonly health: ConnectorHealthService,
  ) {}

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
  getHealth(@Param('id', uuid()) id: string): Promise<ConnectorHealth> {
    return this.health.get(id);
  }

  /** The CRM's users beside our reps (synced and seen), with the events held under each. */
  @Get(':id/users')
  users(@Param('id', uuid()) id: string): Promise<ConnectorUserRow[]> {
    return this.sync.users(id);
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

  @Get(':id/stages')
  stages(@Param('id', uuid()) id: string): Promise<ConnectorStageRow[]> {
    return this.sync.stages(id);
  }

  /** Reads the CRM's users and stages from its API into the maps. */
  @Audited('connector.sync')
  @Post(':id/sync')
  @HttpCode(200)
  syncNow(@Param('id', uuid()) id: string): Promise<ConnectorSyncResult> {
    return this.sync.sync(id);
  }

  /** Starts importing the last `days` days of the CRM's history (runs in the background). */
  @Audited('connector.backfill')
  @Post(':id/backfill')
  backfill(@Param('id', uuid()) id: string, @Body() body: ConnectorBackfillDto): Promise<ConnectorJobView> {
    return this.jobs.backfill(id, body.days);
  }

  @Get(':id/jobs')
  listJobs(@Param('id', uuid()) id: string): Promise<ConnectorJobView[]> {
    return this.jobs.list(id);
  }

  @Get(':id/inbox')
  inbox(@Param('id', uuid()) id: string, @Query() query: InboxQueryDto): Promise<InboxDeliveryView[]> {
    return this.health.inbox(id, query.status ?? null);
  }

  @Audited('connector.inbox.replay')
  @Post(':id/inbox/:deliveryId/replay')
  @HttpCode(200)
  replay(
    @Param('id', uuid()) id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<InboxDeliveryView> {
    return this.health.replay(id, deliveryId);
  }
}

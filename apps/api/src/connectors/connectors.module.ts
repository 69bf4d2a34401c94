import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { RepositoriesModule } from '../repositories/repositories.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { ConnectorCache } from './connector-cache.js';
import { ConnectorCipher } from './connector-cipher.js';
import { ConnectorHealthService } from './connector-health.service.js';
import { ConnectorJobs } from './connector-jobs.service.js';
import { ConnectorSyncService } from './connector-sync.service.js';
import { ConnectorsController } from './connectors.controller.js';
import { ConnectorsService } from './connectors.service.js';
import { CrmClients } from './crm/crm-client-registry.js';
import { HooksController } from './hooks.controller.js';
import { HooksService } from './hooks.service.js';
import { InboxWorker } from './inbox-worker.js';
import { MappedIngest } from './mapped-ingest.js';

/** Connectors (issue 15): the admin API, the public hooks, the inbox worker. */
@Module({
  imports: [RepositoriesModule, ScoringModule, EventsModule],
  controllers: [ConnectorsController, HooksController],
  providers: [
    ConnectorCache,
    ConnectorCipher,
    ConnectorsService,
    CrmClients,
    HooksService,
    InboxWorker,
    MappedIngest,
    ConnectorSyncService,
    ConnectorJobs,
    ConnectorHealthService,
  ],
})
export class ConnectorsModule {}

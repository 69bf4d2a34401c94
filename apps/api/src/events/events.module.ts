import { Module } from '@nestjs/common';
import { RepositoriesModule } from '../repositories/repositories.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { EventsController } from './events.controller.js';
import { EventsImportService } from './events-import.service.js';
import { EventsService } from './events.service.js';

@Module({
  imports: [RepositoriesModule, ScoringModule],
  controllers: [EventsController],
  providers: [EventsService, EventsImportService],
  exports: [EventsService],
})
export class EventsModule {}

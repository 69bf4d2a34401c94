import { Module } from '@nestjs/common';
import { RepositoriesModule } from '../repositories/repositories.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { KpiInputsService } from './kpi-inputs.service.js';
import { KpisController } from './kpis.controller.js';
import { KpisService } from './kpis.service.js';

@Module({
  imports: [RepositoriesModule, ScoringModule],
  controllers: [KpisController],
  providers: [KpisService, KpiInputsService],
})
export class KpisModule {}

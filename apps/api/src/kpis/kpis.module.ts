import { Module } from '@nestjs/common';
import { RepositoriesModule } from '../repositories/repositories.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { KpiInputsService } from './kpi-inputs.service.js';
import { KpisController } from './kpis.controller.js';
import { KpisService } from './kpis.service.js';
import { KpiRollupFollower } from './rollups/kpi-rollup-follower.js';
import { KpiRollups } from './rollups/kpi-rollups.js';

@Module({
  imports: [RepositoriesModule, ScoringModule],
  controllers: [KpisController],
  providers: [KpisService, KpiInputsService, KpiRollups, KpiRollupFollower],
  exports: [KpiRollupFollower],
})
export class KpisModule {}

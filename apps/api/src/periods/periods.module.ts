import { Module } from '@nestjs/common';
import { RepositoriesModule } from '../repositories/repositories.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { PayoutsController } from './payouts.controller.js';
import { PayoutsService } from './payouts.service.js';
import { PeriodsController } from './periods.controller.js';
import { PeriodsService } from './periods.service.js';

@Module({
  imports: [RepositoriesModule, ScoringModule],
  controllers: [PeriodsController, PayoutsController],
  providers: [PeriodsService, PayoutsService],
  exports: [PeriodsService],
})
export class PeriodsModule {}

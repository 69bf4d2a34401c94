import { Module } from '@nestjs/common';
import { ScoringModule } from '../scoring/scoring.module.js';
import { PayoutsController } from './payouts.controller.js';
import { PayoutsService } from './payouts.service.js';
import { PeriodsController } from './periods.controller.js';
import { PeriodsService } from './periods.service.js';

@Module({
  imports: [ScoringModule],
  controllers: [PeriodsController, PayoutsController],
  providers: [PeriodsService, PayoutsService],
  exports: [PeriodsService],
})
export class PeriodsModule {}

import { Module } from '@nestjs/common';
import { ScoringModule } from '../scoring/scoring.module.js';
import { BurnoutController } from './burnout.controller.js';
import { BurnoutService } from './burnout.service.js';

@Module({
  imports: [ScoringModule],
  controllers: [BurnoutController],
  providers: [BurnoutService],
})
export class BurnoutModule {}

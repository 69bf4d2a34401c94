import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { RepsModule } from '../reps/reps.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { DemoService } from './demo.service.js';

@Module({
  imports: [EventsModule, RepsModule, ScoringModule],
  providers: [DemoService],
  exports: [DemoService],
})
export class DemoModule {}

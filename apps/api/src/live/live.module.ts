import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { BoardsModule } from '../boards/boards.module.js';
import { KpisModule } from '../kpis/kpis.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { LiveCelebrations } from './live-celebrations.js';
import { LiveDeltas } from './live-deltas.js';
import { LiveKpis } from './live-kpis.js';
import { LiveRollover } from './live-rollover.js';
import { LiveServer } from './live-server.js';
import { LiveSessions } from './live-sessions.js';
import { LiveSubscriptions } from './live-subscriptions.js';
import { LiveGateway } from './live.gateway.js';
import { LiveService } from './live.service.js';

@Module({
  imports: [AuthModule, ScoringModule, BoardsModule, KpisModule],
  providers: [
    LiveGateway,
    LiveService,
    LiveServer,
    LiveSessions,
    LiveSubscriptions,
    LiveDeltas,
    LiveCelebrations,
    LiveRollover,
    LiveKpis,
  ],
  exports: [LiveService],
})
export class LiveModule {}

import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { BoardsModule } from '../boards/boards.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { LiveCelebrations } from './live-celebrations.js';
import { LiveDeltas } from './live-deltas.js';
import { LiveRollover } from './live-rollover.js';
import { LiveServer } from './live-server.js';
import { LiveSessions } from './live-sessions.js';
import { LiveSubscriptions } from './live-subscriptions.js';
import { LiveGateway } from './live.gateway.js';
import { LiveService } from './live.service.js';

@Module({
  imports: [AuthModule, ScoringModule, BoardsModule],
  providers: [
    LiveGateway,
    LiveService,
    LiveServer,
    LiveSessions,
    LiveSubscriptions,
    LiveDeltas,
    LiveCelebrations,
    LiveRollover,
  ],
  exports: [LiveService],
})
export class LiveModule {}

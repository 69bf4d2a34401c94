import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { BoardsModule } from '../boards/boards.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { LiveGateway } from './live.gateway.js';
import { LiveService } from './live.service.js';

@Module({
  imports: [AuthModule, ScoringModule, BoardsModule],
  providers: [LiveGateway, LiveService],
  exports: [LiveService],
})
export class LiveModule {}

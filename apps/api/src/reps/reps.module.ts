import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '../events/events.module.js';
import { RepositoriesModule } from '../repositories/repositories.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { RepEntity } from './rep.entity.js';
import { RepsController, TeamsController } from './reps.controller.js';
import { RepsService } from './reps.service.js';
import { TeamEntity } from './team.entity.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([RepEntity, TeamEntity]),
    EventsModule,
    RepositoriesModule,
    ScoringModule,
  ],
  controllers: [TeamsController, RepsController],
  providers: [RepsService],
  exports: [RepsService],
})
export class RepsModule {}

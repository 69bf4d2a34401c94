import { Module } from '@nestjs/common';
import { RepositoriesModule } from '../repositories/repositories.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { ClusterService } from './cluster.service.js';

@Module({
  imports: [RepositoriesModule, ScoringModule],
  providers: [ClusterService],
  exports: [ClusterService],
})
export class ClusterModule {}

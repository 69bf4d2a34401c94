import { Module } from '@nestjs/common';
import { ScoringModule } from '../scoring/scoring.module.js';
import { ClusterService } from './cluster.service.js';

@Module({ imports: [ScoringModule], providers: [ClusterService], exports: [ClusterService] })
export class ClusterModule {}

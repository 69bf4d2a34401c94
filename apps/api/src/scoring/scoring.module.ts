import { Module } from '@nestjs/common';
import { RepositoriesModule } from '../repositories/repositories.module.js';
import { ScoringService } from './scoring.service.js';

@Module({ imports: [RepositoriesModule], providers: [ScoringService], exports: [ScoringService] })
export class ScoringModule {}

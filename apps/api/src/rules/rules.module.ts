import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RepositoriesModule } from '../repositories/repositories.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { RuleSetEntity } from './rule-set.entity.js';
import { RulesController } from './rules.controller.js';
import { RulesService } from './rules.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([RuleSetEntity]), RepositoriesModule, ScoringModule],
  controllers: [RulesController],
  providers: [RulesService],
})
export class RulesModule {}

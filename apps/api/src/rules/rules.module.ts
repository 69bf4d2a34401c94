import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScoringModule } from '../scoring/scoring.module.js';
import { RuleSetEntity } from './rule-set.entity.js';
import { RulesController } from './rules.controller.js';
import { RulesService } from './rules.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([RuleSetEntity]), ScoringModule],
  controllers: [RulesController],
  providers: [RulesService],
})
export class RulesModule {}

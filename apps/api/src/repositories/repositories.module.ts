import { Module } from '@nestjs/common';
import { CompetitionsRepository } from './competitions.repository.js';
import { ConnectorHealthRepository } from './connector-health.repository.js';
import { ConnectorJobsRepository } from './connector-jobs.repository.js';
import { ConnectorMapsRepository } from './connector-maps.repository.js';
import { ConnectorsRepository } from './connectors.repository.js';
import { LedgerRepository } from './ledger.repository.js';
import { PayoutsRepository } from './payouts.repository.js';
import { PeriodClosesRepository } from './period-closes.repository.js';
import { ProjectionRepository } from './projection.repository.js';
import { RepsRepository } from './reps.repository.js';
import { RepDayScoresRepository } from './rep-day-scores.repository.js';
import { RuleSetsRepository } from './rule-sets.repository.js';

const REPOSITORIES = [
  LedgerRepository,
  RepsRepository,
  RuleSetsRepository,
  ProjectionRepository,
  CompetitionsRepository,
  PeriodClosesRepository,
  PayoutsRepository,
  ConnectorsRepository,
  ConnectorMapsRepository,
  ConnectorJobsRepository,
  ConnectorHealthRepository,
  RepDayScoresRepository,
];

/** One repository per table family; every module that reads or writes those tables imports this. */
@Module({ providers: REPOSITORIES, exports: REPOSITORIES })
export class RepositoriesModule {}

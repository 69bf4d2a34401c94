import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BoardsModule } from './boards/boards.module.js';
import { BurnoutModule } from './burnout/burnout.module.js';
import { ClusterModule } from './cluster/cluster.module.js';
import { CompetitionsModule } from './competitions/competitions.module.js';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import { ClockModule } from './common/clock.js';
import { WindowSchedulerModule } from './common/window-scheduler.js';
import { createValidationPipe } from './common/validation.pipe.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ConnectorsModule } from './connectors/connectors.module.js';
import { createDataSourceOptions, type DataSourceFactoryOptions } from './database/data-source.js';
import { DemoModule } from './demo/demo.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { LiveModule } from './live/live.module.js';
import { PeriodsModule } from './periods/periods.module.js';
import { RepsModule } from './reps/reps.module.js';
import { RulesModule } from './rules/rules.module.js';
import { KpisModule } from './kpis/kpis.module.js';
import { ScoringModule } from './scoring/scoring.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: DataSourceFactoryOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        WindowSchedulerModule,
        TypeOrmModule.forRoot({ ...createDataSourceOptions(config, database), autoLoadEntities: true }),
        AuditModule,
        AuthModule,
        ScoringModule,
        EventsModule,
        BoardsModule,
        BurnoutModule,
        RepsModule,
        RulesModule,
        PeriodsModule,
        KpisModule,
        HealthModule,
        LiveModule,
        CompetitionsModule,
        ConnectorsModule,
        ClusterModule,
        DemoModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}

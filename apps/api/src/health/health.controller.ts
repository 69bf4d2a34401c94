import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { HealthView } from '@leaderboard/contracts';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../common/database-unavailable.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthView> {
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
      ]);
      return { status: 'ok' };
    } catch {
      response
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      return { status: 'unavailable' };
    }
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuditEntry } from '@leaderboard/contracts';
import { Allow } from '../auth/auth.decorators.js';
import { AuditService } from './audit.service.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Allow('admin', 'manager')
  list(@Query() query: AuditQueryDto): Promise<AuditEntry[]> {
    return this.audit.list(query.limit ?? 100, query.before);
  }
}

import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { EventImportResponse, IngestResponse } from '@leaderboard/contracts';
import type { Request } from 'express';
import { Allow, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { EventBatchDto, EventInputDto, IngestResponseDto } from './dto/event-input.dto.js';
import { Audited } from '../common/audited.decorator.js';
import { consumeCsvUpload } from '../common/csv/csv-request.js';
import { EventsImportService } from './events-import.service.js';
import { EventsService } from './events.service.js';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly imports: EventsImportService,
  ) {}

  @Post()
  @HttpCode(200)
  @Allow('integration', 'admin')
  @ApiExtraModels(EventInputDto, EventBatchDto)
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(EventInputDto) }, { $ref: getSchemaPath(EventBatchDto) }] },
  })
  @ApiOkResponse({ type: IngestResponseDto })
  ingest(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<IngestResponse> {
    return this.events.ingest(body, principal.kind === 'integration' ? principal.source : null);
  }

  /** A CSV file of events (the raw body, streamed): all rows stored, or none (422/409 by row). */
  @Post('import')
  @HttpCode(200)
  @Allow('integration', 'admin', 'manager')
  @Audited('events.import')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  importCsv(@Req() req: Request, @CurrentPrincipal() principal: Principal): Promise<EventImportResponse> {
    const onlySource = principal.kind === 'integration' ? principal.source : null;
    return consumeCsvUpload(req, (chunks, limits) => this.imports.import(chunks, onlySource, limits));
  }
}

import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { IngestResponse } from '@leaderboard/contracts';
import { Allow, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { EventBatchDto, EventInputDto, IngestResponseDto } from './dto/event-input.dto.js';
import { EventsService } from './events.service.js';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

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
}

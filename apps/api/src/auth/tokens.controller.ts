import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal } from './auth.decorators.js';
import { CreatedTokenDto, CreateTokenDto, TokenViewDto } from './dto/token.dto.js';
import type { Principal } from './principal.js';
import { TokensService } from './tokens.service.js';
import { uuidParam } from './uuid-param.pipe.js';
import { Audited } from '../common/audited.decorator.js';

@ApiTags('tokens')
@ApiBearerAuth()
@Allow('manager')
@Controller('tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  @ApiOperation({ summary: 'Display and integration tokens, without secrets' })
  @ApiOkResponse({ type: [TokenViewDto] })
  list(): Promise<TokenViewDto[]> {
    return this.tokens.list();
  }

  @Audited('token.create')
  @Post()
  @ApiOperation({ summary: 'Create a token; the answer holds its secret, shown this once' })
  @ApiCreatedResponse({ type: CreatedTokenDto })
  create(@Body() dto: CreateTokenDto, @CurrentPrincipal() principal: Principal): Promise<CreatedTokenDto> {
    return this.tokens.create(dto, principal.kind === 'user' ? principal.userId : null);
  }

  @Audited('token.revoke')
  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a token at once' })
  @ApiOkResponse({ type: TokenViewDto })
  revoke(@Param('id', uuidParam) id: string): Promise<TokenViewDto> {
    return this.tokens.revoke(id);
  }

  @Audited('token.delete')
  @Delete(':id')
  @ApiOperation({ summary: 'Same as POST /tokens/:id/revoke' })
  @ApiOkResponse({ type: TokenViewDto })
  remove(@Param('id', uuidParam) id: string): Promise<TokenViewDto> {
    return this.tokens.revoke(id);
  }
}

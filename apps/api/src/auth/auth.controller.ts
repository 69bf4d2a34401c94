import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LoginResponse, MeView, WhoAmIView } from '@leaderboard/contracts';
import { Allow, CurrentPrincipal, Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { LoginDto, LoginResponseDto, MeDto, WhoAmIDto } from './dto/login.dto.js';
import type { Principal } from './principal.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Log in with e-mail and password; wrong e-mail or password answer the same 401; too many failures 429 with Retry-After',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<LoginResponse> {
    return this.auth.login(dto.email, dto.password, ip);
  }

  @Allow('admin', 'manager', 'rep', 'display', 'integration')
  @Get('whoami')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who this token is, for any valid token (a TV or a script checking its token)' })
  @ApiOkResponse({ type: WhoAmIDto })
  whoami(@CurrentPrincipal() principal: Principal): WhoAmIView {
    return principal.kind === 'user'
      ? { kind: 'user', id: principal.userId, name: principal.email, role: principal.role, source: null }
      : {
          kind: principal.kind,
          id: principal.tokenId,
          name: principal.name,
          role: null,
          source: principal.kind === 'integration' ? principal.source : null,
        };
  }

  @Allow('admin', 'manager', 'rep')
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in user' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): MeView {
    // The guard admits only users here; the check narrows the type.
    if (principal.kind !== 'user') throw new Error('unreachable: /auth/me admits users only');
    return { id: principal.userId, email: principal.email, role: principal.role, repId: principal.repId };
  }
}

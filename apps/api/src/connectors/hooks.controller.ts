import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { rawHookBody } from './hook-body.middleware.js';
import { HooksService } from './hooks.service.js';

/** The first value of each header, names in lower case. */
function headersOf(req: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * The URL the sender called, which URL-covering signatures (Twilio, HubSpot v3) sign. Behind a proxy
 * that TRUST_PROXY trusts, its `X-Forwarded-Proto` and `X-Forwarded-Host` name the public scheme and
 * host (Express's `req.protocol` and `req.host`); from anyone else they are ignored.
 */
function publicUrlOf(req: Request): string {
  return `${req.protocol}://${req.host ?? 'localhost'}${req.originalUrl}`;
}

/**
 * The hook's path, and any path below it: Mango Office posts to `<the URL set in the VPBX>/events/summary`
 * (and `/events/call`, ...), so the tail reaches the same hook and is kept in the stored URL.
 */
const HOOK_PATHS = [':connectorId/:secret', ':connectorId/:secret/*tail'];

/**
 * `/api/hooks/:connectorId/:secret[/...]`: public (the secret in the path is the credential), any body
 * up to 1 MB kept raw (see hook-body.middleware.ts). 200 once stored; 404 unknown or wrong secret;
 * 401 a failed vendor signature.
 */
@ApiExcludeController()
@Controller('hooks')
export class HooksController {
  constructor(private readonly hooks: HooksService) {}

  @Post(HOOK_PATHS)
  @HttpCode(200)
  @Public()
  post(
    @Param('connectorId') connectorId: string,
    @Param('secret') secret: string,
    @Req() req: Request,
  ): Promise<{ ok: true }> {
    return this.receive('POST', connectorId, secret, req).then(() => ({ ok: true }));
  }

  @Get(HOOK_PATHS)
  @Public()
  async get(
    @Param('connectorId') connectorId: string,
    @Param('secret') secret: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ ok: true } | string> {
    const answer = await this.receive('GET', connectorId, secret, req);
    if ('echo' in answer) {
      res.type('text/plain');
      return answer.echo;
    }
    return { ok: true };
  }

  private receive(method: 'GET' | 'POST', connectorId: string, secret: string, req: Request) {
    return this.hooks.receive(connectorId, secret, {
      method,
      url: publicUrlOf(req),
      headers: headersOf(req),
      rawBody: rawHookBody(req),
    });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock, SystemClock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { apiTokenKindOf, generateApiToken, hashApiToken } from './api-token.util.js';
import { ApiTokenEntity } from './auth.entities.js';
import type { CreatedTokenDto, CreateTokenDto, TokenViewDto } from './dto/token.dto.js';
import type { Principal } from './principal.js';

/** `last_used_at` is written at most this often per token, so a polling TV does not write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * A token row read for authentication is reused this long, so a busy integration does not pay a
 * database round trip per request. Revoking through this process drops it at once; a revocation
 * made by another process (cluster) takes effect here within this time. Expiry is checked on every
 * use.
 */
export const TOKEN_CACHE_MS = 5_000;
/** Bound on cached rows (only tokens that authenticated are cached, so this is rarely reached). */
const TOKEN_CACHE_MAX = 1_000;

export function toTokenView(token: ApiTokenEntity, now: Date): TokenViewDto {
  const status = token.revokedAt
    ? 'revoked'
    : token.expiresAt && token.expiresAt <= now
      ? 'expired'
      : 'active';
  return {
    id: token.id,
    kind: token.kind,
    name: token.name,
    prefix: token.tokenPrefix,
    source: token.source,
    createdBy: token.createdBy,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    status,
  };
}

@Injectable()
export class TokensService {
  private readonly revokedListeners: Array<(tokenId: string) => void> = [];
  /** Token hash -> the row as read, and when it was read (see TOKEN_CACHE_MS). */
  private readonly cache = new Map<string, { row: ApiTokenEntity; readAt: number }>();
  /** Bumped by every revocation: a read that overlapped one is not cached. */
  private revocations = 0;

  constructor(
    @InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  /** Called after a token is revoked (the live layer drops the sockets it opened). */
  onRevoked(listener: (tokenId: string) => void): void {
    this.revokedListeners.push(listener);
  }

  async list(): Promise<TokenViewDto[]> {
    const rows = await this.tokens.find({ order: { createdAt: 'DESC', name: 'ASC' } });
    const now = new Date(this.clock.now());
    return rows.map((row) => toTokenView(row, now));
  }

  /** Creates a token; the answer is the only place its secret ever appears. */
  async create(dto: CreateTokenDto, createdBy: string | null): Promise<CreatedTokenDto> {
    if (dto.kind !== 'integration' && dto.source !== undefined) {
      throw new DomainError('VALIDATION_FAILED', 'Only integration tokens can be limited to a source', [
        { path: 'source', message: 'only for kind integration' },
      ]);
    }
    const expiresAt = dto.expiresAt === undefined ? null : new Date(dto.expiresAt);
    if (expiresAt && expiresAt.getTime() <= this.clock.now()) {
      throw new DomainError('VALIDATION_FAILED', 'expiresAt must be in the future', [
        { path: 'expiresAt', message: 'must be in the future' },
      ]);
    }
    const generated = generateApiToken(dto.kind);
    const saved = await this.tokens.save(
      this.tokens.create({
        kind: dto.kind,
        name: dto.name.trim(),
        tokenHash: generated.hash,
        tokenPrefix: generated.prefix,
        source: dto.source?.trim() ?? null,
        createdBy,
        expiresAt,
        revokedAt: null,
        lastUsedAt: null,
      }),
    );
    return { ...toTokenView(saved, new Date(this.clock.now())), token: generated.token };
  }

  /** Revokes at once; revoking a revoked token again changes nothing. */
  async revoke(id: string): Promise<TokenViewDto> {
    await this.tokens
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    this.forget(id);
    const token = await this.tokens.findOneBy({ id });
    if (!token) throw new DomainError('NOT_FOUND', 'No such token');
    for (const listener of this.revokedListeners) listener(id);
    return toTokenView(token, new Date(this.clock.now()));
  }

  /** The principal of an opaque `dsp_`/`int_` token, or null when it is unknown, revoked or expired. */
  async authenticate(token: string): Promise<Principal | null> {
    const kind = apiTokenKindOf(token);
    if (!kind) return null;
    const row = await this.rowOf(hashApiToken(token));
    const now = new Date(this.clock.now());
    if (!row || row.kind !== kind || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      await this.touch(row.id);
      row.lastUsedAt = now;
    }
    const expiresAt = row.expiresAt?.getTime() ?? null;
    return row.kind === 'display'
      ? { kind: 'display', tokenId: row.id, name: row.name, expiresAt }
      : { kind: 'integration', tokenId: row.id, name: row.name, source: row.source, expiresAt };
  }

  /** The stored row of a token hash, from the cache when read less than TOKEN_CACHE_MS ago. */
  private async rowOf(tokenHash: string): Promise<ApiTokenEntity | null> {
    const cached = this.cache.get(tokenHash);
    const now = this.clock.now();
    if (cached && now - cached.readAt < TOKEN_CACHE_MS) return cached.row;
    this.cache.delete(tokenHash);
    const revocations = this.revocations;
    const row = await this.tokens.findOneBy({ tokenHash });
    if (row && !row.revokedAt && revocations === this.revocations) {
      if (this.cache.size >= TOKEN_CACHE_MAX) this.cache.clear();
      this.cache.set(tokenHash, { row, readAt: now });
    }
    return row;
  }

  /** Drops the cached row of a token (revoked here: refused from the next request on). */
  private forget(tokenId: string): void {
    this.revocations++;
    for (const [tokenHash, { row }] of this.cache) {
      if (row.id === tokenId) this.cache.delete(tokenHash);
    }
  }

  private async touch(id: string): Promise<void> {
    await this.tokens
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where(`id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, { id })
      .execute();
  }
}

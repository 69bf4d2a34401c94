import { jest } from '@jest/globals';
import type { Repository } from 'typeorm';
import { generateApiToken } from './api-token.util.js';
import type { ApiTokenEntity } from './auth.entities.js';
import { TOKEN_CACHE_MS, TokensService } from './tokens.service.js';

/** A token table of one row, counting reads; `update().set()` applies what revoke and touch set. */
function fakeTokens(row: ApiTokenEntity) {
  const reads = { count: 0 };
  const stored = { row };
  const builder = {
    update: () => builder,
    set: (values: { revokedAt?: unknown; lastUsedAt?: unknown }) => {
      if (values.revokedAt) stored.row = { ...stored.row, revokedAt: new Date() };
      if (values.lastUsedAt) stored.row = { ...stored.row, lastUsedAt: new Date() };
      return builder;
    },
    where: () => builder,
    execute: async () => undefined,
  };
  const repository = {
    findOneBy: async (where: { tokenHash?: string; id?: string }) => {
      reads.count++;
      const match = where.tokenHash === stored.row.tokenHash || where.id === stored.row.id;
      return match ? { ...stored.row } : null;
    },
    createQueryBuilder: () => builder,
  };
  return { repository: repository as unknown as Repository<ApiTokenEntity>, reads, stored };
}

function integrationToken(): { token: string; row: ApiTokenEntity } {
  const generated = generateApiToken('integration');
  return {
    token: generated.token,
    row: {
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      kind: 'integration',
      name: 'CRM',
      tokenHash: generated.hash,
      tokenPrefix: generated.prefix,
      source: 'crm',
      createdBy: null,
      createdAt: new Date(),
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: new Date(),
    },
  };
}

describe('TokensService.authenticate', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads a token once for a burst of requests', async () => {
    const { token, row } = integrationToken();
    const { repository, reads } = fakeTokens(row);
    const tokens = new TokensService(repository);
    for (let i = 0; i < 5; i++) {
      expect(await tokens.authenticate(token)).toMatchObject({ kind: 'integration', source: 'crm' });
    }
    expect(reads.count).toBe(1);
  });

  it('refuses a token revoked in this process from the next request on', async () => {
    const { token, row } = integrationToken();
    const { repository } = fakeTokens(row);
    const tokens = new TokensService(repository);
    expect(await tokens.authenticate(token)).not.toBeNull();
    await tokens.revoke(row.id);
    expect(await tokens.authenticate(token)).toBeNull();
  });

  it('sees a revocation made elsewhere once the cached row is older than TOKEN_CACHE_MS', async () => {
    const { token, row } = integrationToken();
    const { repository, stored } = fakeTokens(row);
    const tokens = new TokensService(repository);
    const start = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
    expect(await tokens.authenticate(token)).not.toBeNull();
    stored.row = { ...stored.row, revokedAt: new Date(start) };
    clock.mockReturnValue(start + TOKEN_CACHE_MS);
    expect(await tokens.authenticate(token)).toBeNull();
  });

  it('refuses a cached token as soon as it expires', async () => {
    const { token, row } = integrationToken();
    const { repository } = fakeTokens({ ...row, expiresAt: new Date(Date.now() + 50) });
    const tokens = new TokensService(repository);
    expect(await tokens.authenticate(token)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await tokens.authenticate(token)).toBeNull();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Catch,
  Controller,
  Get,
  Global,
  Module,
  Post,
  type ArgumentsHost,
  type DynamicModule,
  type ExceptionFilter,
  type INestApplication,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Response } from 'express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import { DomainError } from '../common/domain-error.js';
import { createValidationPipe } from '../common/validation.pipe.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { hashApiToken } from './api-token.util.js';
import { Allow, CurrentPrincipal, Public } from './auth.decorators.js';
import { AUTH_ENTITIES } from './auth.entities.js';
import { ClockModule } from '../common/clock.js';
import { AUTH_MIGRATIONS } from '../database/migrations/auth-migrations.js';
import { AuthModule } from './auth.module.js';
import { AuthService, GENERATED_ADMIN_EMAIL } from './auth.service.js';
import type { Principal } from './principal.js';
import { testConfig as baseTestConfig } from '../test-support/test-app.js';

// ---------------------------------------------------------------------------------------------
// Test harness: the pieces the core app module provides in production (config, filter, pipe,
// prefix), a probe controller with every kind of access metadata, and PGlite through the real
// migrations.
// ---------------------------------------------------------------------------------------------

const ADMIN_EMAIL = 'boss@example.com';
const ADMIN_PASSWORD = 'Walnut-Tundra-Beacon-44';

function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return baseTestConfig({ adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD, ...overrides });
}

@Global()
@Module({})
class TestConfigModule {
  static with(config: AppConfig): DynamicModule {
    return {
      module: TestConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}

/** Test-only stand-in for the core's global filter: DomainError -> its status and error body. */
@Catch(DomainError)
class DomainErrorTestFilter implements ExceptionFilter {
  catch(err: DomainError, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(err.status)
      .json({ error: { code: err.code, message: err.message, details: err.details } });
  }
}

@Controller('probe')
class ProbeController {
  @Public()
  @Get('public')
  open(): { ok: true } {
    return { ok: true };
  }

  @Allow('rep')
  @Get('rep')
  rep(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Allow('manager')
  @Get('manager')
  manager(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Allow('display')
  @Get('display')
  display(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Allow('integration')
  @Post('integration')
  integration(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Get('admin')
  adminOnly(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}

/** Starts the app; `dataDir` makes PGlite persistent, so a second start sees the same database. */
async function startApp(config: AppConfig, dataDir?: string): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      TestConfigModule.with(config),
      ClockModule,
      TypeOrmModule.forRoot({
        type: 'postgres',
        driver: new PGliteDriver(dataDir ? { dataDir } : {}).driver,
        entities: AUTH_ENTITIES,
        migrations: AUTH_MIGRATIONS,
        migrationsRun: true,
        synchronize: false,
        installExtensions: false,
        logging: false,
      }),
      AuthModule,
    ],
    controllers: [ProbeController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new DomainErrorTestFilter());
  app.useGlobalPipes(createValidationPipe());
  await app.init();
  return app;
}

async function loginAs(app: INestApplication, email: string, password: string): Promise<string> {
  const res = await request(app.getHttpServer())
    .post('/api/auth/login')
    .send({ email, password })
    .expect(200);
  return res.body.accessToken as string;
}

const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

/** Collects what the process writes to stdout while `run` runs. */
async function captureStdout<T>(run: () => Promise<T>): Promise<{ result: T; out: string }> {
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    return { result: await run(), out };
  } finally {
    spy.mockRestore();
  }
}

// ---------------------------------------------------------------------------------------------

describe('auth over HTTP (PGlite, real migrations)', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  let adminToken: string;
  let managerToken: string;
  let repToken: string;
  let repUserId: string;
  const repId = '5b0c6f7e-1c1a-4e55-9a55-0c0de0000001';

  beforeAll(async () => {
    app = await startApp(testConfig());
    http = app.getHttpServer();
    adminToken = await loginAs(app, ADMIN_EMAIL, ADMIN_PASSWORD);
    await request(http)
      .post('/api/users')
      .set(...bearer(adminToken))
      .send({ email: 'Manager@Example.com', password: 'Ember-Canyon-Lotus-31', role: 'manager' })
      .expect(201);
    const rep = await request(http)
      .post('/api/users')
      .set(...bearer(adminToken))
      .send({
        email: 'rep@example.com',
        password: 'Fjord-Pebble-Mango-72',
        role: 'rep',
        repId,
        displayName: 'Иван',
      })
      .expect(201);
    repUserId = rep.body.id;
    managerToken = await loginAs(app, 'manager@example.com', 'Ember-Canyon-Lotus-31');
    repToken = await loginAs(app, 'rep@example.com', 'Fjord-Pebble-Mango-72');
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('login', () => {
    it('answers an access token and the role', async () => {
      const res = await request(http)
        .post('/api/auth/login')
        .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
        .expect(200);
      expect(res.body).toEqual({ accessToken: expect.any(String), role: 'admin' });
      const claims = app.get(JwtService).decode(res.body.accessToken) as Record<string, unknown>;
      expect(claims).toMatchObject({ role: 'admin', repId: null, sub: expect.any(String) });
      expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    });

    it('ignores the case and surrounding spaces of the e-mail', async () => {
      await loginAs(app, '  BOSS@Example.COM ', ADMIN_PASSWORD);
    });

    it('answers the same 401 for a wrong password and an unknown e-mail', async () => {
      const wrongPassword = await request(http)
        .post('/api/auth/login')
        .send({ email: ADMIN_EMAIL, password: 'not-the-password' })
        .expect(401);
      const unknownUser = await request(http)
        .post('/api/auth/login')
        .send({ email: 'nobody@example.com', password: 'not-the-password' })
        .expect(401);
      expect(wrongPassword.body.error.code).toBe('UNAUTHENTICATED');
      expect(unknownUser.body).toEqual(wrongPassword.body);
    });

    it('spends about as long on an unknown e-mail as on a wrong password', async () => {
      const time = async (email: string): Promise<number> => {
        const start = process.hrtime.bigint();
        await request(http).post('/api/auth/login').send({ email, password: 'wrong-password' }).expect(401);
        return Number(process.hrtime.bigint() - start) / 1e6;
      };
      await time('nobody@example.com'); // warms up the dummy hash
      // The fastest of a few tries, so a busy machine does not decide the comparison.
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 3; i++) {
        known.push(await time(ADMIN_EMAIL));
        unknown.push(await time(`nobody-${i}@example.com`));
      }
      expect(Math.min(...unknown)).toBeGreaterThan(Math.min(...known) * 0.4);
    });

    it('makes an address wait after 5 failed logins for an e-mail, even with the right password; other e-mails go on', async () => {
      await request(http)
        .post('/api/users')
        .set(...bearer(adminToken))
        .send({ email: 'guessed@example.com', password: 'Hazel-Quill-Torrent-53', role: 'manager' })
        .expect(201);
      for (let i = 0; i < 6; i++) {
        await request(http)
          .post('/api/auth/login')
          .send({ email: 'guessed@example.com', password: `guess-${i}` })
          .expect(401);
      }
      const refused = await request(http)
        .post('/api/auth/login')
        .send({ email: 'guessed@example.com', password: 'Hazel-Quill-Torrent-53' })
        .expect(429);
      expect(refused.body.error.details).toEqual([expect.objectContaining({ code: 'LOGIN_THROTTLED' })]);
      await loginAs(app, 'manager@example.com', 'Ember-Canyon-Lotus-31');
    });

    it('refuses a malformed body', async () => {
      await request(http).post('/api/auth/login').send({ email: ADMIN_EMAIL }).expect(400);
      await request(http)
        .post('/api/auth/login')
        .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD, role: 'admin' })
        .expect(400);
    });
  });

  describe('access tokens (JWT)', () => {
    it('GET /api/auth/me answers the logged-in user', async () => {
      const res = await request(http)
        .get('/api/auth/me')
        .set(...bearer(repToken))
        .expect(200);
      expect(res.body).toEqual({ id: repUserId, email: 'rep@example.com', role: 'rep', repId });
    });

    it('refuses protected routes without a token, or with a malformed or forged one', async () => {
      for (const path of [
        '/api/auth/me',
        '/api/probe/admin',
        '/api/probe/rep',
        '/api/users',
        '/api/tokens',
      ]) {
        const res = await request(http).get(path).expect(401);
        expect(res.body.error.code).toBe('UNAUTHENTICATED');
      }
      await request(http).get('/api/auth/me').set('Authorization', adminToken).expect(401);
      await request(http)
        .get('/api/auth/me')
        .set(...bearer('not-a-jwt'))
        .expect(401);
      const forged = new JwtService({ secret: 'another-secret-another-secret-another' }).sign({
        sub: repUserId,
        role: 'admin',
        repId: null,
      });
      await request(http)
        .get('/api/probe/admin')
        .set(...bearer(forged))
        .expect(401);
      const [header, payload] = adminToken.split('.');
      await request(http)
        .get('/api/probe/admin')
        .set(...bearer(`${header}.${payload}.`))
        .expect(401);
    });

    it('refuses an expired token', async () => {
      const expired = app
        .get(JwtService)
        .sign({ sub: repUserId, role: 'rep', repId, iat: Math.floor(Date.now() / 1000) - 7200 });
      const res = await request(http)
        .get('/api/auth/me')
        .set(...bearer(expired))
        .expect(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('public routes work with no token and with a bad one', async () => {
      await request(http).get('/api/probe/public').expect(200, { ok: true });
      await request(http)
        .get('/api/probe/public')
        .set(...bearer('garbage'))
        .expect(200);
    });

    it('a rep reaches rep routes only: 403 on admin and manager routes', async () => {
      await request(http)
        .get('/api/probe/rep')
        .set(...bearer(repToken))
        .expect(200);
      for (const path of [
        '/api/probe/admin',
        '/api/probe/manager',
        '/api/probe/display',
        '/api/users',
        '/api/tokens',
      ]) {
        const res = await request(http)
          .get(path)
          .set(...bearer(repToken))
          .expect(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      await request(http)
        .post('/api/probe/integration')
        .set(...bearer(repToken))
        .expect(403);
      await request(http)
        .post('/api/tokens')
        .set(...bearer(repToken))
        .send({ kind: 'display', name: 'mine' })
        .expect(403);
    });

    it('a manager reaches manager routes and tokens, not admin-only ones', async () => {
      await request(http)
        .get('/api/probe/manager')
        .set(...bearer(managerToken))
        .expect(200);
      await request(http)
        .get('/api/tokens')
        .set(...bearer(managerToken))
        .expect(200);
      await request(http)
        .get('/api/probe/admin')
        .set(...bearer(managerToken))
        .expect(403);
      await request(http)
        .get('/api/probe/rep')
        .set(...bearer(managerToken))
        .expect(403);
      await request(http)
        .get('/api/users')
        .set(...bearer(managerToken))
        .expect(403);
    });

    it('an admin reaches every route', async () => {
      for (const path of ['/api/probe/admin', '/api/probe/manager', '/api/probe/rep', '/api/probe/display']) {
        await request(http)
          .get(path)
          .set(...bearer(adminToken))
          .expect(200);
      }
      await request(http)
        .post('/api/probe/integration')
        .set(...bearer(adminToken))
        .expect(201);
    });
  });

  describe('users (admin only)', () => {
    it('lists users without any password hash', async () => {
      const res = await request(http)
        .get('/api/users')
        .set(...bearer(adminToken))
        .expect(200);
      const emails = (res.body as Array<{ email: string }>).map((u) => u.email);
      expect(emails).toEqual(expect.arrayContaining([ADMIN_EMAIL, 'manager@example.com', 'rep@example.com']));
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/scrypt|password/i);
      expect(res.body.find((u: { email: string }) => u.email === 'rep@example.com')).toEqual({
        id: repUserId,
        email: 'rep@example.com',
        role: 'rep',
        repId,
        displayName: 'Иван',
        createdAt: expect.any(String),
        disabledAt: null,
      });
    });

    it('stores the password as a salted scrypt hash', async () => {
      const rows: Array<{ password_hash: string }> = await app
        .get(DataSource)
        .query(`SELECT password_hash FROM users WHERE email = 'rep@example.com'`);
      expect(rows[0]!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    });

    it('refuses a rep without repId, a duplicate e-mail in any case, and bad input', async () => {
      const noRep = await request(http)
        .post('/api/users')
        .set(...bearer(adminToken))
        .send({ email: 'x@example.com', password: 'Indigo-Raven-Spoke-28', role: 'rep' })
        .expect(400);
      expect(noRep.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'repId' }] });
      const dup = await request(http)
        .post('/api/users')
        .set(...bearer(adminToken))
        .send({ email: 'REP@example.com', password: 'Indigo-Raven-Spoke-28', role: 'manager' })
        .expect(409);
      expect(dup.body.error.code).toBe('CONFLICT');
      for (const body of [
        { email: 'not-an-email', password: 'Indigo-Raven-Spoke-28', role: 'manager' },
        { email: 'y@example.com', password: 'short', role: 'manager' },
        { email: 'y@example.com', password: 'Indigo-Raven-Spoke-28', role: 'owner' },
        { email: 'y@example.com', password: 'Indigo-Raven-Spoke-28', role: 'manager', passwordHash: 'x' },
      ]) {
        await request(http)
          .post('/api/users')
          .set(...bearer(adminToken))
          .send(body)
          .expect(400);
      }
    });

    it('changes a password: the old one stops working, the new one works', async () => {
      const created = await request(http)
        .post('/api/users')
        .set(...bearer(adminToken))
        .send({ email: 'pw@example.com', password: 'Jasper-Nectar-Orbit-64', role: 'manager' })
        .expect(201);
      await request(http)
        .patch(`/api/users/${created.body.id}`)
        .set(...bearer(adminToken))
        .send({ password: 'Kelp-Lagoon-Meteor-19' })
        .expect(200);
      await request(http)
        .post('/api/auth/login')
        .send({ email: 'pw@example.com', password: 'Jasper-Nectar-Orbit-64' })
        .expect(401);
      await loginAs(app, 'pw@example.com', 'Kelp-Lagoon-Meteor-19');
    });

    it('disabling a user refuses their existing token and their login at once; enabling restores the login', async () => {
      const created = await request(http)
        .post('/api/users')
        .set(...bearer(adminToken))
        .send({ email: 'leaver@example.com', password: 'Lilac-Summit-Gravel-47', role: 'rep', repId })
        .expect(201);
      const token = await loginAs(app, 'leaver@example.com', 'Lilac-Summit-Gravel-47');
      await request(http)
        .get('/api/auth/me')
        .set(...bearer(token))
        .expect(200);

      const disabled = await request(http)
        .patch(`/api/users/${created.body.id}`)
        .set(...bearer(adminToken))
        .send({ disabled: true })
        .expect(200);
      expect(disabled.body.disabledAt).toEqual(expect.any(String));
      await request(http)
        .get('/api/auth/me')
        .set(...bearer(token))
        .expect(401);
      const login = await request(http)
        .post('/api/auth/login')
        .send({ email: 'leaver@example.com', password: 'Lilac-Summit-Gravel-47' })
        .expect(401);
      expect(login.body.error.message).toBe('Wrong e-mail or password');

      await request(http)
        .patch(`/api/users/${created.body.id}`)
        .set(...bearer(adminToken))
        .send({ disabled: false })
        .expect(200);
      // The token of before stays void (its session version is gone); a new login works.
      await request(http)
        .get('/api/auth/me')
        .set(...bearer(token))
        .expect(401);
      const again = await loginAs(app, 'leaver@example.com', 'Lilac-Summit-Gravel-47');
      await request(http)
        .get('/api/auth/me')
        .set(...bearer(again))
        .expect(200);
    });

    it('a role change ends the sessions of the old role; the next login has the new one', async () => {
      const created = await request(http)
        .post('/api/users')
        .set(...bearer(adminToken))
        .send({ email: 'promoted@example.com', password: 'Mosaic-Thistle-Dune-85', role: 'rep', repId })
        .expect(201);
      const token = await loginAs(app, 'promoted@example.com', 'Mosaic-Thistle-Dune-85');
      await request(http)
        .get('/api/probe/manager')
        .set(...bearer(token))
        .expect(403);
      const res = await request(http)
        .patch(`/api/users/${created.body.id}`)
        .set(...bearer(adminToken))
        .send({ role: 'manager', repId: null })
        .expect(200);
      expect(res.body).toMatchObject({ role: 'manager', repId: null });
      await request(http)
        .get('/api/probe/manager')
        .set(...bearer(token))
        .expect(401);
      await request(http)
        .get('/api/probe/manager')
        .set(...bearer(await loginAs(app, 'promoted@example.com', 'Mosaic-Thistle-Dune-85')))
        .expect(200);
      await request(http)
        .patch(`/api/users/${created.body.id}`)
        .set(...bearer(adminToken))
        .send({ role: 'rep' })
        .expect(400);
    });

    it('keeps at least one active admin', async () => {
      const me = await request(http)
        .get('/api/auth/me')
        .set(...bearer(adminToken))
        .expect(200);
      const res = await request(http)
        .patch(`/api/users/${me.body.id}`)
        .set(...bearer(adminToken))
        .send({ disabled: true })
        .expect(409);
      expect(res.body.error.code).toBe('CONFLICT');
      await request(http)
        .patch(`/api/users/${me.body.id}`)
        .set(...bearer(adminToken))
        .send({ role: 'manager' })
        .expect(409);
    });

    it('GET /api/users/:id answers one user', async () => {
      const res = await request(http)
        .get(`/api/users/${repUserId}`)
        .set(...bearer(adminToken))
        .expect(200);
      expect(res.body).toMatchObject({ id: repUserId, email: 'rep@example.com', role: 'rep' });
      await request(http)
        .get(`/api/users/${repUserId}`)
        .set(...bearer(repToken))
        .expect(403);
    });

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      await request(http)
        .patch('/api/users/00000000-0000-4000-8000-000000000000')
        .set(...bearer(adminToken))
        .send({ disabled: true })
        .expect(404);
      await request(http)
        .patch('/api/users/42')
        .set(...bearer(adminToken))
        .send({ disabled: true })
        .expect(400);
    });

    it('is refused to managers, reps and tokens', async () => {
      await request(http)
        .post('/api/users')
        .set(...bearer(managerToken))
        .send({ email: 'z@example.com', password: 'Indigo-Raven-Spoke-28', role: 'admin' })
        .expect(403);
      await request(http)
        .patch(`/api/users/${repUserId}`)
        .set(...bearer(repToken))
        .send({ role: 'admin' })
        .expect(403);
    });
  });

  it('describes its routes and bodies in the OpenAPI document, without secrets in user views', () => {
    const doc = SwaggerModule.createDocument(app, new DocumentBuilder().addBearerAuth().build());
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/auth/me',
        '/api/users',
        '/api/users/{id}',
        '/api/tokens',
        '/api/tokens/{id}/revoke',
        '/api/tokens/{id}',
      ]),
    );
    const schemas = doc.components?.schemas ?? {};
    expect(Object.keys((schemas['LoginDto'] as { properties: object }).properties)).toEqual([
      'email',
      'password',
    ]);
    expect(Object.keys((schemas['UserViewDto'] as { properties: object }).properties)).not.toContain(
      'passwordHash',
    );
    expect(Object.keys((schemas['CreatedTokenDto'] as { properties: object }).properties)).toContain('token');
    expect(Object.keys((schemas['TokenViewDto'] as { properties: object }).properties)).not.toContain(
      'token',
    );
  });

  describe('display and integration tokens', () => {
    async function createToken(
      by: string,
      body: object,
    ): Promise<{ id: string; token: string; prefix: string }> {
      const res = await request(http)
        .post('/api/tokens')
        .set(...bearer(by))
        .send(body)
        .expect(201);
      return res.body;
    }

    it('shows the secret once; lists show only its prefix; the database keeps only its sha256', async () => {
      const created = await createToken(managerToken, { kind: 'display', name: 'Floor TV' });
      expect(created.token).toMatch(/^dsp_[\w-]{43}$/);
      expect(created.prefix).toBe(created.token.slice(0, 8));
      expect(created).toMatchObject({ kind: 'display', name: 'Floor TV', status: 'active', revokedAt: null });

      const list = await request(http)
        .get('/api/tokens')
        .set(...bearer(adminToken))
        .expect(200);
      const listed = list.body.find((t: { id: string }) => t.id === created.id);
      expect(listed).toMatchObject({ prefix: created.prefix, name: 'Floor TV' });
      expect(listed).not.toHaveProperty('token');
      expect(JSON.stringify(list.body)).not.toContain(created.token);
      expect(JSON.stringify(list.body)).not.toContain(hashApiToken(created.token));

      const rows: Array<Record<string, unknown>> = await app
        .get(DataSource)
        .query(`SELECT * FROM api_tokens WHERE id = $1`, [created.id]);
      expect(rows[0]!.token_hash).toBe(hashApiToken(created.token));
      expect(JSON.stringify(rows)).not.toContain(created.token);
    });

    it('a display token reads display routes only, and is refused once revoked', async () => {
      const { id, token } = await createToken(adminToken, { kind: 'display', name: 'Lobby TV' });
      const res = await request(http)
        .get('/api/probe/display')
        .set(...bearer(token))
        .expect(200);
      expect(res.body).toEqual({ kind: 'display', tokenId: id, name: 'Lobby TV', expiresAt: null });
      for (const path of [
        '/api/probe/rep',
        '/api/probe/manager',
        '/api/probe/admin',
        '/api/auth/me',
        '/api/tokens',
      ]) {
        await request(http)
          .get(path)
          .set(...bearer(token))
          .expect(403);
      }
      await request(http)
        .post('/api/probe/integration')
        .set(...bearer(token))
        .expect(403);
      await request(http)
        .post('/api/tokens')
        .set(...bearer(token))
        .send({ kind: 'display', name: 'x' })
        .expect(403);

      const revoked = await request(http)
        .post(`/api/tokens/${id}/revoke`)
        .set(...bearer(managerToken))
        .expect(200);
      expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
      const refused = await request(http)
        .get('/api/probe/display')
        .set(...bearer(token))
        .expect(401);
      expect(refused.body.error.code).toBe('UNAUTHENTICATED');
      // Revoking again changes nothing.
      const again = await request(http)
        .post(`/api/tokens/${id}/revoke`)
        .set(...bearer(managerToken))
        .expect(200);
      expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    });

    it('an integration token sends to integration routes only, carries its source, and DELETE revokes it', async () => {
      const { id, token } = await createToken(managerToken, {
        kind: 'integration',
        name: 'CRM',
        source: 'amocrm',
      });
      expect(token.startsWith('int_')).toBe(true);
      const res = await request(http)
        .post('/api/probe/integration')
        .set(...bearer(token))
        .expect(201);
      expect(res.body).toEqual({
        kind: 'integration',
        tokenId: id,
        name: 'CRM',
        source: 'amocrm',
        expiresAt: null,
      });
      for (const path of ['/api/probe/display', '/api/probe/rep', '/api/probe/admin', '/api/tokens']) {
        await request(http)
          .get(path)
          .set(...bearer(token))
          .expect(403);
      }
      await request(http)
        .delete(`/api/tokens/${id}`)
        .set(...bearer(adminToken))
        .expect(200);
      await request(http)
        .post('/api/probe/integration')
        .set(...bearer(token))
        .expect(401);
    });

    it('GET /api/auth/whoami answers any valid token', async () => {
      const { id, token } = await createToken(adminToken, {
        kind: 'integration',
        name: 'ERP',
        source: 'erp',
      });
      const res = await request(http)
        .get('/api/auth/whoami')
        .set(...bearer(token))
        .expect(200);
      expect(res.body).toEqual({ kind: 'integration', id, name: 'ERP', role: null, source: 'erp' });
      const user = await request(http)
        .get('/api/auth/whoami')
        .set(...bearer(repToken))
        .expect(200);
      expect(user.body).toEqual({
        kind: 'user',
        id: repUserId,
        name: 'rep@example.com',
        role: 'rep',
        source: null,
      });
      await request(http).get('/api/auth/whoami').expect(401);
    });

    it('refuses an expired token, also one read a moment before', async () => {
      const { id, token } = await createToken(adminToken, {
        kind: 'integration',
        name: 'Telephony',
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      });
      await request(http)
        .post('/api/probe/integration')
        .set(...bearer(token))
        .expect(201);
      // Only the clock moves (timers stay real): the token row was just read and may be cached.
      jest.useFakeTimers({
        now: Date.now() + 61_000,
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'requestAnimationFrame',
          'cancelAnimationFrame',
          'requestIdleCallback',
          'cancelIdleCallback',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
      try {
        await request(http)
          .post('/api/probe/integration')
          .set(...bearer(token))
          .expect(401);
        const list = await request(http)
          .get('/api/tokens')
          .set(...bearer(adminToken))
          .expect(200);
        expect(list.body.find((t: { id: string }) => t.id === id).status).toBe('expired');
      } finally {
        jest.useRealTimers();
      }
    });

    it('refuses unknown tokens and a token presented with the wrong kind prefix', async () => {
      const { token } = await createToken(adminToken, { kind: 'display', name: 'Kitchen TV' });
      await request(http)
        .get('/api/probe/display')
        .set(...bearer(`dsp_${'A'.repeat(43)}`))
        .expect(401);
      await request(http)
        .get('/api/probe/display')
        .set(...bearer(`int_${token.slice(4)}`))
        .expect(401);
    });

    it('records last use, at most once a minute', async () => {
      const { id, token } = await createToken(adminToken, { kind: 'display', name: 'Hall TV' });
      const lastUsed = async (): Promise<string | null> => {
        const list = await request(http)
          .get('/api/tokens')
          .set(...bearer(adminToken))
          .expect(200);
        return list.body.find((t: { id: string }) => t.id === id).lastUsedAt;
      };
      expect(await lastUsed()).toBeNull();
      await request(http)
        .get('/api/probe/display')
        .set(...bearer(token))
        .expect(200);
      const first = await lastUsed();
      expect(first).toEqual(expect.any(String));
      await request(http)
        .get('/api/probe/display')
        .set(...bearer(token))
        .expect(200);
      expect(await lastUsed()).toBe(first);
    });

    it('validates token requests', async () => {
      for (const body of [
        { kind: 'display', name: 'TV', source: 'crm' },
        { kind: 'display', name: 'TV', expiresAt: '2000-01-01T00:00:00Z' },
        { kind: 'display', name: 'TV', expiresAt: 'tomorrow' },
        { kind: 'admin', name: 'TV' },
        { kind: 'display', name: '' },
        { kind: 'display', name: 'TV', tokenHash: 'x' },
      ]) {
        await request(http)
          .post('/api/tokens')
          .set(...bearer(adminToken))
          .send(body)
          .expect(400);
      }
      await request(http)
        .post('/api/tokens/not-a-uuid/revoke')
        .set(...bearer(adminToken))
        .expect(400);
      await request(http)
        .post('/api/tokens/00000000-0000-4000-8000-000000000000/revoke')
        .set(...bearer(adminToken))
        .expect(404);
    });

    it('AuthService.authenticate serves the websocket handshake with the same rules', async () => {
      const auth = app.get(AuthService);
      const { id, token } = await createToken(adminToken, { kind: 'display', name: 'Socket TV' });
      await expect(auth.authenticate(token)).resolves.toEqual({
        kind: 'display',
        tokenId: id,
        name: 'Socket TV',
        expiresAt: null,
      });
      const rep = await auth.authenticate(repToken);
      expect(rep).toMatchObject({ kind: 'user', role: 'rep', repId });
      // A user's token expires with its JWT: live sockets close then.
      expect(rep.expiresAt).toBeGreaterThan(Date.now());
      await expect(auth.authenticate('nonsense')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    });
  });
});

describe('first admin', () => {
  // A persistent PGlite (needed to restart on the same database) takes a few seconds to open.
  jest.setTimeout(60_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'auth-first-admin-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is created from ADMIN_EMAIL / ADMIN_PASSWORD without printing the password', async () => {
    const { result: app, out } = await captureStdout(() =>
      startApp(testConfig({ adminEmail: 'Chief@Example.com', adminPassword: 'Nimbus-Oyster-Prism-36' })),
    );
    try {
      expect(out).not.toContain('Nimbus-Oyster-Prism-36');
      expect(out).not.toContain('First admin created');
      await loginAs(app, 'chief@example.com', 'Nimbus-Oyster-Prism-36');
      const admins: unknown[] = await app
        .get(DataSource)
        .query(`SELECT email FROM users WHERE role = 'admin'`);
      expect(admins).toEqual([{ email: 'chief@example.com' }]);
    } finally {
      await app.close();
    }
  });

  it('is generated and its password printed exactly once, not again on the next start', async () => {
    const config = testConfig({ adminEmail: null, adminPassword: null });
    const first = await captureStdout(() => startApp(config, dir));
    let password: string;
    try {
      expect(first.out).toContain('First admin created');
      expect(first.out).toContain(GENERATED_ADMIN_EMAIL);
      expect(first.out).toContain('shown once');
      const match = /password:\s+(\S+)/.exec(first.out);
      expect(match).not.toBeNull();
      password = match![1]!;
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect(first.out.split(password)).toHaveLength(2); // printed once
      await loginAs(first.result, GENERATED_ADMIN_EMAIL, password);
    } finally {
      await first.result.close();
    }

    const second = await captureStdout(() => startApp(config, dir));
    try {
      expect(second.out).not.toContain('First admin created');
      expect(second.out).not.toContain(password);
      await loginAs(second.result, GENERATED_ADMIN_EMAIL, password);
      const admins: unknown[] = await second.result
        .get(DataSource)
        .query(`SELECT 1 FROM users WHERE role = 'admin'`);
      expect(admins).toHaveLength(1);
    } finally {
      await second.result.close();
    }
  });

  it('is not created when an admin exists, even with other ADMIN_EMAIL settings', async () => {
    const first = await startApp(testConfig(), dir);
    await first.close();
    const { result: app, out } = await captureStdout(() =>
      startApp(testConfig({ adminEmail: 'other@example.com', adminPassword: 'Opal-Drizzle-Walrus-62' }), dir),
    );
    try {
      expect(out).not.toContain('First admin created');
      const admins: unknown[] = await app
        .get(DataSource)
        .query(`SELECT email FROM users WHERE role = 'admin'`);
      expect(admins).toEqual([{ email: ADMIN_EMAIL }]);
    } finally {
      await app.close();
    }
  });

  it('is created once when several starts race for it', async () => {
    const { result: app } = await captureStdout(() =>
      startApp(testConfig({ adminEmail: null, adminPassword: null })),
    );
    try {
      const db = app.get(DataSource);
      await db.query(`DELETE FROM users`);
      const auth = app.get(AuthService);
      const { result, out } = await captureStdout(() =>
        Promise.all([auth.ensureFirstAdmin(), auth.ensureFirstAdmin(), auth.ensureFirstAdmin()]),
      );
      expect(result.filter((r) => r.created)).toHaveLength(1);
      expect(out.match(/First admin created/g)).toHaveLength(1);
      const admins: unknown[] = await db.query(`SELECT 1 FROM users WHERE role = 'admin'`);
      expect(admins).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});

describe('auth migration', () => {
  jest.setTimeout(60_000);

  it('reverts cleanly and applies again', async () => {
    const { result: app } = await captureStdout(() => startApp(testConfig()));
    try {
      const db = app.get(DataSource);
      const tables = async (): Promise<string[]> =>
        (
          await db.query<Array<{ table_name: string }>>(
            `SELECT table_name FROM information_schema.tables
             WHERE table_name IN ('users', 'api_tokens', 'login_throttle') ORDER BY 1`,
          )
        ).map((r) => r.table_name);
      const all = ['api_tokens', 'login_throttle', 'users'];
      expect(await tables()).toEqual(all);
      await db.undoLastMigration();
      expect(await tables()).toEqual(['api_tokens', 'users']);
      await db.undoLastMigration();
      expect(await tables()).toEqual([]);
      await db.runMigrations();
      expect(await tables()).toEqual(all);
    } finally {
      await app.close();
    }
  });

  it('enforces lower-case e-mails, known roles and a rep link in the schema itself', async () => {
    const { result: app } = await captureStdout(() => startApp(testConfig()));
    try {
      const db = app.get(DataSource);
      const insert = (email: string, role: string, repId: string | null): Promise<unknown> =>
        db.query(
          `INSERT INTO users (email, password_hash, role, rep_id, display_name) VALUES ($1, 'x', $2, $3, 'x')`,
          [email, role, repId],
        );
      await expect(insert('Upper@example.com', 'manager', null)).rejects.toThrow(/users_email_lower_check/);
      await expect(insert('owner@example.com', 'owner', null)).rejects.toThrow(/users_role_check/);
      await expect(insert('rep2@example.com', 'rep', null)).rejects.toThrow(/users_rep_has_rep_id_check/);
      await expect(insert(ADMIN_EMAIL, 'manager', null)).rejects.toThrow(/users_email_key/);
    } finally {
      await app.close();
    }
  });
});

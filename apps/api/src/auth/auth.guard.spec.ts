import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error.js';
import { decideAccess, type RouteAccess } from './access-policy.js';
import { Allow, Public } from './auth.decorators.js';
import { AuthGuard, bearerTokenOf } from './auth.guard.js';
import type { AuthService } from './auth.service.js';
import type { Caller, Principal } from './principal.js';

const admin: Principal = { kind: 'user', userId: 'u1', role: 'admin', repId: null, email: 'a@x' };
const manager: Principal = { kind: 'user', userId: 'u2', role: 'manager', repId: null, email: 'm@x' };
const rep: Principal = { kind: 'user', userId: 'u3', role: 'rep', repId: 'r1', email: 'r@x' };
const display: Principal = { kind: 'display', tokenId: 't1', name: 'TV' };
const integration: Principal = { kind: 'integration', tokenId: 't2', name: 'CRM', source: 'crm' };

const PUBLIC: RouteAccess = { isPublic: true, allowed: undefined };
const UNANNOTATED: RouteAccess = { isPublic: false, allowed: undefined };
const allow = (...allowed: Caller[]): RouteAccess => ({ isPublic: false, allowed });

describe('decideAccess', () => {
  it.each<[string, RouteAccess, Principal | null, ReturnType<typeof decideAccess>]>([
    ['public, no token', PUBLIC, null, 'allow'],
    ['public, display token', PUBLIC, display, 'allow'],
    ['unannotated, no token', UNANNOTATED, null, 'unauthenticated'],
    ['unannotated, admin', UNANNOTATED, admin, 'allow'],
    ['unannotated, manager', UNANNOTATED, manager, 'forbidden'],
    ['unannotated, rep', UNANNOTATED, rep, 'forbidden'],
    ['unannotated, display', UNANNOTATED, display, 'forbidden'],
    ['unannotated, integration', UNANNOTATED, integration, 'forbidden'],
    ['@Allow(rep), no token', allow('rep'), null, 'unauthenticated'],
    ['@Allow(rep), rep', allow('rep'), rep, 'allow'],
    ['@Allow(rep), admin', allow('rep'), admin, 'allow'],
    ['@Allow(rep), manager', allow('rep'), manager, 'forbidden'],
    ['@Allow(rep), display', allow('rep'), display, 'forbidden'],
    ['@Allow(manager), manager', allow('manager'), manager, 'allow'],
    ['@Allow(manager), admin', allow('manager'), admin, 'allow'],
    ['@Allow(manager), rep', allow('manager'), rep, 'forbidden'],
    ['@Allow(display), display', allow('display'), display, 'allow'],
    ['@Allow(display), admin', allow('display'), admin, 'allow'],
    ['@Allow(display), integration', allow('display'), integration, 'forbidden'],
    ['@Allow(display), rep', allow('display'), rep, 'forbidden'],
    ['@Allow(integration), integration', allow('integration'), integration, 'allow'],
    ['@Allow(integration), display', allow('integration'), display, 'forbidden'],
    ['@Allow(integration), manager', allow('integration'), manager, 'forbidden'],
    ['@Allow(), rep', allow(), rep, 'forbidden'],
    ['@Allow(), admin', allow(), admin, 'allow'],
  ])('%s -> %s', (_label, route, principal, expected) => {
    expect(decideAccess(route, principal)).toBe(expected);
  });
});

describe('bearerTokenOf', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   dsp_x-y_z  ', 'dsp_x-y_z'],
    ['Basic abc', null],
    ['Bearer', null],
    ['Bearer a b', null],
    ['', null],
    [undefined, null],
  ])('%j -> %j', (header, expected) => {
    expect(bearerTokenOf(header)).toBe(expected);
  });
});

@Allow('manager')
class ManagerController {
  inherited(): void {}
  @Allow('display')
  displayOnly(): void {}
  @Public()
  open(): void {}
}

class PlainController {
  adminOnly(): void {}
  @Allow('rep', 'display')
  repOrDisplay(): void {}
}

const TOKENS: Record<string, Principal> = {
  'tok-admin': admin,
  'tok-manager': manager,
  'tok-rep': rep,
  dsp_tv: display,
  int_crm: integration,
};

const fakeAuth = {
  authenticate: async (token: string): Promise<Principal> => {
    const principal = TOKENS[token];
    if (!principal) throw new DomainError('UNAUTHENTICATED', 'bad token');
    return principal;
  },
} as unknown as AuthService;

function httpContext(cls: object, handler: () => void, authorization?: string) {
  const request: { headers: Record<string, string>; principal?: Principal } = {
    headers: authorization ? { authorization } : {},
  };
  const context = {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => cls,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

type Outcome = 'allow' | 401 | 403;

async function outcome(guard: AuthGuard, cls: object, handler: () => void, token?: string): Promise<Outcome> {
  const { context, request } = httpContext(cls, handler, token ? `Bearer ${token}` : undefined);
  const result = await guard.canActivate(context).then(
    () => 'allow' as const,
    (err: unknown) => err,
  );
  if (result === 'allow') return result;
  if (!(result instanceof DomainError)) throw result;
  // A refused token never leaves a principal behind.
  if (result.status === 401) expect(request.principal).toBeUndefined();
  return result.status as 401 | 403;
}

describe('AuthGuard', () => {
  const guard = new AuthGuard(new Reflector(), fakeAuth);
  const m = ManagerController.prototype;
  const p = PlainController.prototype;

  it.each<[string, object, () => void, string | undefined, Outcome]>([
    ['class @Allow(manager): manager', ManagerController, m.inherited, 'tok-manager', 'allow'],
    ['class @Allow(manager): rep', ManagerController, m.inherited, 'tok-rep', 403],
    ['class @Allow(manager): no token', ManagerController, m.inherited, undefined, 401],
    ['class @Allow(manager): unknown token', ManagerController, m.inherited, 'forged', 401],
    ['method @Allow(display) overrides class: display', ManagerController, m.displayOnly, 'dsp_tv', 'allow'],
    ['method @Allow(display) overrides class: manager', ManagerController, m.displayOnly, 'tok-manager', 403],
    ['method @Allow(display): admin', ManagerController, m.displayOnly, 'tok-admin', 'allow'],
    ['method @Public overrides class: no token', ManagerController, m.open, undefined, 'allow'],
    ['method @Public: a bad token is ignored', ManagerController, m.open, 'forged', 'allow'],
    ['unannotated: admin', PlainController, p.adminOnly, 'tok-admin', 'allow'],
    ['unannotated: manager', PlainController, p.adminOnly, 'tok-manager', 403],
    ['unannotated: integration', PlainController, p.adminOnly, 'int_crm', 403],
    ['unannotated: no token', PlainController, p.adminOnly, undefined, 401],
    ['@Allow(rep, display): rep', PlainController, p.repOrDisplay, 'tok-rep', 'allow'],
    ['@Allow(rep, display): display', PlainController, p.repOrDisplay, 'dsp_tv', 'allow'],
    ['@Allow(rep, display): integration', PlainController, p.repOrDisplay, 'int_crm', 403],
  ])('%s -> %s', async (_label, cls, handler, token, expected) => {
    await expect(outcome(guard, cls, handler, token)).resolves.toBe(expected);
  });

  it('puts the principal on the request', async () => {
    const { context, request } = httpContext(PlainController, p.repOrDisplay, 'Bearer tok-rep');
    await guard.canActivate(context);
    expect(request.principal).toEqual(rep);
  });

  it('leaves non-HTTP contexts (websockets) to their own authentication', async () => {
    const context = { getType: () => 'ws' } as unknown as ExecutionContext;
    await expect(guard.canActivate(context)).resolves.toBe(true);
  });
});

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { Role } from '@leaderboard/contracts';
import { Clock, SystemClock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { isUniqueViolation } from '../database/pg-errors.js';
import { UserEntity } from './auth.entities.js';
import type { CreateUserDto, UpdateUserDto, UserViewDto } from './dto/user.dto.js';
import { hashPassword } from './password-hasher.js';
import { assertPasswordAcceptable } from './password-policy.js';

/** What a JWT check needs of a user; cached briefly so a busy client does not hit the table per call. */
export interface ActiveUser {
  id: string;
  email: string;
  role: Role;
  repId: string | null;
  /** Tokens carrying another version were issued before a disable, role or password change. */
  sessionVersion: number;
}

/**
 * How long a user row read for a token check is reused. A change made through this process drops
 * it at once; a change made by another process applies here within this time (REST and each
 * live subscribe), and its sockets here close within the live re-check interval.
 */
export const ACTIVE_USER_CACHE_MS = 5_000;
/** Bound on cached users; the oldest entry leaves first. */
const ACTIVE_USER_CACHE_MAX = 10_000;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toUserView(user: UserEntity): UserViewDto {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    repId: user.repId,
    displayName: user.displayName,
    createdAt: user.createdAt.toISOString(),
    disabledAt: user.disabledAt ? user.disabledAt.toISOString() : null,
  };
}

function repIdRequired(): DomainError {
  return new DomainError('VALIDATION_FAILED', 'A user with role rep needs a repId', [
    { path: 'repId', message: 'required for role rep' },
  ]);
}

@Injectable()
export class UsersService {
  private readonly activeCache = new Map<string, { user: ActiveUser | null; until: number }>();
  /** Bumped by every session revocation: a read that overlapped one is not cached. */
  private revocations = 0;
  private readonly revokedListeners: Array<(userId: string) => void> = [];

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  /** Called after a user's sessions were revoked (the live layer closes their sockets). */
  onSessionsRevoked(listener: (userId: string) => void): void {
    this.revokedListeners.push(listener);
  }

  async list(): Promise<UserViewDto[]> {
    const rows = await this.users.find({ order: { createdAt: 'ASC', email: 'ASC' } });
    return rows.map(toUserView);
  }

  async get(id: string): Promise<UserViewDto> {
    return toUserView(await this.require(id));
  }

  async create(dto: CreateUserDto): Promise<UserViewDto> {
    if (dto.role === 'rep' && !dto.repId) throw repIdRequired();
    const email = normalizeEmail(dto.email);
    assertPasswordAcceptable(dto.password, dto.role, [email, dto.displayName]);
    const entity = this.users.create({
      email,
      passwordHash: await hashPassword(dto.password),
      role: dto.role,
      repId: dto.repId ?? null,
      displayName: dto.displayName?.trim() || email.split('@')[0]!,
      disabledAt: null,
      sessionVersion: 0,
    });
    try {
      return toUserView(await this.users.save(entity));
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('CONFLICT', 'A user with this e-mail already exists');
      throw err;
    }
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserViewDto> {
    const user = await this.require(id);
    const role = dto.role ?? user.role;
    const repId = dto.repId === undefined ? user.repId : dto.repId;
    if (role === 'rep' && !repId) throw repIdRequired();
    const disabledAt =
      dto.disabled === undefined
        ? user.disabledAt
        : dto.disabled
          ? (user.disabledAt ?? new Date(this.clock.now()))
          : null;

    const losesAdmin =
      user.role === 'admin' && user.disabledAt === null && (role !== 'admin' || disabledAt !== null);
    if (losesAdmin && (await this.activeAdminCount()) <= 1) {
      throw new DomainError('CONFLICT', 'The last active admin cannot be demoted or disabled');
    }

    if (dto.password !== undefined) {
      assertPasswordAcceptable(dto.password, role, [user.email, user.displayName, dto.displayName]);
    }
    // Tokens issued before a disable, a role change or a new password stop working.
    const revokes = dto.password !== undefined || role !== user.role || (disabledAt && !user.disabledAt);
    const patch: QueryDeepPartialEntity<UserEntity> = { role, repId, disabledAt };
    if (dto.displayName !== undefined) patch.displayName = dto.displayName.trim();
    if (dto.password !== undefined) patch.passwordHash = await hashPassword(dto.password);
    if (revokes) patch.sessionVersion = () => 'session_version + 1';
    await this.users.update({ id }, patch);
    this.forget(id);
    if (revokes) for (const listener of this.revokedListeners) listener(id);
    return toUserView(await this.require(id));
  }

  /** The user behind a JWT, or null when it no longer exists or is disabled. */
  async findActive(id: string): Promise<ActiveUser | null> {
    const now = this.clock.now();
    const cached = this.activeCache.get(id);
    if (cached && cached.until > now) return cached.user;
    this.activeCache.delete(id);
    const revocations = this.revocations;
    const row = await this.users.findOneBy({ id, disabledAt: IsNull() });
    const user = row
      ? { id: row.id, email: row.email, role: row.role, repId: row.repId, sessionVersion: row.sessionVersion }
      : null;
    if (revocations === this.revocations) {
      // Oldest first (insertion order): a full cache drops one entry, never all of them.
      if (this.activeCache.size >= ACTIVE_USER_CACHE_MAX) {
        this.activeCache.delete(this.activeCache.keys().next().value!);
      }
      this.activeCache.set(id, { user, until: now + ACTIVE_USER_CACHE_MS });
    }
    return user;
  }

  /** For login only: the row with its password hash. */
  findByEmailWithHash(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email: normalizeEmail(email) });
  }

  async replacePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash });
  }

  /** Drops a cached user (changed here: the next check reads the row). */
  private forget(id: string): void {
    this.revocations++;
    this.activeCache.delete(id);
  }

  private activeAdminCount(): Promise<number> {
    return this.users.countBy({ role: 'admin', disabledAt: IsNull() });
  }

  private async require(id: string): Promise<UserEntity> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw new DomainError('NOT_FOUND', 'No such user');
    return user;
  }
}

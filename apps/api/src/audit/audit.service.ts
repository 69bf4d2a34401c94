import { Injectable } from '@nestjs/common';
import type { AuditEntry } from '@leaderboard/contracts';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';

/** Fields never written to the audit log, at any depth. */
const SECRET_FIELDS = new Set(['password', 'passwordHash', 'token', 'accessToken', 'secret', 'credentials']);

/** `value` with every secret field replaced by `"[redacted]"`. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, SECRET_FIELDS.has(key) ? '[redacted]' : withoutSecrets(v)]),
  );
}

interface AuditRow {
  id: string;
  at: Date;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  subject_id: string | null;
  details: Record<string, unknown>;
}

export interface AuditRecord {
  action: string;
  subjectId: string | null;
  details: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(principal: Principal, entry: AuditRecord): Promise<void> {
    const actor =
      principal.kind === 'user'
        ? { kind: principal.role, id: principal.userId, name: principal.email }
        : { kind: principal.kind, id: principal.tokenId, name: principal.name };
    await this.dataSource.query(
      `INSERT INTO audit_log (actor_kind, actor_id, actor_name, action, subject_id, details)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      [
        actor.kind,
        actor.id,
        actor.name,
        entry.action,
        entry.subjectId,
        JSON.stringify(withoutSecrets(entry.details)),
      ],
    );
  }

  /** Newest first; `before` (an entry id) pages back. */
  async list(limit: number, before?: string): Promise<AuditEntry[]> {
    const rows = await this.dataSource.query<AuditRow[]>(
      `SELECT id::text, at, actor_kind, actor_id, actor_name, action, subject_id, details FROM audit_log
       WHERE ($1::bigint IS NULL OR id < $1::bigint) ORDER BY audit_log.id DESC LIMIT $2`,
      [before ?? null, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      at: new Date(row.at).toISOString(),
      actor: { kind: row.actor_kind, id: row.actor_id, name: row.actor_name },
      action: row.action,
      subjectId: row.subject_id,
      details: row.details,
    }));
  }
}

import type {
  BoardResponse,
  BreakdownResponse,
  EventInput,
  IngestResponse,
  RepView,
  TeamView,
} from '@leaderboard/contracts';
import type { Response } from 'supertest';
import type { TestApp } from './test-app.js';

/** Thin helpers over supertest that send the right token. */
export class ApiClient {
  constructor(private readonly t: TestApp) {}

  postEvents(body: unknown, token = this.t.integrationToken): Promise<Response> {
    return this.t
      .http()
      .post('/api/events')
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);
  }

  async ingest(events: EventInput[]): Promise<IngestResponse> {
    const res = await this.postEvents({ events });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as IngestResponse;
  }

  async team(name: string): Promise<TeamView> {
    const res = await this.t
      .http()
      .post('/api/teams')
      .set('Authorization', `Bearer ${this.t.adminToken}`)
      .send({ name });
    if (res.status !== 201) throw new Error(`team answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as TeamView;
  }

  async rep(key: string, name: string, teamId: string): Promise<RepView> {
    const res = await this.t
      .http()
      .post('/api/reps')
      .set('Authorization', `Bearer ${this.t.adminToken}`)
      .send({ key, name, teamId });
    if (res.status !== 201) throw new Error(`rep answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as RepView;
  }

  async board(query: string, token = this.t.adminToken): Promise<BoardResponse> {
    const res = await this.t.http().get(`/api/boards?${query}`).set('Authorization', `Bearer ${token}`);
    if (res.status !== 200) throw new Error(`board answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as BoardResponse;
  }

  async breakdown(repId: string, query: string, token = this.t.adminToken): Promise<BreakdownResponse> {
    const res = await this.t
      .http()
      .get(`/api/reps/${repId}/breakdown?${query}`)
      .set('Authorization', `Bearer ${token}`);
    if (res.status !== 200) throw new Error(`breakdown answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as BreakdownResponse;
  }
}

/** A connected call that followed the script: 12 points under the default rule set. */
export function call(
  externalId: string,
  rep: string,
  occurredAt: string,
  attributes: EventInput['attributes'] = {},
): EventInput {
  return {
    source: 'telephony',
    externalId,
    type: 'call',
    rep,
    occurredAt,
    attributes: { durationSec: 120, outcome: 'connected', scriptFollowed: true, ...attributes },
  };
}

/** Wednesday 18 November 2026, `hh:mm` Moscow time. */
export function moscow(hhmm: string, day = 18): string {
  return `2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+03:00`;
}

export function shuffle<T>(items: T[], seed = 42): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A socket the test plays the server of: it records what the client emits and lets the test
 * connect, drop, refuse and push `/live` events. Only for unit tests; black-box suites use a real one.
 */
import type { BoardResponse, BoardRow, BoardSubscribeAck, BoardSubscription } from '@leaderboard/contracts';
import type { LiveSocket } from '../live/live-client.js';

type Listener = (...args: never[]) => void;

export interface Subscribe {
  subscription: BoardSubscription;
  ack: (answer: BoardSubscribeAck) => void;
}

export class FakeSocket implements LiveSocket {
  connected = false;
  active = false;
  connectCalls = 0;
  readonly subscribes: Subscribe[] = [];
  /** Every other event emitted (`kpis:subscribe`, `kpis:unsubscribe`, ...): name and payload. */
  readonly emitted: Array<{ event: string; payload: unknown }> = [];
  private readonly listeners = new Map<string, Set<Listener>>();

  on(event: string, listener: Listener): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  off(event: string, listener: Listener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  emit(event: string, ...args: unknown[]): this {
    if (event === 'board:subscribe') {
      this.subscribes.push({
        subscription: args[0] as BoardSubscription,
        ack: args[1] as (answer: BoardSubscribeAck) => void,
      });
    } else this.emitted.push({ event, payload: args[0] });
    return this;
  }

  connect(): this {
    this.connectCalls += 1;
    this.active = true;
    return this;
  }

  disconnect(): this {
    this.active = false;
    if (this.connected) this.serverDrop('io client disconnect');
    return this;
  }

  /** The handshake succeeded. */
  serverConnect(): void {
    this.connected = true;
    this.active = true;
    this.fire('connect');
  }

  /** The connection dropped (Wi-Fi, a server restart); socket.io-client keeps retrying. */
  serverDrop(reason = 'transport close'): void {
    this.connected = false;
    this.fire('disconnect', reason);
  }

  /** The server refused the handshake; socket.io-client stops retrying by itself. */
  serverRefuse(message: string): void {
    this.connected = false;
    this.active = false;
    this.fire('connect_error', new Error(message));
  }

  /** Pushes a server event (`board:delta`, `board:snapshot`, `celebration`). */
  fire(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])])
      (listener as (...a: unknown[]) => void)(...args);
  }

  /** Answers the latest subscribe of `period` with `snapshot`. */
  answer(period: string, snapshot: BoardResponse): void {
    const subscribe = [...this.subscribes].reverse().find((s) => s.subscription.period === period);
    if (!subscribe) throw new Error(`no board:subscribe for ${period}`);
    subscribe.ack({ ok: true, snapshot });
  }
}

export function row(repId: string, name: string, points: number, extra: Partial<BoardRow> = {}): BoardRow {
  return {
    repId,
    key: `${repId}@example.com`,
    name,
    teamId: null,
    points,
    milliPoints: points * 1000,
    rank: 0,
    tier: null,
    ...extra,
  };
}

export function snapshot(
  period: string,
  seq: number,
  rows: BoardRow[],
  key = `${period}:2026-11:all`,
): BoardResponse {
  return {
    board: {
      key,
      period: period as BoardResponse['board']['period'],
      from: '2026-10-31T21:00:00.000Z',
      to: '2026-11-30T21:00:00.000Z',
      scope: { kind: 'all' },
    },
    seq,
    asOf: '2026-11-25T09:30:00.000Z',
    rows,
  };
}

import type { BroadcastOptions } from 'socket.io-adapter';
import {
  FallbackRedisAdapter,
  reconnectDelay,
  RECONNECT_MAX_MS,
  withHandledRejections,
} from './redis-fan-out.js';

/** A Redis client as the Redis adapter uses it: records what it publishes. */
class FakeRedisClient {
  readonly published: string[] = [];
  failing = false;
  pSubscribe = async (): Promise<void> => undefined;
  subscribe = async (): Promise<void> => undefined;
  pUnsubscribe = async (): Promise<void> => undefined;
  unsubscribe = async (): Promise<void> => undefined;
  sSubscribe = async (): Promise<void> => undefined;
  on(): this {
    return this;
  }
  off(): this {
    return this;
  }
  async publish(channel: string): Promise<number> {
    if (this.failing) throw new Error('The client is offline');
    this.published.push(channel);
    return 1;
  }
  /** PUBSUB NUMSUB: three processes listen. */
  async sendCommand(): Promise<unknown[]> {
    return ['channel', 3];
  }
}

class FakeSocket {
  readonly written: unknown[] = [];
  disconnected = false;
  constructor(readonly id: string) {}
  readonly client = { writeToEngine: (packets: unknown[]) => this.written.push(...packets) };
  disconnect(): void {
    this.disconnected = true;
  }
}

function setUp() {
  const state = { connected: true };
  const pub = new FakeRedisClient();
  const sub = new FakeRedisClient();
  const sockets = new Map([['s1', new FakeSocket('s1')]]);
  const nsp = {
    name: '/live',
    sockets,
    server: { encoder: { encode: (packet: unknown) => [JSON.stringify(packet)] } },
  };
  const adapter = new FallbackRedisAdapter(
    nsp,
    withHandledRejections(pub),
    withHandledRejections(sub),
    () => state.connected,
  );
  void adapter.addAll('s1', new Set(['board:month:all']));
  const toRoom = (): BroadcastOptions => ({
    rooms: new Set(['board:month:all']),
    except: new Set(),
    flags: {},
  });
  return { state, pub, adapter, socket: sockets.get('s1') as FakeSocket, toRoom };
}

describe('FallbackRedisAdapter', () => {
  it('publishes through Redis while it is reachable, and reaches local clients either way', () => {
    const { state, pub, adapter, socket, toRoom } = setUp();
    adapter.broadcast({ type: 2, data: ['board:delta', { seq: 1 }] }, toRoom());
    expect(pub.published).toEqual(['socket.io#/live#board:month:all#']);
    state.connected = false;
    adapter.broadcast({ type: 2, data: ['board:delta', { seq: 2 }] }, toRoom());
    expect(pub.published).toHaveLength(1);
    expect(socket.written).toHaveLength(2);
  });

  it('disconnects local sockets at once, with or without Redis (the Redis adapter waits for its own request)', () => {
    for (const connected of [false, true]) {
      const { state, adapter, socket, toRoom } = setUp();
      state.connected = connected;
      adapter.disconnectSockets(toRoom(), true);
      expect([connected, socket.disconnected]).toEqual([connected, true]);
    }
  });

  it('counts only this process while Redis is away (server-side emits expect no answer)', async () => {
    const { state, adapter } = setUp();
    expect(await adapter.serverCount()).toBe(3);
    state.connected = false;
    expect(await adapter.serverCount()).toBe(1);
  });

  it('leaves no unhandled rejection when a publish fails as Redis goes away', async () => {
    const { pub, adapter, socket, toRoom } = setUp();
    pub.failing = true; // still counted as connected: the loss is not noticed yet
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      adapter.broadcast({ type: 2, data: ['board:delta', { seq: 3 }] }, toRoom());
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(socket.written).toHaveLength(1);
  });
});

describe('withHandledRejections', () => {
  it('still rejects for a caller that awaits, and passes other properties through', async () => {
    const client = withHandledRejections(new FakeRedisClient());
    client.failing = true;
    await expect(client.publish('x')).rejects.toThrow('offline');
    expect(client.failing).toBe(true);
  });
});

describe('reconnectDelay', () => {
  it('backs off exponentially up to the cap (plus jitter), and never gives up', () => {
    for (let i = 0; i < 20; i++) {
      expect(reconnectDelay(0)).toBeGreaterThanOrEqual(50);
      expect(reconnectDelay(0)).toBeLessThan(250);
      expect(reconnectDelay(3)).toBeGreaterThanOrEqual(400);
      for (const retries of [10, 1_000_000]) {
        expect(reconnectDelay(retries)).toBeGreaterThanOrEqual(RECONNECT_MAX_MS);
        expect(reconnectDelay(retries)).toBeLessThan(RECONNECT_MAX_MS + 200);
      }
    }
  });
});

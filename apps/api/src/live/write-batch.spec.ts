import {
  WriteBatch,
  type BatchedConnection,
  type EncodedMessage,
  type FramedConnection,
} from './write-batch.js';

/**
 * An Engine.IO socket as far as WriteBatch sees it: `flush()` moves the write buffer to `wire`,
 * one entry per TCP write (frames written while corked leave together on uncork).
 */
class FakeConnection implements BatchedConnection, FramedConnection {
  writeBuffer: string[] = [];
  readonly wire: string[][] = [];
  private corked = 0;
  private held: string[] = [];
  readyState = 'open';
  upgrading = false;
  readonly transport = {
    name: 'websocket',
    socket: {
      readyState: 1,
      _sender: { _queue: [] as unknown[] },
      _socket: {
        cork: () => void this.corked++,
        uncork: () => {
          if (--this.corked === 0 && this.held.length > 0) this.wire.push(this.held.splice(0));
        },
        write: (frame: Buffer) => {
          const text = `direct ${frame.toString()}`;
          if (this.corked > 0) this.held.push(text);
          else this.wire.push([text]);
          return true;
        },
        destroyed: false,
        writable: true,
      },
    },
  };
  /** Engine.IO held the transport (a frame in flight over polling, or an upgrade): it queues. */
  transportBusy = false;

  /** Engine.IO's public `write`: a message packet, queued then flushed (options and callback unused). */
  write(data: string, ...unused: [options?: unknown, callback?: () => void]): void {
    void unused;
    this.writeBuffer.push(`engine ${data}`);
    if (!this.transportBusy) this.flush();
  }
  failing = false;

  flush(): void {
    if (this.failing) throw new Error('transport gone');
    if (this.transportBusy) return;
    for (const frame of this.writeBuffer.splice(0)) {
      if (this.corked > 0) this.held.push(frame);
      else this.wire.push([frame]);
    }
  }

  /** What Engine.IO's sendPacket does: queue the frame, then flush. */
  send(frame: string): void {
    this.writeBuffer.push(frame);
    this.flush();
  }
}

describe('WriteBatch', () => {
  it('leaves writes outside a hold as they were: one write per frame, at once', () => {
    const batch = new WriteBatch();
    const tv = new FakeConnection();
    batch.adopt(tv);
    tv.send('delta 1');
    tv.send('celebration');
    expect(tv.wire).toEqual([['delta 1'], ['celebration']]);
  });

  it("sends what a hold queued on each socket in one write, in the socket's order", () => {
    const batch = new WriteBatch();
    const [tv, phone, idle] = [new FakeConnection(), new FakeConnection(), new FakeConnection()];
    for (const connection of [tv, phone, idle]) batch.adopt(connection);
    batch.hold(() => {
      tv.send('delta 7');
      phone.send('delta 7');
      tv.send('celebration');
      // Nothing leaves before the hold ends.
      expect(tv.wire).toEqual([]);
      expect(phone.wire).toEqual([]);
    });
    expect(tv.wire).toEqual([['delta 7', 'celebration']]);
    expect(phone.wire).toEqual([['delta 7']]);
    expect(idle.wire).toEqual([]);
    // Afterwards writes leave at once again.
    tv.send('delta 8');
    expect(tv.wire).toEqual([['delta 7', 'celebration'], ['delta 8']]);
  });

  it('a hold inside a hold sends at the end of the outer one', () => {
    const batch = new WriteBatch();
    const tv = new FakeConnection();
    batch.adopt(tv);
    batch.hold(() => {
      tv.send('delta');
      batch.hold(() => tv.send('celebration'));
      expect(tv.wire).toEqual([]);
    });
    expect(tv.wire).toEqual([['delta', 'celebration']]);
  });

  it('sends what was queued before an emit threw, and rethrows', () => {
    const batch = new WriteBatch();
    const tv = new FakeConnection();
    batch.adopt(tv);
    expect(() =>
      batch.hold(() => {
        tv.send('delta');
        throw new Error('row building failed');
      }),
    ).toThrow('row building failed');
    expect(tv.wire).toEqual([['delta']]);
  });

  it('a socket whose send fails does not keep the others from theirs; the error is not swallowed', () => {
    const batch = new WriteBatch();
    const [broken, tv] = [new FakeConnection(), new FakeConnection()];
    batch.adopt(broken);
    batch.adopt(tv);
    expect(() =>
      batch.hold(() => {
        broken.send('delta');
        tv.send('delta');
        broken.failing = true;
      }),
    ).toThrow('transport gone');
    expect(tv.wire).toEqual([['delta']]);
    // The next hold starts empty.
    broken.failing = false;
    batch.hold(() => tv.send('next'));
    expect(tv.wire).toEqual([['delta'], ['next']]);
  });
});

const message = (text: string): EncodedMessage => ({ packet: text, frame: Buffer.from(text) });

describe('WriteBatch.send (a message encoded once for every socket)', () => {
  it("writes the frame straight to the TCP socket; in a hold, with the rest of the socket's frames", () => {
    const batch = new WriteBatch();
    const [tv, phone] = [new FakeConnection(), new FakeConnection()];
    for (const connection of [tv, phone]) batch.adopt(connection);
    batch.send(tv, message('delta 1'));
    expect(tv.wire).toEqual([['direct delta 1']]);
    batch.hold(() => {
      batch.send(tv, message('delta 2'));
      batch.send(phone, message('delta 2'));
      batch.send(tv, message('celebration'));
      expect(tv.wire).toEqual([['direct delta 1']]);
    });
    expect(tv.wire).toEqual([['direct delta 1'], ['direct delta 2', 'direct celebration']]);
    expect(phone.wire).toEqual([['direct delta 2']]);
  });

  it('goes through Engine.IO, in order, when a frame waits there before it', () => {
    const batch = new WriteBatch();
    const tv = new FakeConnection();
    batch.adopt(tv);
    tv.transportBusy = true;
    tv.send('ack');
    batch.send(tv, message('delta 1'));
    expect(tv.wire).toEqual([]);
    tv.transportBusy = false;
    tv.flush();
    // Nothing waits now: the next one goes directly, after them.
    batch.send(tv, message('delta 2'));
    expect(tv.wire.flat()).toEqual(['ack', 'engine delta 1', 'direct delta 2']);
  });

  it('a direct frame followed by an Engine.IO one in the same hold leaves first, in one write', () => {
    const batch = new WriteBatch();
    const tv = new FakeConnection();
    batch.adopt(tv);
    batch.hold(() => {
      batch.send(tv, message('delta'));
      tv.send('snapshot ack');
    });
    expect(tv.wire).toEqual([['direct delta', 'snapshot ack']]);
  });

  it.each([
    ['not open', (c: FakeConnection) => (c.readyState = 'closing')],
    ['upgrading', (c: FakeConnection) => (c.upgrading = true)],
    ['polling', (c: FakeConnection) => (c.transport.name = 'polling')],
    ['ws not open', (c: FakeConnection) => (c.transport.socket.readyState = 2)],
    ['ws queue not empty', (c: FakeConnection) => c.transport.socket._sender._queue.push('frame')],
    ['TCP socket destroyed', (c: FakeConnection) => (c.transport.socket._socket.destroyed = true)],
  ])('a socket %s is sent through Engine.IO', (_, make) => {
    const batch = new WriteBatch();
    const tv = new FakeConnection();
    batch.adopt(tv);
    make(tv);
    batch.send(tv, message('delta'));
    expect(tv.wire).toEqual([['engine delta']]);
  });
});

describe("WriteBatch.adopt: Socket.IO's own broadcasts (a frame pre-encoded by the adapter)", () => {
  it('write header and payload straight to the TCP socket in one write; with a callback, through Engine.IO', () => {
    const batch = new WriteBatch();
    const tv = new FakeConnection();
    batch.adopt(tv);
    tv.write('packet', { wsPreEncodedFrame: [Buffer.from('head'), Buffer.from('body')] });
    expect(tv.wire).toEqual([['direct head', 'direct body']]);
    tv.write('acked', { wsPreEncodedFrame: [Buffer.from('x')] }, () => undefined);
    tv.write('plain');
    expect(tv.wire.slice(1)).toEqual([['engine acked'], ['engine plain']]);
  });
});

import { WriteBatch, type BatchedConnection } from './write-batch.js';

/**
 * An Engine.IO socket as far as WriteBatch sees it: `flush()` moves the write buffer to `wire`,
 * one entry per TCP write (frames written while corked leave together on uncork).
 */
class FakeConnection implements BatchedConnection {
  writeBuffer: string[] = [];
  readonly wire: string[][] = [];
  private corked = 0;
  private held: string[] = [];
  readonly transport = {
    socket: {
      _socket: {
        cork: () => void this.corked++,
        uncork: () => {
          if (--this.corked === 0 && this.held.length > 0) this.wire.push(this.held.splice(0));
        },
      },
    },
  };
  failing = false;

  flush(): void {
    if (this.failing) throw new Error('transport gone');
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

import { createRequire } from 'node:module';
import { wsTextFrame } from './ws-frame.js';

interface Receiver {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  write(chunk: Buffer): void;
}
// ws's own frame reader, as a client reads what the server writes (ws has no ESM build of it).
const { Receiver } = createRequire(import.meta.url)('ws') as {
  Receiver: new (options: { isServer: boolean }) => Receiver;
};

/** What a WebSocket client reads from `frame`. */
function read(frame: Buffer): Promise<{ text: string; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data, isBinary) => resolve({ text: data.toString('utf8'), isBinary }));
    receiver.on('error', reject);
    receiver.write(frame);
  });
}

describe('wsTextFrame', () => {
  it.each([0, 1, 125, 126, 65_535, 65_536, 200_000])(
    'a client reads a %i-byte text as it was written',
    async (length) => {
      const text = 'x'.repeat(length);
      expect(await read(wsTextFrame(text))).toEqual({ text, isBinary: false });
    },
  );

  it('counts UTF-8 bytes, not characters (Cyrillic names, emoji)', async () => {
    const text = `42/live,["celebration",{"name":"Анна Петрова 🎉${'я'.repeat(70)}"}]`;
    expect(await read(wsTextFrame(text))).toEqual({ text, isBinary: false });
  });
});

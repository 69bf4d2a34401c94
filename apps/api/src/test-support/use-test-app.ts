import type { AppConfig } from '../config/app-config.js';
import { ApiClient } from './api-client.js';
import { connect, liveSocket, type TestSocket } from './live-client.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * One app per test file (a PGlite instance takes seconds to start), its tables reset before each
 * test. `bind` receives the app and a client once they are up.
 */
export function useTestApp(bind: (app: TestApp, api: ApiClient) => void): void {
  let app: TestApp | undefined;

  beforeAll(async () => {
    app = await createTestApp();
    bind(app, new ApiClient(app));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  }, 60_000);

  beforeEach(async () => {
    await app?.reset();
  }, 60_000);
}

/** What `useLiveTestApp` gives a live test file. */
export interface LiveTestApp {
  /** A `/live` socket of the listening app, connected (admin token by default), closed after the test. */
  open(token?: string): Promise<TestSocket>;
}

/**
 * `useTestApp` for tests that talk over `/live`: the app also listens on a port (`bind` gets its
 * base URL), and every socket `open` made is disconnected after each test.
 */
export function useLiveTestApp(
  bind: (app: TestApp, api: ApiClient, baseUrl: string) => void,
  overrides: Partial<AppConfig> = {},
): LiveTestApp {
  let app: TestApp | undefined;
  let baseUrl = '';
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    app = await createTestApp(overrides);
    baseUrl = await app.listen();
    bind(app, new ApiClient(app), baseUrl);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  }, 60_000);

  beforeEach(async () => {
    await app?.reset();
  }, 60_000);

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  return {
    async open(token) {
      const socket = liveSocket(baseUrl, token ?? (app as TestApp).adminToken);
      sockets.push(socket);
      await connect(socket);
      return socket;
    },
  };
}

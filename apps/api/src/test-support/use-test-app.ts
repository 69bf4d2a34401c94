import { ApiClient } from './api-client.js';
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

// Black-box suite: starts the built app (apps/api/dist/main.js) as a process and talks HTTP to it.
import { shared } from '../../jest.config.js';

export default {
  ...shared,
  displayName: 'e2e',
  testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  testTimeout: 120000,
  maxWorkers: 1,
};

// Browser suite: the built app as a process, driven in Debian's chromium through playwright-core.
import { shared } from '../../jest.config.js';

export default {
  ...shared,
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  testTimeout: 180000,
  maxWorkers: 1,
};

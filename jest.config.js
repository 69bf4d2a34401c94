// Jest runs in ESM mode (NestJS 12 ships ES modules only); @swc/jest strips types and keeps
// decorator metadata, which Nest's dependency injection reads.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

export const shared = {
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.tsx?$': swc },
  moduleNameMapper: {
    '^@leaderboard/(contracts|scoring)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
  rootDir: import.meta.dirname,
};

export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/src/**/*.spec.ts',
        '<rootDir>/apps/api/src/**/*.spec.ts',
        '<rootDir>/tools/**/*.spec.mjs',
      ],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/apps/api/src/**/*.integration-spec.ts'],
      testTimeout: 60000,
    },
    {
      ...shared,
      displayName: 'web',
      testEnvironment: 'jsdom',
      moduleNameMapper: {
        ...shared.moduleNameMapper,
        '\\.css$': '<rootDir>/apps/web/src/test-support/style-stub.ts',
        // zustand's testing guide: a `create` that records each store's reset (test-support/zustand.ts).
        '^zustand$': '<rootDir>/apps/web/src/test-support/zustand.ts',
      },
      testMatch: ['<rootDir>/apps/web/src/**/*.spec.ts', '<rootDir>/apps/web/src/**/*.spec.tsx'],
      setupFilesAfterEnv: ['<rootDir>/apps/web/src/test-support/setup.ts'],
    },
  ],
};

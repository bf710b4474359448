/**
 * End-to-end suites (`npm run test:e2e`): real `cdktf deploy`/`destroy` of the dev stacks against moto,
 * `npm run local`, the state-safety faults and the drift check. Minutes long, so they are kept out of
 * `npm test` (jest.config.js ignores __tests__/e2e/). Two workers (package.json): each suite starts its
 * own moto, and most of their time is terraform waiting on the provider's pollers, not CPU.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testTimeout: 30 * 60_000,
  testSequencer: "<rootDir>/__tests__/e2e/longest-first.js",
};

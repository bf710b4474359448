/**
 * End-to-end suite (`npm run test:e2e`): real `cdktf deploy`/`destroy` of the dev stacks against moto.
 * Minutes long, so it is kept out of `npm test` (jest.config.js ignores __tests__/e2e/).
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testTimeout: 30 * 60_000,
};

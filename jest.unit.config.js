/**
 * Unit suites only (`npm run test:unit`): jest.config.js without the Terraform suites, which need
 * terraform, the provider mirror and moto_server. Extends the base so its ignore list stays the one
 * source (a CLI `--testPathIgnorePatterns` replaces it, which once let the e2e suite back in).
 */
const base = require("./jest.config.js");

module.exports = {
  ...base,
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    "/__tests__/terraform/",
    "/__tests__/harness/moto-launcher",
  ],
};

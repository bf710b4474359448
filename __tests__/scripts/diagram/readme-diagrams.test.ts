import { readFileSync } from "node:fs";
import * as path from "node:path";
import { readmeStaleness } from "../../../scripts/diagram/readme";
import { README_ENVIRONMENT, environmentDiagrams } from "../../../scripts/diagram/source";

const README = path.resolve(__dirname, "..", "..", "..", "README.md");

/**
 * README.md embeds the dev stacks' diagrams; they are regenerated here in-process (one synth of the
 * committed config/dev.tfvars) and compared with the README's block byte for byte.
 */
test("README diagrams match the dev stacks (else: npm run diagram -- --readme)", async () => {
  const diagrams = await environmentDiagrams(README_ENVIRONMENT, {});
  expect(diagrams.length).toBeGreaterThan(0);
  expect(readmeStaleness(readFileSync(README, "utf8"), diagrams)).toBeUndefined();
}, 60_000);

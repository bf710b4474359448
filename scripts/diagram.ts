import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { ConfigError, ConfigErrors } from "../config/config-error";
import { PROJECT_ROOT } from "../project-root";
import { USAGE_TEXT, parseArgs } from "./diagram/args";
import { DiagramInputError } from "./diagram/errors";
import { fencedMermaid } from "./diagram/mermaid";
import { readmeBlock, readmeStaleness, replaceReadmeBlock } from "./diagram/readme";
import { README_ENVIRONMENT, environmentDiagrams, namedStackDiagrams } from "./diagram/source";

const README = path.join(PROJECT_ROOT, "README.md");

/**
 * `npm run diagram -- <stack>`: a Mermaid diagram of the stack drawn from its construct tree.
 * `--readme` rewrites README.md's diagrams block with every dev stack; `--check` exits 1 when that
 * block is stale. Builds the app in-process as main.ts does (INFRA_CONFIG_DIR honoured); a config
 * mistake prints its message alone and exits 1.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.mode === "help") {
    process.stdout.write(USAGE_TEXT);
    return;
  }
  if (args.mode === "stacks") {
    const diagrams = await namedStackDiagrams(args.stacks, process.env);
    const single = diagrams.length === 1;
    process.stdout.write(
      diagrams.map((d) => (single ? fencedMermaid(d) : `### ${d.stack}\n\n${fencedMermaid(d)}`)).join("\n"),
    );
    return;
  }
  const diagrams = await environmentDiagrams(README_ENVIRONMENT, process.env);
  if (args.mode === "check") {
    const stale = readmeStaleness(readFileSync(README, "utf8"), diagrams);
    if (stale) {
      process.stderr.write(`${stale}\n`);
      process.exit(1);
    }
    process.stdout.write(`README diagrams are up to date (${diagrams.map((d) => d.stack).join(", ")})\n`);
    return;
  }
  // Read right before writing: others edit the rest of README.md, which is kept byte for byte.
  const current = readFileSync(README, "utf8");
  const next = replaceReadmeBlock(current, readmeBlock(diagrams));
  if (next !== current) writeFileSync(README, next);
  process.stdout.write(`README.md: diagrams of ${diagrams.map((d) => d.stack).join(", ")}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ConfigErrors || error instanceof DiagramInputError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
});

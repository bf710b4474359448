import { ConfigError, ConfigErrors } from "../config/config-error";
import { USAGE_TEXT, parseArgs } from "./cost/args";
import { CostInputError } from "./cost/errors";
import { estimateStacks } from "./cost/estimate";
import { renderJson } from "./cost/report-json";
import { renderText } from "./cost/report-text";
import { stacksFromOutput, synthesizedStacks } from "./cost/stack-source";

/**
 * `npm run cost [-- --from <cdktf.out>] [--json]`: a monthly estimate per stack and environment
 * from the region's list prices (scripts/cost/prices/<region>.json). By default it synthesizes
 * in-process as main.ts does, so INFRA_ENVS / INFRA_STACKS select what is estimated and config
 * mistakes print as they do for synth. Not part of `npm test`; its unit tests are.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(USAGE_TEXT);
    return;
  }
  const source = args.from ? stacksFromOutput(args.from, process.env) : await synthesizedStacks(process.env);
  const estimate = estimateStacks(source.stacks, { stackNamesByEnvironment: source.stackNamesByEnvironment });
  process.stdout.write(args.json ? renderJson(estimate) : renderText(estimate));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ConfigErrors || error instanceof CostInputError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
});

import { CostInputError } from "./errors";

export interface CostArgs {
  /** Read this synth output instead of synthesizing in-process. */
  readonly from?: string;
  readonly json: boolean;
  readonly help: boolean;
}

export const USAGE_TEXT = [
  "usage: npm run cost [-- [--from <cdktf.out>] [--json]]",
  "",
  "  (default)          synthesize in-process like main.ts (INFRA_ENVS / INFRA_STACKS select) and estimate",
  "  --from <dir>       estimate an existing synth output (its manifest.json lists the stacks)",
  "  --json             machine-readable output",
  "",
].join("\n");

export function parseArgs(argv: readonly string[]): CostArgs {
  let from: string | undefined;
  let json = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--help" || arg === "-h") help = true;
    else if (arg === "--from" || arg.startsWith("--from=")) {
      const value = arg === "--from" ? argv[++i] : arg.slice("--from=".length);
      if (!value || value.startsWith("--")) {
        throw new CostInputError(
          `--from: expected a cdktf synth output directory, found ${value ?? "nothing"}`,
        );
      }
      from = value;
    } else {
      throw new CostInputError(
        `${arg}: expected one of --from <dir>, --json, --help, found an unknown argument`,
      );
    }
  }
  return { ...(from !== undefined ? { from } : {}), json, help };
}

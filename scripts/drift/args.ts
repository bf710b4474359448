import { ENVIRONMENTS } from "../../config/schema/environment";
import { DriftInputError } from "./errors";

export interface DriftArgs {
  /** Check this synth output instead of running npm run synth into a temporary directory. */
  readonly from?: string;
  readonly json: boolean;
  readonly help: boolean;
  /** Environments named as arguments (`dev`). */
  readonly environments: readonly string[];
  /** Stacks named as arguments (`network-dev`). */
  readonly stacks: readonly string[];
}

export const USAGE_TEXT = [
  "usage: npm run drift -- [<env>...] [<stack>...] [--from <cdktf.out>] [--json]",
  "",
  "  terraform plan -detailed-exitcode of every deployed stack, concurrently (at most one per core),",
  "  summarized as a table: stack, in sync / drifted / not deployed / error, what would change.",
  "",
  "  <env> <stack>      what to check: `dev`, or `dev network-dev fileflow-dev` (the named stacks of dev);",
  "                     given, they replace INFRA_ENVS / INFRA_STACKS; none: those variables, else every stack",
  "  (default)          npm run synth into a temporary directory (cdktf.out untouched)",
  "  --from <dir>       check an existing synth output (its manifest.json lists the stacks); not rewritten",
  "  --json             machine-readable output (progress still goes to stderr)",
  "",
  "  per stack: terraform init -input=false; terraform state list (no managed resource: not deployed,",
  "  no plan); terraform plan -detailed-exitcode -input=false -lock=false -out=<tmp>; terraform show -json.",
  "  -lock=false: the check only reads and never blocks or fails a deploy; a plan during a deploy may",
  "  report its half-applied changes as drift (re-run). terraform: $TERRAFORM, else terraform on PATH,",
  "  with this environment (credentials, TF_CLI_CONFIG_FILE, TF_PLUGIN_CACHE_DIR) as it is. A plugin",
  "  cache with plugin_cache_may_break_dependency_lock_file (synthesized stacks have no lock file; see",
  "  .ci/run) saves every init its own copy of the provider.",
  "",
  "  exit 0  every stack in sync or not deployed",
  "  exit 2  something drifted and every stack was checked",
  "  exit 1  a stack could not be checked (wins over 2: its drift is unknown), or a usage/config mistake",
  "",
  '  runbook: README.md, "A scheduled drift check failed"',
  "",
].join("\n");

export function parseArgs(argv: readonly string[]): DriftArgs {
  let from: string | undefined;
  let json = false;
  let help = false;
  const environments: string[] = [];
  const stacks: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--help" || arg === "-h") help = true;
    else if (arg === "--from" || arg.startsWith("--from=")) {
      const value = arg === "--from" ? argv[++i] : arg.slice("--from=".length);
      if (!value || value.startsWith("-")) {
        throw new DriftInputError(
          `--from: expected a cdktf synth output directory, found ${value || "nothing"}`,
        );
      }
      from = value;
    } else if (arg.startsWith("-")) {
      throw new DriftInputError(
        `${arg}: expected one of --from <dir>, --json, --help, found an unknown option`,
      );
    } else if ((ENVIRONMENTS as readonly string[]).includes(arg)) {
      if (!environments.includes(arg)) environments.push(arg);
    } else if (ENVIRONMENTS.some((e) => arg.endsWith(`-${e}`) && arg.length > e.length + 1)) {
      if (!stacks.includes(arg)) stacks.push(arg);
    } else {
      throw new DriftInputError(
        `${arg}: expected an environment (${ENVIRONMENTS.join(", ")}) or a stack name "<system>-<${ENVIRONMENTS.join("|")}>", found neither`,
      );
    }
  }
  if (environments.length > 0) {
    const outside = stacks.filter((s) => !environments.some((e) => s.endsWith(`-${e}`)));
    if (outside.length > 0) {
      throw new DriftInputError(
        `${outside.join(", ")}: expected stacks of the named environments (${environments.join(", ")}), found other environments' stacks`,
      );
    }
  }
  return { ...(from !== undefined ? { from } : {}), json, help, environments, stacks };
}

/**
 * The environment the stacks are selected from: named environments and stacks replace INFRA_ENVS and
 * INFRA_STACKS (both, so a stale variable cannot narrow what was asked for); without any, the
 * variables select as for synth.
 */
export function selectionEnv(args: DriftArgs, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (args.environments.length === 0 && args.stacks.length === 0) return env;
  const rest = { ...env };
  delete rest.INFRA_ENVS;
  delete rest.INFRA_STACKS;
  if (args.environments.length > 0) rest.INFRA_ENVS = args.environments.join(",");
  if (args.stacks.length > 0) rest.INFRA_STACKS = args.stacks.join(",");
  return rest;
}

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import awsProviderPackage from "@cdktf/provider-aws/package.json";
import { CommandResult, run, tailOf } from "./process";

/** Terraform's `-json` diagnostics (validate -json, and each `diagnostic` line of plan/apply -json). */
export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly range?: { filename: string; start: { line: number } };
}

export interface ValidateOutput {
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: Diagnostic[];
}

/** The parts of `terraform show -json <plan>` the suites read. */
export interface PlanJson {
  readonly resource_changes?: ResourceChange[];
}

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly mode: "managed" | "data";
  readonly change: {
    readonly actions: string[];
    readonly before: unknown;
    readonly after: unknown;
    readonly after_unknown?: unknown;
  };
}

const MINUTE = 60_000;

/** The hashicorp/aws version the generated bindings, and so every synthesized stack, pin. */
const AWS_PROVIDER_VERSION = awsProviderPackage.cdktf.provider.version;

/**
 * Runs terraform with a CLI configuration of our own: the environment points TF_CLI_CONFIG_FILE at
 * a file that does not exist, and the registry is unreachable, so hashicorp/aws must come from the
 * filesystem mirror. The mirror is unpacked, so `terraform init` links the provider instead of
 * copying its ~700 MB binary (measured: ~1.5 s per init, 28 KB per .terraform); the plugin cache
 * keeps that true for a packed (zip) mirror, which is then unpacked once per run instead of once
 * per stack.
 */
export class TerraformCli {
  readonly cliConfigFile: string;
  readonly pluginCacheDir: string;
  private readonly workDir: string;
  private cacheFilled?: Promise<void>;

  constructor(
    readonly terraform: string,
    /** Filesystem mirror holding hashicorp/aws; undefined installs it from the registry. */
    mirror: string | undefined,
    /** Scratch directory for the CLI config and plugin cache; the caller removes it. */
    workDir: string,
  ) {
    this.workDir = workDir;
    this.cliConfigFile = path.join(workDir, "terraformrc");
    this.pluginCacheDir = path.join(workDir, "plugin-cache");
    mkdirSync(this.pluginCacheDir, { recursive: true });
    writeFileSync(this.cliConfigFile, cliConfig(mirror, this.pluginCacheDir));
  }

  /** Environment for terraform (and for cdktf, which runs terraform): ours plus `extra`. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      ...withoutAwsCredentials(process.env),
      TF_CLI_CONFIG_FILE: this.cliConfigFile,
      TF_PLUGIN_CACHE_DIR: this.pluginCacheDir,
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
      ...extra,
    };
  }

  run(
    dir: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv = {},
    timeoutMs = 10 * MINUTE,
  ): Promise<CommandResult> {
    return run(this.terraform, [...args, "-no-color"], { cwd: dir, env: this.env(env), timeoutMs });
  }

  async init(
    dir: string,
    options: { backend: boolean },
    env: NodeJS.ProcessEnv = {},
  ): Promise<CommandResult> {
    await this.fillPluginCache();
    return this.run(dir, ["init", "-input=false", `-backend=${String(options.backend)}`], env, 3 * MINUTE);
  }

  /**
   * Terraform's plugin cache is not safe for concurrent writers: two inits that both write it race
   * to create the same provider directory, and the loser fails with "mkdir ...: file exists" (seen
   * in CI). So the cache is filled once, by a single init of a configuration that only requires
   * hashicorp/aws, before any init of ours runs; later inits only read it (see cliConfig). Callers
   * that start terraform some other way (the cdktf CLI) call this first too.
   */
  fillPluginCache(): Promise<void> {
    this.cacheFilled ??= this.initProviderOnly();
    return this.cacheFilled;
  }

  private async initProviderOnly(): Promise<void> {
    const dir = mkdtempSync(path.join(this.workDir, "plugin-cache-fill-"));
    writeFileSync(
      path.join(dir, "main.tf.json"),
      JSON.stringify({
        terraform: {
          required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } },
        },
      }),
    );
    const result = await this.run(dir, ["init", "-input=false", "-backend=false"], {}, 3 * MINUTE);
    if (result.code !== 0) {
      throw new Error(`filling the terraform plugin cache failed\n${tailOf(result, 40)}`);
    }
  }

  async validate(dir: string): Promise<{ result: CommandResult; output?: ValidateOutput }> {
    const result = await this.run(dir, ["validate", "-json"]);
    return { result, output: parseJson<ValidateOutput>(result.stdout) };
  }

  plan(
    dir: string,
    planFile: string,
    env: NodeJS.ProcessEnv,
    extra: readonly string[] = [],
  ): Promise<CommandResult> {
    return this.run(dir, ["plan", "-input=false", "-lock-timeout=60s", `-out=${planFile}`, ...extra], env);
  }

  apply(dir: string, env: NodeJS.ProcessEnv, extra: readonly string[] = []): Promise<CommandResult> {
    return this.run(
      dir,
      ["apply", "-input=false", "-auto-approve", "-lock-timeout=60s", ...extra],
      env,
      20 * MINUTE,
    );
  }

  async showPlan(
    dir: string,
    planFile: string,
    env: NodeJS.ProcessEnv,
  ): Promise<{ result: CommandResult; plan?: PlanJson }> {
    const result = await this.run(dir, ["show", "-json", planFile], env);
    return { result, plan: parseJson<PlanJson>(result.stdout) };
  }

  /** `terraform output -json`: every output with its value and whether it is sensitive. */
  async outputs(
    dir: string,
    env: NodeJS.ProcessEnv,
  ): Promise<{ result: CommandResult; outputs?: Record<string, { value: unknown; sensitive: boolean }> }> {
    const result = await this.run(dir, ["output", "-json"], env);
    return { result, outputs: parseJson(result.stdout) };
  }

  async stateList(
    dir: string,
    env: NodeJS.ProcessEnv,
  ): Promise<{ result: CommandResult; addresses: string[] }> {
    const result = await this.run(dir, ["state", "list"], env);
    return {
      result,
      addresses: result.stdout
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean),
    };
  }
}

/** `<type>: <count>` of the actions a plan proposes, e.g. { create: 12, "no-op": 3 }. */
export function actionCounts(plan: PlanJson): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== "managed") continue;
    const action = change.change.actions.join("+");
    counts[action] = (counts[action] ?? 0) + 1;
  }
  return counts;
}

/** Error diagnostics of validate -json, one readable line each. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map(
      (d) =>
        `${d.severity}: ${d.summary}${d.range ? ` (${d.range.filename}:${d.range.start.line})` : ""}${d.detail ? `\n    ${d.detail}` : ""}`,
    )
    .join("\n");
}

function cliConfig(mirror: string | undefined, pluginCacheDir: string): string {
  if (mirror === undefined)
    return `plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}
plugin_cache_may_break_dependency_lock_file = true
`;
  // hashicorp/aws only from the mirror; anything else would go to the (unreachable) registry and
  // fail loudly at init, naming the provider.
  // plugin_cache_may_break_dependency_lock_file: synthesized stacks carry no .terraform.lock.hcl,
  // and without this terraform >= 1.4 ignores the cache for a provider the lock file lacks,
  // reinstalls it and rewrites the cache entry on every init; two inits doing that at once race
  // ("mkdir .../linux_amd64: file exists", reproduced with 7 parallel inits on a filled cache).
  // With it, inits only read the filled cache. The only cost is that the lock file terraform
  // writes in these scratch directories records this platform's hash alone.
  return `plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}
plugin_cache_may_break_dependency_lock_file = true
provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror)}
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
`;
}

/**
 * The caller's environment without anything that could point terraform at a real AWS account or
 * another endpoint: the suites set credentials and endpoint explicitly for the emulator.
 */
function withoutAwsCredentials(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith("AWS_") && key !== "AWS_CA_BUNDLE") continue;
    if (
      key.startsWith("TF_VAR_") ||
      key.startsWith("TF_CLI_ARGS") ||
      key === "TF_WORKSPACE" ||
      key === "TF_DATA_DIR"
    )
      continue;
    kept[key] = value;
  }
  // No shared config/credentials files either: an operator's profile must never be picked up.
  kept.AWS_CONFIG_FILE = "/dev/null";
  kept.AWS_SHARED_CREDENTIALS_FILE = "/dev/null";
  kept.AWS_EC2_METADATA_DISABLED = "true";
  return kept;
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

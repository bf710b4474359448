import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { WIDENED_RULE, driftedNetworkPlan } from "./fixtures";

const REPO = path.resolve(__dirname, "..", "..", "..");
const STACK_TRACE_LINE = /^\s{4}at /m;
const NO_STATE = {
  code: 1,
  stderr: "No state file was found!\n\nState management commands require a state file.\n",
};

let scratch: string;
let fakeTerraform: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "drift-cli-"));
  // Copied and made executable here, so the test does not depend on the file mode git kept.
  fakeTerraform = path.join(scratch, "terraform");
  copyFileSync(path.join(__dirname, "fixtures", "fake-terraform.js"), fakeTerraform);
  chmodSync(fakeTerraform, 0o755);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** scripts/drift.ts as `npm run drift` runs it (tsx), with only `env` on top of PATH and HOME. */
function drift(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/drift.ts", ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

type Answers = Record<string, { code?: number; stdout?: string; stderr?: string; sleepMs?: number }>;

/** A synth output whose stack directories tell the fake terraform what to answer. */
function synthOutput(stacks: Record<string, { backend?: string; answers: Answers }>): string {
  const dir = mkdtempSync(path.join(scratch, "out-"));
  const manifest: Record<string, unknown> = {};
  for (const [name, { backend = "s3", answers }] of Object.entries(stacks)) {
    const stackDir = path.join(dir, "stacks", name);
    mkdirSync(stackDir, { recursive: true });
    writeFileSync(
      path.join(stackDir, "cdk.tf.json"),
      JSON.stringify({ terraform: { backend: { [backend]: {} } } }),
    );
    writeFileSync(path.join(stackDir, "fake-terraform.json"), JSON.stringify(answers));
    manifest[name] = {
      workingDirectory: `stacks/${name}`,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
    };
  }
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stacks: manifest }));
  return dir;
}

interface Call {
  dir: string;
  cwd: string;
  args: string[];
  cliConfig: string | null;
  pid: number;
}

function calls(log: string): Call[] {
  return existsSync(log)
    ? readFileSync(log, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Call)
    : [];
}

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

const DRIFTED = {
  plan: { code: 2, stdout: "Plan: 0 to add, 1 to change, 0 to destroy." },
  show: { stdout: JSON.stringify(driftedNetworkPlan()) },
};

describe("npm run drift (with a fake terraform)", () => {
  it("exit 2 on drift: the table, the changed address, and the exact terraform commands", () => {
    const out = synthOutput({
      "bootstrap-dev": { backend: "local", answers: { state: NO_STATE } },
      "network-dev": { answers: DRIFTED },
      "fileflow-dev": { answers: {} },
    });
    const before = listing(out);
    const log = path.join(scratch, "drift.log");
    const run = drift(["--from", out, "dev"], {
      TERRAFORM: fakeTerraform,
      FAKE_TERRAFORM_LOG: log,
      TF_CLI_CONFIG_FILE: "/etc/operator.tfrc",
    });
    expect(run.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^\| bootstrap-dev \| not deployed \| +0 \| local backend/m);
    expect(run.stdout).toMatch(/^\| network-dev +\| drifted +\| +1 \| 1 update +\|/m);
    expect(run.stdout).toMatch(/^\| fileflow-dev +\| in sync +\| +1 \| - +\|/m);
    expect(run.stdout).toContain(`  update  ${WIDENED_RULE}  (cidr_ipv4, description)`);
    expect(run.stdout).toContain(
      'exit 2: drifted: network-dev (1 in sync, 1 drifted, 1 not deployed). Runbook: README.md, "A scheduled drift check failed"',
    );
    expect(run.stderr).toContain("drift: network-dev: drifted, 1 change");

    const network = calls(log).filter((c) => c.dir === "network-dev");
    const planFile = network[2]!.args.find((a) => a.startsWith("-out="))!.slice("-out=".length);
    expect(network.map((c) => c.args)).toEqual([
      ["init", "-input=false", "-no-color"],
      ["state", "list", "-no-color"],
      ["plan", "-detailed-exitcode", "-input=false", "-lock=false", `-out=${planFile}`, "-no-color"],
      ["show", "-json", planFile, "-no-color"],
    ]);
    // The operator's terraform CLI configuration reaches terraform unchanged.
    expect(new Set(calls(log).map((c) => c.cliConfig))).toEqual(new Set(["/etc/operator.tfrc"]));
    // Plans go to a private temporary directory, removed afterwards; the --from output is not rewritten.
    expect(planFile.startsWith(out)).toBe(false);
    expect(existsSync(path.dirname(planFile))).toBe(false);
    expect(listing(out)).toEqual(before);
    // A stack that is not deployed is not planned.
    expect(
      calls(log)
        .filter((c) => c.dir === "bootstrap-dev")
        .map((c) => c.args[0]),
    ).toEqual(["init", "state"]);
  });

  it("--json gives the same result for machines", () => {
    const out = synthOutput({ "network-dev": { answers: DRIFTED }, "fileflow-dev": { answers: {} } });
    const run = drift(["--from", out, "--json"], { TERRAFORM: fakeTerraform });
    expect(run.code).toBe(2);
    const json = JSON.parse(run.stdout) as {
      exitCode: number;
      stacks: { stack: string; status: string; changes: unknown[] }[];
    };
    expect(json.exitCode).toBe(2);
    expect(json.stacks.map((s) => [s.stack, s.status])).toEqual([
      ["network-dev", "drifted"],
      ["fileflow-dev", "in sync"],
    ]);
    expect(json.stacks[0]!.changes).toEqual([
      { address: WIDENED_RULE, action: "update", attributes: ["cidr_ipv4", "description"] },
    ]);
  });

  it.each([
    [
      "exit 0 when every stack is in sync or not deployed",
      { "network-dev": {}, "fileflow-dev": { state: { stdout: "" } } },
      0,
      "exit 0: no drift (1 in sync, 1 not deployed)",
    ],
    [
      "exit 1 when a stack errors, also with drift elsewhere",
      {
        "network-dev": DRIFTED,
        "fileflow-dev": { plan: { code: 1, stderr: "Error: AWS account ID not allowed: 222222222222\n" } },
      },
      1,
      "exit 1: could not check fileflow-dev; drifted: network-dev",
    ],
    [
      "exit 1 when init fails",
      {
        "network-dev": {
          init: {
            code: 1,
            stderr: 'Error: Failed to get existing workspaces: S3 bucket "b" does not exist.\n',
          },
        },
      },
      1,
      "network-dev: terraform init failed",
    ],
  ])("%s", (_what, answers, code, text) => {
    const out = synthOutput(
      Object.fromEntries(Object.entries(answers).map(([name, a]) => [name, { answers: a as Answers }])),
    );
    const run = drift(["--from", out], { TERRAFORM: fakeTerraform });
    expect(run.code).toBe(code);
    expect(run.stdout).toContain(text);
  });

  it("without --from, synthesizes with npm run synth into a temporary directory it removes", () => {
    const log = path.join(scratch, "synth.log");
    const run = drift(["dev", "network-dev"], { TERRAFORM: fakeTerraform, FAKE_TERRAFORM_LOG: log });
    expect(run.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Drift check of 1 stack\(s\) from npm run synth: terraform 1\.11\.4, 1 at a time$/m,
    );
    expect(run.stdout).toMatch(/^\| network-dev \| in sync \|/m);
    const stackCalls = calls(log).filter((c) => c.args[0] !== "version");
    expect(stackCalls.map((c) => c.args[0])).toEqual(["init", "state", "plan"]);
    const dir = stackCalls[0]!.cwd;
    expect(dir.startsWith(path.join(REPO, "cdktf.out"))).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it("checks only the stacks named as arguments", () => {
    const out = synthOutput({ "network-dev": { answers: {} }, "fileflow-dev": { answers: DRIFTED } });
    const log = path.join(scratch, "named.log");
    const run = drift(["--from", out, "dev", "network-dev"], {
      TERRAFORM: fakeTerraform,
      FAKE_TERRAFORM_LOG: log,
      INFRA_STACKS: "fileflow-dev",
    });
    expect(run.code).toBe(0);
    expect(
      new Set(
        calls(log)
          .filter((c) => c.args[0] !== "version")
          .map((c) => c.dir),
      ),
    ).toEqual(new Set(["network-dev"]));
  });
});

describe("npm run drift stopped by SIGTERM (a cancelled CI job)", () => {
  it("stops the terraforms it started, by pid, starts no other, and exits 143", async () => {
    const out = synthOutput({
      "network-dev": { answers: { plan: { sleepMs: 60_000 } } },
      "aipx-dev": { answers: { init: { sleepMs: 60_000 } } },
      "fileflow-dev": { answers: {} },
    });
    const log = path.join(scratch, "cancel.log");
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/drift.ts", "--from", out], {
      cwd: REPO,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TERRAFORM: fakeTerraform,
        FAKE_TERRAFORM_LOG: log,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      // network-dev's plan and aipx-dev's init run (inits go one at a time, so aipx-dev's follows
      // network-dev's); fileflow-dev waits for a slot or for the init lock, whatever the cores.
      const deadline = Date.now() + 30_000;
      const running = () =>
        calls(log).filter(
          (c) =>
            (c.dir === "network-dev" && c.args[0] === "plan") ||
            (c.dir === "aipx-dev" && c.args[0] === "init"),
        );
      while (running().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(running()).toHaveLength(2);
      child.kill("SIGTERM");
      expect(await exited).toBe(143);
      expect(stderr).toContain("drift: SIGTERM: stopping the running terraform processes");
      for (const call of running()) expect(alive(call.pid)).toBe(false);
      // Nothing started after the signal.
      expect(calls(log).filter((c) => c.dir === "fileflow-dev")).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60_000);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm run drift: mistakes print one message and exit 1", () => {
  let brokenConfig: string;
  beforeAll(() => {
    brokenConfig = mkdtempSync(path.join(scratch, "config-"));
    for (const env of ["dev", "staging", "prod"])
      copyFileSync(path.join(REPO, "config", `${env}.tfvars`), path.join(brokenConfig, `${env}.tfvars`));
    const dev = readFileSync(path.join(brokenConfig, "dev.tfvars"), "utf8");
    writeFileSync(path.join(brokenConfig, "dev.tfvars"), dev.replace("vpc_cidr ", "vpc_cdir "));
  });

  it.each([
    [
      "an unknown option",
      ["--detail"],
      {},
      /^--detail: expected one of --from <dir>, --json, --help, found an unknown option\n$/,
    ],
    [
      "an unknown environment argument",
      ["qa"],
      {},
      /^qa: expected an environment \(dev, staging, prod\) or a stack name/,
    ],
    [
      "an unknown INFRA_ENVS",
      [],
      { INFRA_ENVS: "qa" },
      /^INFRA_ENVS: \[0\]: expected one of dev, staging, prod, found "qa"\n$/,
    ],
    [
      "a config mistake (npm run synth)",
      ["dev"],
      { INFRA_CONFIG_DIR: "<broken>" },
      /dev\.tfvars: network\.vpc_cdir: expected one of the known keys/,
    ],
    [
      "a --from without manifest.json",
      ["--from", "/nonexistent/cdktf.out"],
      {},
      /^--from \/nonexistent\/cdktf\.out: expected a cdktf synth output with manifest\.json/,
    ],
    [
      "no terraform",
      ["--from", "<out>"],
      { TERRAFORM: "/nonexistent/terraform" },
      /^terraform: expected a terraform CLI \(\$TERRAFORM, else on PATH\), found \/nonexistent\/terraform: /,
    ],
    [
      "nothing selected",
      ["--from", "<out>", "prod"],
      {},
      /^stacks: expected at least one stack to check, found none selected in /,
    ],
  ])("%s", (_what, args, env: NodeJS.ProcessEnv, message) => {
    const out = synthOutput({ "network-dev": { answers: {} } });
    const run = drift(
      args.map((a) => (a === "<out>" ? out : a)),
      {
        TERRAFORM: fakeTerraform,
        ...env,
        ...(env.INFRA_CONFIG_DIR ? { INFRA_CONFIG_DIR: brokenConfig } : {}),
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(run.stdout).toBe("");
  });

  it("--help prints the usage with the exit codes and exits 0", () => {
    const run = drift(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run drift -- \[<env>\.\.\.\] \[<stack>\.\.\.\]/);
    expect(run.stdout).toContain("exit 2  something drifted and every stack was checked");
  });
});

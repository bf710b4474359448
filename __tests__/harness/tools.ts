import { SpawnSyncReturns, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import * as path from "node:path";

/** Repository root (this file lives in __tests__/harness). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export type Tool = "terraform" | "moto" | "mirror" | "cdktf";

/** Where each external tool the Terraform suites drive was found. */
export interface Tools {
  readonly terraform: string;
  /** Python interpreter that runs __tests__/harness/moto_launcher.py (it must `import moto`). */
  readonly python: string;
  /** Root of the filesystem provider mirror (the directory holding `registry.terraform.io/`). */
  readonly mirror: string;
  readonly cdktf: string;
}

interface Probe {
  readonly found?: string;
  readonly problem?: string;
}

const probes: Record<Tool, () => Probe> = {
  terraform: () => {
    const terraform = onPath("terraform");
    if (!terraform) return { problem: "terraform is not on PATH" };
    const version = spawnSync(terraform, ["version", "-json"], {
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    return version.status === 0
      ? { found: terraform }
      : { problem: `\`terraform version\` failed: ${whyFailed(version)}` };
  },
  moto: () => {
    if (!onPath("moto_server")) return { problem: "moto_server is not on PATH (pip install 'moto[server]')" };
    const python = process.env.MOTO_PYTHON ?? "python3";
    const probe = spawnSync(python, ["-c", "import moto, werkzeug"], { encoding: "utf8" });
    return probe.status === 0
      ? { found: python }
      : {
          problem: `${python} cannot import moto (set MOTO_PYTHON to moto's interpreter): ${whyFailed(probe)}`,
        };
  },
  mirror: () => {
    const fromEnv = process.env.TF_PLUGIN_MIRROR;
    if (fromEnv) {
      return existsSync(path.join(fromEnv, "registry.terraform.io", "hashicorp", "aws"))
        ? { found: fromEnv }
        : { problem: `TF_PLUGIN_MIRROR=${fromEnv} holds no registry.terraform.io/hashicorp/aws` };
    }
    // Outside .ci/run nobody exported it: discover it the same way .ci/run does.
    const script = path.join(REPO_ROOT, "scripts", "find-provider-mirror.sh");
    const found = spawnSync("bash", [script], { encoding: "utf8" });
    if (found.status !== 0) return { problem: `TF_PLUGIN_MIRROR is not set and ${whyFailed(found)}` };
    const mirror = found.stdout.trim();
    process.env.TF_PLUGIN_MIRROR = mirror;
    return { found: mirror };
  },
  cdktf: () => {
    const cdktf = path.join(REPO_ROOT, "node_modules", ".bin", "cdktf");
    return existsSync(cdktf) ? { found: cdktf } : { problem: `${cdktf} is missing (run npm ci)` };
  },
};

const cache = new Map<Tool, Probe>();

/** Where `tool` was found, or why not (probed once per process). */
export function findTool(tool: Tool): { readonly found?: string; readonly problem?: string } {
  return probe(tool);
}

function probe(tool: Tool): Probe {
  if (!cache.has(tool)) cache.set(tool, probes[tool]());
  return cache.get(tool)!;
}

/**
 * `describe` for suites that drive external tools. With every tool present it runs `body` with their
 * locations. A missing tool skips the suite with the reason printed, except under CI=true, where the
 * suite fails naming the tool: CI must never pass by silently skipping the Terraform checks.
 */
export function describeWithTools(title: string, needs: readonly Tool[], body: (tools: Tools) => void): void {
  const missing = needs.map((tool) => ({ tool, probe: probe(tool) })).filter((t) => !t.probe.found);
  if (missing.length === 0) {
    const found = (tool: Tool) => probe(tool).found ?? "";
    describe(title, () =>
      body({
        terraform: found("terraform"),
        python: found("moto"),
        mirror: found("mirror"),
        cdktf: found("cdktf"),
      }),
    );
    return;
  }
  const reason = missing.map((m) => `${m.tool}: ${m.probe.problem}`).join("; ");
  if (process.env.CI === "true") {
    describe(title, () => {
      it(`has the tools it needs (${needs.join(", ")})`, () => {
        throw new Error(`missing tools under CI=true: ${reason}`);
      });
    });
  } else {
    process.stderr.write(`[skipped] ${title}: ${reason} (under CI=true this fails)\n`);
    describe.skip(title, () => body({ terraform: "", python: "", mirror: "", cdktf: "" }));
  }
}

/** The spawn error, or the last line of stderr. */
function whyFailed(result: SpawnSyncReturns<string>): string {
  return (
    result.error?.message ?? (result.stderr ?? "").trim().split("\n").pop() ?? `exit ${String(result.status)}`
  );
}

function onPath(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

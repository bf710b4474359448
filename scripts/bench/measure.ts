import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { TreeProcess, procAvailable, processTree, treeRssBytes } from "./process-tree";

/** `/usr/bin/time -f %M` reports the largest single process; the tree sum comes from /proc polling. */
const GNU_TIME = "/usr/bin/time";
const POLL_MS = 20;

export interface RunResult {
  readonly wallSeconds: number;
  /** Largest summed RSS of the process tree seen while polling; undefined without /proc. */
  readonly treePeakRssBytes?: number;
  /** Largest single process's maxrss (GNU time); undefined without /usr/bin/time. */
  readonly maxProcessRssBytes?: number;
  /** The tree's processes at the sample with the highest sum. */
  readonly peakTree: readonly TreeProcess[];
  readonly stacks: number;
}

export interface BenchCommand {
  readonly label: string;
  /** The command line as BENCHMARKS.md shows it, `<tmp>` standing for the scratch output dir. */
  readonly display: string;
  readonly command: string;
  readonly args: (outdir: string) => string[];
  readonly env: (outdir: string) => NodeJS.ProcessEnv;
}

export function gnuTimeAvailable(): boolean {
  return existsSync(GNU_TIME);
}

/** Runs `bench` once in `cwd` with a fresh output dir; throws with its stderr when it fails. */
export async function runOnce(bench: BenchCommand, cwd: string): Promise<RunResult> {
  const work = mkdtempSync(path.join(tmpdir(), "infra-bench-"));
  const outdir = path.join(work, "cdktf.out");
  const timeFile = path.join(work, "time.txt");
  const useTime = gnuTimeAvailable();
  const [command, args] = useTime
    ? [GNU_TIME, ["-f", "%M", "-o", timeFile, bench.command, ...bench.args(outdir)]]
    : [bench.command, bench.args(outdir)];
  try {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...bench.env(outdir) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    let peak = 0;
    let peakTree: TreeProcess[] = [];
    const sample = () => {
      if (child.pid === undefined) return;
      const tree = processTree(child.pid);
      const rss = treeRssBytes(tree);
      if (rss > peak) [peak, peakTree] = [rss, tree];
    };
    const poller = procAvailable() ? setInterval(sample, POLL_MS) : undefined;
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (exitCode) => resolve(exitCode));
    });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (poller) clearInterval(poller);
    if (code !== 0) throw new Error(`${bench.label} exited ${code}:\n${stderr.slice(-2000)}`);
    const stacksDir = path.join(outdir, "stacks");
    return {
      wallSeconds,
      ...(poller ? { treePeakRssBytes: peak } : {}),
      peakTree,
      ...(useTime
        ? { maxProcessRssBytes: Number(readFileSync(timeFile, "utf8").trim().split("\n").pop()) * 1024 }
        : {}),
      stacks: existsSync(stacksDir) ? readdirSync(stacksDir).length : 0,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CpuProfile, parseCpuProfile } from "./cpu-profile";
import { BenchCommand } from "./measure";

/**
 * Runs `bench` (a node command) once more under `node --cpu-prof` and returns the main thread's
 * profile. Separate from the timed runs: profiling slows a run down by a few per cent.
 */
export async function profileRun(bench: BenchCommand, cwd: string): Promise<CpuProfile> {
  if (bench.command !== process.execPath)
    throw new Error(`${bench.label}: only a node command can be profiled`);
  const work = mkdtempSync(path.join(tmpdir(), "infra-bench-prof-"));
  const profileDir = path.join(work, "profile");
  try {
    const args = ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, ...bench.args(path.join(work, "cdktf.out"))];
    const child = spawn(bench.command, args, {
      cwd,
      env: { ...process.env, ...bench.env(work) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", resolve);
    });
    if (code !== 0)
      throw new Error(`${bench.label} under --cpu-prof exited ${code}:\n${stderr.slice(-2000)}`);
    // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main thread.
    const files = readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile"));
    const main = files.find((f) => f.split(".")[4] === "0") ?? files[0];
    if (!main) throw new Error(`${bench.label}: node --cpu-prof wrote no profile into ${profileDir}`);
    const file = path.join(profileDir, main);
    return parseCpuProfile(readFileSync(file, "utf8"), file);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { MOTO_LAUNCHER, answers, freePort, tail } from "../../__tests__/harness/moto";

/** What `npm run local` records about the emulator it started, so later commands reuse or stop it. */
export interface EmulatorRecord {
  readonly pid: number;
  readonly url: string;
  readonly logFile: string;
  readonly startedAt: string;
}

const RECORD_FILE = "emulator.json";
const STARTUP_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/**
 * The project's moto launcher (`__tests__/harness/moto_launcher.py`, every emulator gap patched) run
 * in the background on a free 127.0.0.1 port, outliving the command that started it. Its pid and URL
 * live in `<dir>/emulator.json`; it is only ever stopped by that pid.
 */
export class LocalEmulator {
  private constructor(
    readonly dir: string,
    readonly record: EmulatorRecord,
  ) {}

  get url(): string {
    return this.record.url;
  }

  /**
   * Environment that makes terraform and the AWS SDKs act in `accountId` on this emulator: the
   * launcher maps a 12-digit access key id to that account, so `allowed_account_ids` is checked.
   */
  envFor(accountId: string): NodeJS.ProcessEnv {
    return {
      AWS_ENDPOINT_URL: this.url,
      AWS_ACCESS_KEY_ID: accountId,
      AWS_SECRET_ACCESS_KEY: "moto-accepts-any-secret",
    };
  }

  /** The emulator recorded in `dir` when its process is alive and answering, else undefined. */
  static async running(dir: string): Promise<LocalEmulator | undefined> {
    const record = readRecord(dir);
    if (!record || !isAlive(record.pid)) return undefined;
    return (await answers(`${record.url}/moto-api/`)) ? new LocalEmulator(dir, record) : undefined;
  }

  /** Reuses the emulator recorded in `dir`, or starts one. */
  static async ensure(dir: string, python: string): Promise<{ emulator: LocalEmulator; started: boolean }> {
    const running = await LocalEmulator.running(dir);
    if (running) return { emulator: running, started: false };
    mkdirSync(dir, { recursive: true });
    const logFile = path.join(dir, "moto.log");
    let lastProblem = "";
    // A free port can be taken between probing and binding; try a few.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const log = openSync(logFile, "a");
      // --outlive-parent: the launcher otherwise exits with the process that started it.
      const child = spawn(python, [MOTO_LAUNCHER, "--port", String(port), "--outlive-parent"], {
        detached: true,
        stdio: ["ignore", log, log],
        env: { ...process.env, PYTHONUNBUFFERED: "1" },
      });
      closeSync(log);
      child.unref();
      if (child.pid === undefined) throw new Error(`could not start ${python} ${MOTO_LAUNCHER}`);
      const record: EmulatorRecord = {
        pid: child.pid,
        url: `http://127.0.0.1:${port}`,
        logFile,
        startedAt: new Date().toISOString(),
      };
      if (await waitUntilAnswering(record)) {
        writeFileSync(path.join(dir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
        return { emulator: new LocalEmulator(dir, record), started: true };
      }
      lastProblem = isAlive(record.pid) ? `no answer within ${STARTUP_MS} ms` : "the launcher exited";
      await stopPid(record.pid);
    }
    throw new Error(`moto did not start (${lastProblem})\n--- ${logFile} ---\n${tail(logFile)}`);
  }

  /** Stops the recorded emulator by its pid (SIGTERM, then SIGKILL) and forgets it. */
  static async stop(dir: string): Promise<EmulatorRecord | undefined> {
    const record = readRecord(dir);
    if (!record) return undefined;
    await stopPid(record.pid);
    rmSync(path.join(dir, RECORD_FILE), { force: true });
    return record;
  }
}

function readRecord(dir: string): EmulatorRecord | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, RECORD_FILE), "utf8")) as EmulatorRecord;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function waitUntilAnswering(record: EmulatorRecord): Promise<boolean> {
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    if (!isAlive(record.pid)) return false;
    if (await answers(`${record.url}/moto-api/`)) return true;
    await sleep(200);
  }
  return false;
}

async function stopPid(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  signal(pid, "SIGTERM");
  const deadline = Date.now() + STOP_GRACE_MS;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) signal(pid, "SIGKILL");
  while (isAlive(pid)) await sleep(50);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

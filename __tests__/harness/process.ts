import { spawn } from "node:child_process";

export interface CommandResult {
  readonly command: string;
  readonly cwd: string;
  /** Exit code; null when the process was killed (timeout) or died by a signal. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
  readonly timedOut: boolean;
}

export interface RunOptions {
  readonly cwd: string;
  /** The complete environment of the child (nothing is inherited implicitly). */
  readonly env: NodeJS.ProcessEnv;
  /** Kill the child (by its own pid) after this long. */
  readonly timeoutMs: number;
  /** Also copy the child's output here as it arrives (`npm run local` shows terraform's progress). */
  readonly tee?: NodeJS.WritableStream;
  /**
   * Aborting stops the child like a timeout does (SIGTERM to its pid, SIGKILL 10 s later, so
   * terraform can release its lock); a run whose signal is already aborted starts nothing.
   */
  readonly signal?: AbortSignal;
}

/**
 * Runs one program without a shell and captures its output. On timeout the child is killed by its
 * own pid (SIGTERM, then SIGKILL), never by name, so nothing else on the machine is touched.
 */
export function run(program: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  const started = Date.now();
  const command = [program, ...args].join(" ");
  if (options.signal?.aborted) {
    return Promise.resolve({
      command,
      cwd: options.cwd,
      code: null,
      stdout: "",
      stderr: "cancelled before it started",
      seconds: 0,
      timedOut: false,
    });
  }
  return new Promise((resolve) => {
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    let settled = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout.push(chunk);
      options.tee?.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr.push(chunk);
      options.tee?.write(chunk);
    });
    const stop = () => {
      killByPid(child.pid, "SIGTERM");
      setTimeout(() => {
        if (!settled) killByPid(child.pid, "SIGKILL");
      }, 10_000).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    options.signal?.addEventListener("abort", stop, { once: true });
    const finish = (code: number | null, extra = "") => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        command,
        cwd: options.cwd,
        code,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8") + extra,
        seconds: (Date.now() - started) / 1000,
        timedOut,
      });
    };
    child.on("error", (error) => finish(null, `\n${error.message}`));
    child.on("close", (code) => finish(code));
  });
}

export function killByPid(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** The last `lines` lines of a command's output, for failure messages that stay readable. */
export function tailOf(result: CommandResult, lines = 60): string {
  const text = `${result.stdout}\n${result.stderr}`.trim().split("\n");
  const shown = text.slice(-lines).join("\n");
  const status = result.timedOut ? "timed out" : `exit ${String(result.code)}`;
  return `$ ${result.command}   (in ${result.cwd}; ${status} after ${result.seconds.toFixed(1)} s)\n${shown}`;
}

/** Runs `tasks` with at most `limit` of them at a time; results keep the input order. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A counting semaphore: lets independent pipelines share one limit on concurrent processes. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`Limiter: limit must be a whole number >= 1, got ${limit}`);
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiter, so `active` never exceeds limit.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

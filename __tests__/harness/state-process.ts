import { ChildProcess, spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { CommandResult, killByPid } from "./process";

/** How a watched process ended: its result, and the signal that ended it, if one did. */
export interface WatchedResult extends CommandResult {
  readonly signal: NodeJS.Signals | null;
  /** Epoch ms at exit. */
  readonly endedAt: number;
}

/** Every process started here that has not exited yet, so a failing suite can stop them by pid. */
const running = new Set<WatchedProcess>();

/**
 * A process whose output is read line by line while it runs, so a suite can act at a chosen moment
 * (start a second deploy once the first holds the lock, kill an apply after its Nth "Creation
 * complete") and signal it by its own pid.
 */
export class WatchedProcess {
  readonly startedAt = Date.now();
  readonly pid: number;
  readonly done: Promise<WatchedResult>;
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private readonly waiters: (() => void)[] = [];
  private partial = "";
  private exited = false;
  /** Children (terraform's provider plugins) seen while it ran, to check they are gone after a kill. */
  private readonly seenChildren = new Set<number>();

  constructor(
    readonly command: string,
    program: string,
    args: readonly string[],
    options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
  ) {
    this.child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    if (this.child.pid === undefined) throw new Error(`could not start ${command}`);
    this.pid = this.child.pid;
    running.add(this);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const onData = (sink: Buffer[]) => (chunk: Buffer) => {
      sink.push(chunk);
      this.partial += chunk.toString("utf8");
      const complete = this.partial.split("\n");
      this.partial = complete.pop() ?? "";
      this.lines.push(...complete.map(plain));
      this.wake();
    };
    this.child.stdout!.on("data", onData(out));
    this.child.stderr!.on("data", onData(err));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killByPid(this.pid, "SIGTERM");
      setTimeout(() => killByPid(this.pid, "SIGKILL"), 10_000).unref();
    }, options.timeoutMs);
    this.done = new Promise((resolve) => {
      this.child.on("close", (code, signal) => {
        clearTimeout(timer);
        this.exited = true;
        running.delete(this);
        if (this.partial) this.lines.push(plain(this.partial));
        this.wake();
        resolve({
          command,
          cwd: options.cwd,
          code,
          signal,
          stdout: plain(Buffer.concat(out).toString("utf8")),
          stderr: plain(Buffer.concat(err).toString("utf8")),
          seconds: (Date.now() - this.startedAt) / 1000,
          endedAt: Date.now(),
          timedOut,
        });
      });
    });
  }

  get running(): boolean {
    return !this.exited;
  }

  /** Output lines so far (stdout and stderr, in arrival order). */
  output(): readonly string[] {
    return this.lines;
  }

  count(pattern: RegExp): number {
    return this.lines.filter((l) => pattern.test(l)).length;
  }

  /**
   * Resolves once `count` lines matching `pattern` have been printed; rejects when the process exits
   * first or `timeoutMs` passes, with the last lines for the failure message.
   */
  waitForLines(pattern: RegExp, count = 1, timeoutMs = 120_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`no ${count} × ${pattern} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const finish = (error?: Error) => {
        clearTimeout(timer);
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        if (error)
          reject(new Error(`${this.command}: ${error.message}\n${this.lines.slice(-30).join("\n")}`));
        else resolve();
      };
      const waiter = () => {
        if (this.count(pattern) >= count) finish();
        else if (this.exited) finish(new Error(`exited before ${count} × ${pattern}`));
      };
      this.waiters.push(waiter);
      this.wake();
    });
  }

  /** Sends `signal` to this process only, remembering its children first. */
  signal(signal: NodeJS.Signals): void {
    for (const pid of childrenOf(this.pid)) this.seenChildren.add(pid);
    killByPid(this.pid, signal);
  }

  /** Children seen at the last signal that are still alive. */
  survivingChildren(): number[] {
    return [...this.seenChildren].filter(alive);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; also any of its children that outlive it. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exited) return;
    this.signal("SIGTERM");
    const timer = setTimeout(() => this.signal("SIGKILL"), graceMs);
    await this.done;
    clearTimeout(timer);
    for (const pid of this.survivingChildren()) killByPid(pid, "SIGKILL");
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Stops every watched process still running (afterAll of a suite that failed half-way). */
export async function stopAllWatched(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

/** Direct children of `pid` (Linux /proc; empty elsewhere). */
export function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/** Alive and not a zombie (an exited child nobody has reaped yet is gone for our purposes). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Text without ANSI colour codes (terraform colours its output unless told -no-color). */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
}

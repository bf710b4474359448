import { ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import { killByPid } from "./process";

export const MOTO_LAUNCHER = path.join(__dirname, "moto_launcher.py");

/** A running moto (our launcher, __tests__/harness/moto_launcher.py) on 127.0.0.1. */
export class MotoServer {
  private constructor(
    readonly url: string,
    readonly pid: number,
    readonly logFile: string,
    private readonly child: ChildProcess,
  ) {}

  /**
   * Starts the launcher on a free loopback port and waits until it answers HTTP. The launcher
   * binds 127.0.0.1 only; its output goes to `logFile` (shown when startup fails).
   */
  static async start(options: {
    python: string;
    logFile: string;
    startupTimeoutMs?: number;
  }): Promise<MotoServer> {
    let lastError: Error | undefined;
    // A free port can be taken between probing and binding; try a few.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const log = openSync(options.logFile, "a");
      const child = spawn(options.python, [MOTO_LAUNCHER, "--port", String(port)], {
        stdio: ["ignore", log, log],
        env: { ...process.env, PYTHONUNBUFFERED: "1" },
      });
      closeSync(log);
      if (child.pid === undefined) throw new Error(`could not start ${options.python} ${MOTO_LAUNCHER}`);
      const url = `http://127.0.0.1:${port}`;
      const server = new MotoServer(url, child.pid, options.logFile, child);
      try {
        await server.waitUntilReady(options.startupTimeoutMs ?? 30_000);
        return server;
      } catch (error) {
        lastError = error as Error;
        await server.stop();
      }
    }
    throw new Error(
      `moto did not start: ${lastError?.message ?? "unknown"}\n--- ${options.logFile} ---\n${tail(options.logFile)}`,
    );
  }

  /**
   * Environment for terraform/cdktf acting in `accountId`: the launcher maps a 12-digit access key
   * id to that account (patch account_from_numeric_access_key), so each environment's
   * allowed_account_ids is checked against the account STS reports, as against AWS.
   */
  envFor(accountId: string): NodeJS.ProcessEnv {
    return {
      AWS_ENDPOINT_URL: this.url,
      AWS_ACCESS_KEY_ID: accountId,
      AWS_SECRET_ACCESS_KEY: "moto-accepts-any-secret",
    };
  }

  /** Stops this server by its own pid (SIGTERM, then SIGKILL after 5 s). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    killByPid(this.pid, "SIGTERM");
    const timer = setTimeout(() => killByPid(this.pid, "SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`launcher exited with code ${this.child.exitCode}`);
      if (await answers(`${this.url}/moto-api/`)) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no answer from ${this.url} within ${timeoutMs} ms`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 1_000 }, (response) => {
      response.resume();
      resolve((response.statusCode ?? 500) < 500);
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, "utf8").trim().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { writeEmulatorOverrides } from "./emulator-overrides";
import { MotoServer } from "./moto";
import { accountIdOf } from "./stack-facts";
import { SynthesizedStack } from "./synth-app";
import { TerraformCli } from "./terraform-cli";
import { Tools } from "./tools";

/**
 * What a suite against the emulator shares: a scratch directory (CLI config, plugin cache, local
 * state files, moto's log), one moto server and a terraform runner. `close()` stops moto by its pid
 * and removes the directory; KEEP_TF_WORK=1 keeps the directory for debugging.
 */
export class EmulatorSession {
  private constructor(
    readonly work: string,
    readonly terraform: TerraformCli,
    readonly moto: MotoServer,
  ) {}

  static async open(tools: Tools, prefix: string): Promise<EmulatorSession> {
    const work = mkdtempSync(path.join(tmpdir(), prefix));
    mkdirSync(path.join(work, "state"));
    try {
      const moto = await MotoServer.start({ python: tools.python, logFile: path.join(work, "moto.log") });
      return new EmulatorSession(work, new TerraformCli(tools.terraform, tools.mirror, work), moto);
    } catch (error) {
      rmSync(work, { recursive: true, force: true });
      throw error;
    }
  }

  /** Credentials and endpoint that make moto act as the account the stack is locked to. */
  envFor(stack: SynthesizedStack): NodeJS.ProcessEnv {
    return this.moto.envFor(accountIdOf(stack));
  }

  localStateFile(stack: SynthesizedStack): string {
    return path.join(this.work, "state", `${stack.name}.tfstate`);
  }

  writeOverrides(stack: SynthesizedStack): void {
    writeEmulatorOverrides(stack, { localStateFile: this.localStateFile(stack) });
  }

  async close(): Promise<void> {
    await this.moto.stop();
    if (process.env.KEEP_TF_WORK === "1") process.stderr.write(`KEEP_TF_WORK=1: kept ${this.work}\n`);
    else rmSync(this.work, { recursive: true, force: true });
  }
}

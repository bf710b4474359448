import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { StackDir, StackSource, ordered, readManifest, selected } from "./stack-dirs";
import { selectionFromEnv } from "../../config/selection";
import { SynthInputError, synthesizeTo } from "../synth/synthesize-to";
import { DriftInputError } from "./errors";

/**
 * Synthesizes with `npm run synth` into a temporary directory that lives until `cleanup`:
 * terraform runs in it, and cdktf.out is never touched. Only the selected stacks are checked, not
 * the network stack a selected system brings along.
 */
export async function synthesizedStackDirs(env: NodeJS.ProcessEnv): Promise<StackSource> {
  const outdir = mkdtempSync(path.join(tmpdir(), "infra-drift-synth-"));
  const cleanup = () => rmSync(outdir, { recursive: true, force: true });
  try {
    const selection = selectionFromEnv(env);
    await synthesizeTo(outdir, env).catch((error: unknown) => {
      throw error instanceof SynthInputError ? new DriftInputError(error.message) : error;
    });
    const stacks = readManifest(outdir, "npm run synth").filter((s) => selected(s.name, selection, env));
    // Without a plugin cache each stack's init copies the provider (~700 MB for aws) into its
    // .terraform: drop each directory once its stack is checked, not all at the end.
    const release = (stack: StackDir) => rmSync(stack.dir, { recursive: true, force: true });
    return { stacks: ordered(stacks), origin: "npm run synth", ephemeral: true, cleanup, release };
  } catch (error) {
    cleanup();
    throw error;
  }
}

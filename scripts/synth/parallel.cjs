// @ts-check
"use strict";
/**
 * A synth split across worker threads: each loads the bundled app and writes every `count`-th stack
 * into the same output directory (their stack directories are disjoint); the manifest is then
 * written once, from the entries they return, the way cdktf writes it (json-stable-stringify, two
 * spaces), so the output is byte for byte that of one App synthesizing every stack.
 *
 * Why: past loading cdktf and the provider bindings, a synth is cdktf resolving tokens and writing
 * JSON stack after stack on one core; the stacks do not share tokens (a system reads its network
 * through remote state), so they synthesize independently.
 */
const { mkdirSync, rmSync, writeFileSync } = require("node:fs");
const path = require("node:path");
const { Worker } = require("node:worker_threads");

/** cdktf's own copy, so the manifest is formatted by the code that formats it under the CLI. */
/** @type {(value: unknown, options: { space: number }) => string} */
const stableStringify = require(
  require.resolve("json-stable-stringify", { paths: [path.dirname(require.resolve("cdktf"))] }),
);

/**
 * @typedef {{ ok: true, manifest: { version: string, stacks: Record<string, unknown> } }} Wrote
 * @typedef {{ ok: false, userMistake: boolean, message: string, stack?: string }} Failed
 */

/** A share that failed: `userMistake` when it is the config's (print the message alone). */
class SynthFailure extends Error {
  /** @param {Failed} failed */
  constructor(failed) {
    super(failed.message);
    this.userMistake = failed.userMistake;
    this.detail = failed.stack ?? failed.message;
  }
}

/**
 * @param {{ bundle: string, outdir: string, index: number, count: number }} share
 * @returns {Promise<Wrote | Failed>}
 */
function runShare(share) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, "worker.cjs"), { workerData: share });
    /** @type {Wrote | Failed | undefined} */
    let answer;
    worker.on("message", (message) => (answer = message));
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (answer) resolve(answer);
      else reject(new Error(`synth worker ${share.index} exited with code ${code} without an answer`));
    });
  });
}

/**
 * Synthesizes every stack of the app in `count` workers into `outdir` and writes its manifest.json.
 * @param {{ bundle: string, outdir: string, count: number }} options
 * @throws SynthFailure (the first share's problem; a config mistake fails every share alike)
 */
async function synthesizeInParallel({ bundle, outdir, count }) {
  // Each worker's cdktf creates <outdir>/stacks when it is missing; two doing it at once would race.
  const created = mkdirSync(path.join(outdir, "stacks"), { recursive: true });
  /** Nothing of a failed synth stays behind (a config mistake fails before any stack is written). */
  const undo = () => {
    if (created) rmSync(created, { recursive: true, force: true });
  };
  /** @type {(Wrote | Failed)[]} */
  let answers;
  try {
    answers = await Promise.all(
      Array.from({ length: count }, (_, index) => runShare({ bundle, outdir, index, count })),
    );
  } catch (error) {
    undo();
    throw error;
  }
  const failed = answers.find((a) => !a.ok);
  if (failed && !failed.ok) {
    undo();
    throw new SynthFailure(failed);
  }
  /** @type {Record<string, unknown>} */
  const stacks = {};
  let version = "";
  for (const answer of answers) {
    if (!answer.ok) continue;
    Object.assign(stacks, answer.manifest.stacks);
    version = answer.manifest.version;
  }
  writeFileSync(path.join(outdir, "manifest.json"), stableStringify({ version, stacks }, { space: 2 }));
}

module.exports = { synthesizeInParallel, SynthFailure };

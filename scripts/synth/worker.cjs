// @ts-check
"use strict";
/**
 * One share of a parallel synth (scripts/synth/parallel.cjs): loads the bundled app in this worker
 * thread, synthesizes every `count`-th stack from `index` into the shared output directory, and
 * posts back the manifest entries it wrote, or the error it met.
 */
const { parentPort, workerData } = require("node:worker_threads");

/** @type {{ bundle: string, outdir: string, index: number, count: number }} */
const { bundle, outdir, index, count } = workerData;

async function run() {
  // Each worker has its own copy of the environment: this sets only its App's output directory.
  process.env.CDKTF_OUTDIR = outdir;
  /** @type {import("./app-types").BundledApp} */
  const app = require(bundle);
  try {
    const manifest = await app.synthesize(process.env, { index, count });
    parentPort?.postMessage({ ok: true, manifest });
  } catch (error) {
    parentPort?.postMessage({
      ok: false,
      userMistake: app.isUserMistake(error),
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
  }
}

run();

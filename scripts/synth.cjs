#!/usr/bin/env node
// @ts-check
"use strict";
/**
 * `npm run synth [-- --output <dir>]`: writes cdktf.out (manifest and every stack) the way
 * `cdktf synth` does, without the cdktf CLI: the app is bundled once (scripts/synth/app-bundle.cjs,
 * rebuilt only when a source changed) and run in this process by plain node.
 *
 * `node scripts/synth.cjs --app` is the app command in cdktf.json: the CLI has set CDKTF_OUTDIR and
 * does its own bookkeeping, so only the app runs.
 *
 * Output directory: --output, else $CDKTF_OUTDIR, else cdktf.json's "output", else cdktf.out. Like
 * the CLI, stack directories the manifest no longer lists are removed after a synth. A config
 * mistake prints only its problem lines (file, key, expected, found) and exits 1, writing nothing.
 */
const { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } = require("node:fs");
const path = require("node:path");
const { ensureAppBundle, loadBundle } = require("./synth/app-bundle.cjs");
const { SynthFailure, synthesizeInParallel } = require("./synth/parallel.cjs");

const ROOT = path.resolve(__dirname, "..");

/** @param {readonly string[]} argv */
function optionsFrom(argv) {
  /** @type {{ app: boolean, output?: string }} */
  const options = { app: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--app") options.app = true;
    else if (arg === "--output" || arg === "-o") {
      const value = argv[++i];
      if (!value) usage(`${arg} needs a directory`);
      options.output = value;
    } else if (arg?.startsWith("--output=")) options.output = arg.slice("--output=".length);
    else usage(`unknown argument ${JSON.stringify(arg)}`);
  }
  return options;
}

/** @param {string} problem @returns {never} */
function usage(problem) {
  process.stderr.write(`npm run synth: ${problem}\nusage: npm run synth [-- --output <dir>]\n`);
  process.exit(1);
}

function configuredOutput() {
  const file = path.join(ROOT, "cdktf.json");
  const output = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).output : undefined;
  return typeof output === "string" && output ? output : "cdktf.out";
}

/** Removes `<outdir>/stacks/<dir>` for every stack the new manifest no longer lists. */
function removeOrphanedStacks(/** @type {string} */ outdir) {
  const manifest = JSON.parse(readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  const current = new Set(Object.values(manifest.stacks).map((s) => path.basename(s.workingDirectory)));
  const stacksDir = path.join(outdir, "stacks");
  for (const dir of existsSync(stacksDir) ? readdirSync(stacksDir) : []) {
    if (!current.has(dir)) rmSync(path.join(stacksDir, dir), { recursive: true, force: true });
  }
}

/**
 * How many threads synthesize: one, unless INFRA_SYNTH_WORKERS asks for more. Measured on the
 * two-core machines CI runs on (BENCHMARKS.md), two threads took 1.53 s for the 21 stacks and one
 * 1.32 s: each worker loads its own cdktf and provider bindings (~0.25 s, ~100 MB), which the split
 * of the remaining second does not repay. More cores or many more stacks may; the option stays.
 * An INFRA_STACKS selection always runs in one piece (a system stack brings its network along).
 */
function workerCount() {
  const fromEnv = process.env.INFRA_SYNTH_WORKERS?.trim();
  let count = 1;
  if (fromEnv) {
    count = Number(fromEnv);
    if (!Number.isInteger(count) || count < 1)
      usage(`INFRA_SYNTH_WORKERS must be a whole number above 0, got ${JSON.stringify(fromEnv)}`);
  }
  return process.env.INFRA_STACKS?.trim() ? 1 : count;
}

/** @param {string} bundle @param {number} workers */
async function synthesize(bundle, workers) {
  if (workers === 1) {
    const app = /** @type {import("./synth/app-types").BundledApp} */ (loadBundle(bundle));
    await app.synthesize().catch(app.exitOnError);
    return;
  }
  try {
    await synthesizeInParallel({ bundle, outdir: String(process.env.CDKTF_OUTDIR), count: workers });
  } catch (error) {
    // A config mistake prints its problem lines alone; anything else is a bug and keeps its trace.
    if (error instanceof SynthFailure)
      process.stderr.write(`${error.userMistake ? error.message : error.detail}\n`);
    else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}

async function main() {
  const options = optionsFrom(process.argv.slice(2));
  let bundle;
  try {
    bundle = ensureAppBundle().bundle;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const workers = workerCount();
  // Under the cdktf CLI (--app) CDKTF_OUTDIR is the CLI's, and the CLI removes orphaned stacks.
  if (options.app) return synthesize(bundle, workers);

  const outdir = path.resolve(options.output ?? process.env.CDKTF_OUTDIR ?? configuredOutput());
  // cdktf creates the output directory but not its parents (the cdktf CLI makes them first).
  mkdirSync(path.dirname(outdir), { recursive: true });
  process.env.CDKTF_OUTDIR = outdir;
  await synthesize(bundle, workers);
  removeOrphanedStacks(outdir);
}

main();

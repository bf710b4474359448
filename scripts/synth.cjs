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
const { existsSync, readFileSync, readdirSync, rmSync } = require("node:fs");
const path = require("node:path");
const { ensureAppBundle } = require("./synth/app-bundle.cjs");

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
 * cdktf records a full stack trace for every token it creates, only to quote it if that token later
 * fails to resolve: a fifth of a synth's time. AWS CDK made the same capture opt-in (CDK_DEBUG) for
 * the same reason; here too it is off unless CDK_DEBUG is set. The synthesized output is unchanged.
 */
function skipTokenStackTraces() {
  if (process.env.CDK_DEBUG) return;
  /** @type {{ captureStackTrace: () => string[] }} */
  const stackTrace = require("cdktf/lib/tokens/private/stack-trace");
  stackTrace.captureStackTrace = () => ["(token creation stacks are captured only with CDK_DEBUG=1)"];
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
  skipTokenStackTraces();
  /** @type {{ synthesize: () => Promise<void>, exitOnError: (error: unknown) => never }} */
  const app = require(bundle);
  if (options.app) return app.synthesize().catch(app.exitOnError);

  const outdir = path.resolve(options.output ?? process.env.CDKTF_OUTDIR ?? configuredOutput());
  process.env.CDKTF_OUTDIR = outdir;
  await app.synthesize().catch(app.exitOnError);
  removeOrphanedStacks(outdir);
}

main();

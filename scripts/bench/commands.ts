import * as path from "node:path";
import { BenchCommand } from "./measure";

export const FLOOR = "floor";
export const SYNTH_DEV = "npm run synth, dev";
export const SYNTH_ALL = "npm run synth, all";
export const SYNTH_ALL_TWO_THREADS = "npm run synth, all, two threads";
export const CDKTF_SYNTH_ALL = "cdktf synth, all";
export const BUILD = "npm run build, cold";

/** No telemetry or update check: a blocked network would otherwise add its timeout to every run. */
export const QUIET = { CHECKPOINT_DISABLE: "1", CI: "1", FORCE_COLOR: "0" };

/**
 * Every environment, from the repository's own tfvars: a selection or config dir in the caller's
 * environment would make "all" mean something else from run to run.
 */
const ALL = {
  ...QUIET,
  INFRA_ENVS: undefined,
  INFRA_STACKS: undefined,
  INFRA_CONFIG_DIR: undefined,
  INFRA_SYNTH_WORKERS: undefined,
};

/** `node scripts/synth.cjs` (what `npm run synth` runs) for every environment. */
export function synthAll(repo: string): BenchCommand {
  return {
    label: SYNTH_ALL,
    display: "node scripts/synth.cjs --output <tmp>",
    command: process.execPath,
    args: (outdir) => [path.join(repo, "scripts", "synth.cjs"), "--output", outdir],
    env: () => ALL,
  };
}

/**
 * The commands `npm run bench` times. `npm run synth` is measured as the command npm runs, not
 * through npm: npm's own start-up is the same for every script and none of it is the app's.
 */
export function benchCommands(repo: string): BenchCommand[] {
  return [
    {
      label: FLOOR,
      display: `node -e "require('cdktf')"`,
      command: process.execPath,
      args: () => ["-e", "require('cdktf')"],
      env: () => QUIET,
    },
    {
      ...synthAll(repo),
      label: SYNTH_DEV,
      display: "INFRA_ENVS=dev node scripts/synth.cjs --output <tmp>",
      env: () => ({ ...ALL, INFRA_ENVS: "dev" }),
    },
    synthAll(repo),
    {
      // Beside the default (one thread): would a second worker thread pay on this machine?
      ...synthAll(repo),
      label: SYNTH_ALL_TWO_THREADS,
      display: "INFRA_SYNTH_WORKERS=2 node scripts/synth.cjs --output <tmp>",
      env: () => ({ ...ALL, INFRA_SYNTH_WORKERS: "2" }),
    },
    {
      // The CLI itself (node_modules/.bin/cdktf), without npx's own process on top; it runs the app
      // command of cdktf.json.
      label: CDKTF_SYNTH_ALL,
      display: "node_modules/.bin/cdktf synth --output <tmp>",
      command: path.join(repo, "node_modules", ".bin", "cdktf"),
      args: (outdir) => ["synth", "--output", outdir],
      env: () => ALL,
    },
    {
      // What a first synth on a fresh checkout pays once before the warm runs above: esbuild
      // bundling main.ts. Built into the scratch dir, so the shared .build/app.js stays untouched.
      label: BUILD,
      display: "ensureAppBundle (npm run build) into <tmp>/app.js",
      command: process.execPath,
      args: (outdir) => [
        "-e",
        "require(process.argv[1]).ensureAppBundle({ root: process.argv[2], entry: 'main.ts', bundle: process.argv[3] })",
        path.join(repo, "scripts", "synth", "app-bundle.cjs"),
        repo,
        path.join(outdir, "app.js"),
      ],
      env: () => QUIET,
    },
  ];
}

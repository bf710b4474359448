/**
 * The phases of a synth, found in a CPU profile by the functions that run them and the source file
 * that defines them (a frame in .build/app.js counts as the module esbuild inlined there; checked
 * against a real `node --cpu-prof scripts/synth.cjs` profile).
 * A sample belongs to a phase when one of its functions is anywhere on its stack.
 */
export interface Phase {
  readonly label: string;
  readonly functionNames: readonly string[];
  /** Path suffix of the file that defines them, so a same-named function elsewhere does not count. */
  readonly file: string;
}

export const SYNTH_PHASES: readonly Phase[] = [
  {
    // loadEnvironmentConfig is async: what runs after its first await has only it on the stack.
    label: "config: read, parse and validate the tfvars",
    functionNames: ["loadEnvironmentConfigs", "loadEnvironmentConfig"],
    file: "config/load.ts",
  },
  { label: "constructs: build the stacks", functionNames: ["addStacks"], file: "stacks/app.ts" },
  {
    label: "resolve + write: cdktf's App.synth",
    functionNames: ["synth"],
    file: "node_modules/cdktf/lib/app.js",
  },
];

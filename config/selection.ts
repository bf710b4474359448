import { ConfigError } from "./config-error";
import { ENVIRONMENTS, EnvironmentName } from "./schema/environment";

/** Which environments to load and which stacks to build, from INFRA_ENVS / INFRA_STACKS. */
export interface Selection {
  readonly environments: EnvironmentName[];
  /** Stack names to build; undefined builds every stack of the selected environments. */
  readonly stacks?: ReadonlySet<string>;
}

/**
 * `INFRA_ENVS=dev,staging` loads only those environment files; `INFRA_STACKS=fileflow-dev` builds only
 * those stacks (and loads only the environments they belong to).
 */
export function selectionFromEnv(env: NodeJS.ProcessEnv): Selection {
  const stacks = listOf(env.INFRA_STACKS);
  const requested = listOf(env.INFRA_ENVS);
  requested.forEach((name, i) => {
    if (!(ENVIRONMENTS as readonly string[]).includes(name)) {
      throw new ConfigError("INFRA_ENVS", [
        { keyPath: `[${i}]`, expected: `one of ${ENVIRONMENTS.join(", ")}`, found: JSON.stringify(name) },
      ]);
    }
  });
  stacks.forEach((name, i) => {
    const env = ENVIRONMENTS.find((e) => name.endsWith(`-${e}`));
    if (!env) {
      throw new ConfigError("INFRA_STACKS", [
        {
          keyPath: `[${i}]`,
          expected: `a stack name "<system>-<${ENVIRONMENTS.join("|")}>"`,
          found: JSON.stringify(name),
        },
      ]);
    }
    if (requested.length > 0 && !requested.includes(env)) {
      throw new ConfigError("INFRA_STACKS", [
        {
          keyPath: `[${i}]`,
          expected: `a stack of INFRA_ENVS (${requested.join(", ")})`,
          found: JSON.stringify(name),
        },
      ]);
    }
  });
  const fromStacks = ENVIRONMENTS.filter((e) => stacks.some((s) => s.endsWith(`-${e}`)));
  const environments = ENVIRONMENTS.filter((e) =>
    stacks.length > 0 ? fromStacks.includes(e) : requested.length === 0 || requested.includes(e),
  );
  return { environments, ...(stacks.length > 0 ? { stacks: new Set(stacks) } : {}) };
}

function listOf(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { PROJECT_ROOT } from "../project-root";
import { ConfigError, ConfigErrors } from "./config-error";
import { parseHcl } from "./hcl-cache";
import { problemsOf } from "./issue-to-problem";
import { ENVIRONMENTS, EnvironmentConfig, EnvironmentName, environmentSchema } from "./schema/environment";

/** The committed environment files. */
export const CONFIG_DIR = path.join(PROJECT_ROOT, "config");

/**
 * Where main.ts reads environment files: `INFRA_CONFIG_DIR` when set (a config under review, or the
 * CLI tests' deliberately broken files), else the committed config/.
 */
export function configDirFromEnv(env: NodeJS.ProcessEnv): string {
  const dir = env.INFRA_CONFIG_DIR?.trim();
  return dir ? path.resolve(dir) : CONFIG_DIR;
}

export function configFileOf(env: EnvironmentName, dir = CONFIG_DIR): string {
  return path.join(dir, `${env}.tfvars`);
}

/**
 * Reads, parses and validates one environment file. Every user mistake comes back as a ConfigError
 * naming the file and key; nothing downstream ever sees the raw tfvars.
 */
export async function loadEnvironmentConfig(file: string): Promise<EnvironmentConfig> {
  const relative = path.relative(process.cwd(), file);
  const shown = relative && !relative.startsWith("..") ? relative : file;
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(shown, [
      {
        keyPath: "",
        expected: "a readable HCL environment file",
        found: `${error.code ?? "an error"} (${error.message})`,
      },
    ]);
  });

  let raw: unknown;
  try {
    raw = await parseHcl(file, text);
  } catch (error) {
    throw new ConfigError(shown, [
      { keyPath: "", expected: "valid HCL", found: hclErrorOf(error, file, shown) },
    ]);
  }

  const result = environmentSchema.safeParse(raw, { reportInput: true });
  if (!result.success) throw new ConfigError(shown, problemsOf(result.error, environmentSchema));

  const fromName = path.basename(file, ".tfvars");
  if ((ENVIRONMENTS as readonly string[]).includes(fromName) && result.data.environment !== fromName) {
    throw new ConfigError(shown, [
      {
        keyPath: "environment",
        expected: `"${fromName}" (the file's name)`,
        found: `"${result.data.environment}"`,
      },
    ]);
  }
  return result.data;
}

/** hcl2json reports `parse config: [<file>:<line>,<col>-...: <summary>; <detail> ...]`; keep the first. */
function hclErrorOf(error: unknown, file: string, shown: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const body = message.replace(/^parse config: \[/, "").replace(/\]$/, "");
  const first = body.split(new RegExp(`\\s(?=${escapeRegExp(file)}:)`))[0] ?? body;
  const match = /^.*?:(\d+),(\d+)(?:-[\d,]+)?: (.*)$/s.exec(first);
  return match
    ? `a syntax error at line ${match[1]}, column ${match[2]}: ${match[3]!.trim()}`
    : first.replace(file, shown);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Loads every file before failing, so one run reports the mistakes of all of them. */
export async function loadEnvironmentConfigs(files: readonly string[]): Promise<EnvironmentConfig[]> {
  const results = await Promise.allSettled(files.map((file) => loadEnvironmentConfig(file)));
  const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  const unexpected = failures.find((e) => !(e instanceof ConfigError));
  if (unexpected) throw unexpected;
  if (failures.length > 0) throw new ConfigErrors(failures as ConfigError[]);
  return results.map((r) => (r as PromiseFulfilledResult<EnvironmentConfig>).value);
}

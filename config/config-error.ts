/** One thing wrong with an environment file: where, what was expected, what was found. */
export interface ConfigProblem {
  /** Dotted key path inside the file, e.g. `network.availability_zones[1]`; empty for the file itself. */
  readonly keyPath: string;
  readonly expected: string;
  readonly found: string;
}

/**
 * A user mistake in an environment file. main.ts prints `message` (no stack trace) and exits non-zero
 * before any stack is synthesized, so no partial cdktf.out is written.
 */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(problems.map((p) => formatProblem(file, p)).join("\n"));
    this.name = "ConfigError";
  }
}

/** Mistakes in several files, reported together. */
export class ConfigErrors extends Error {
  constructor(readonly errors: readonly ConfigError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "ConfigErrors";
  }
}

function formatProblem(file: string, problem: ConfigProblem): string {
  const where = problem.keyPath ? `${file}: ${problem.keyPath}` : file;
  return `${where}: expected ${problem.expected}, found ${problem.found}`;
}

/** Renders a value from the file the way the user wrote it, shortened so one line stays one line. */
export function describeFound(value: unknown): string {
  if (value === undefined) return "nothing (the key is missing)";
  const json = JSON.stringify(value);
  const text = json.length > 60 ? `${json.slice(0, 57)}...` : json;
  if (Array.isArray(value)) return `a list ${text}`;
  if (value === null) return "null";
  if (typeof value === "object") return `an object ${text}`;
  return `${typeof value} ${text}`;
}

export function formatKeyPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === "number") return `${acc}[${part}]`;
    const key = String(part);
    const safe = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
    return acc ? `${acc}.${safe}` : safe;
  }, "");
}

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./tools";

/** The README runbooks the state-safety suite runs, by their marker `<!-- runbook: <name> ... -->`. */
export type RunbookName = "lock" | "interrupted" | "overwritten";

/**
 * The shell lines of one README runbook (its ```sh blocks, continuation lines joined, comments and
 * blank lines dropped). The suite runs these lines themselves, so the runbook cannot drift from what
 * was proven: a command the suite looks for and does not find fails the suite.
 */
export class Runbook {
  constructor(
    readonly name: RunbookName,
    readonly lines: readonly string[],
  ) {}

  /** The one command line starting with `prefix` (after variable expansion, as written). */
  command(prefix: string): string {
    const matches = this.lines.filter((l) => l.startsWith(prefix));
    if (matches.length !== 1)
      throw new Error(
        `README runbook "${this.name}": expected one command starting with ${JSON.stringify(prefix)}, found ${matches.length}:\n  ${this.lines.join("\n  ")}`,
      );
    return matches[0]!;
  }

  /** `NAME=value` assignments on lines of their own (the runbook's DIR, B, K). */
  variables(): Record<string, string> {
    const vars: Record<string, string> = {};
    for (const line of this.lines) {
      const words = line.split(/\s+/);
      if (!words.every((w) => /^[A-Z_]+=\S+$/.test(w))) continue;
      for (const w of words) {
        const [name, ...value] = w.split("=");
        vars[name!] = value.join("=").replace(/^"(.*)"$/, "$1");
      }
    }
    return vars;
  }
}

export function readmeText(): string {
  return readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
}

export function parseRunbook(readme: string, name: RunbookName): Runbook {
  const lines = readme.split("\n");
  const start = lines.findIndex(
    (l) => l.startsWith(`<!-- runbook: ${name} `) || l === `<!-- runbook: ${name} -->`,
  );
  if (start < 0) throw new Error(`README.md has no <!-- runbook: ${name} --> section`);
  const end = lines.findIndex((l, i) => i > start && (l.startsWith("<!-- runbook: ") || l.startsWith("## ")));
  const section = lines.slice(start + 1, end < 0 ? undefined : end);
  const commands: string[] = [];
  let inShell = false;
  let pending = "";
  for (const line of section) {
    if (/^```/.test(line)) {
      inShell = !inShell && /^```(sh|bash|shell)\s*$/.test(line);
      continue;
    }
    if (!inShell) continue;
    const text = pending + line.trim();
    if (text.endsWith("\\")) {
      pending = `${text.slice(0, -1).trimEnd()} `;
      continue;
    }
    pending = "";
    const command = withoutComment(text);
    if (command) commands.push(command);
  }
  return new Runbook(name, commands);
}

/** The line without a trailing `# comment` (a `#` outside quotes, after whitespace or at the start). */
export function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "\\" && quote !== "'") {
      i++;
    } else if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]!))) {
      return line.slice(0, i).trim();
    }
  }
  return line.trim();
}

/**
 * argv that runs one runbook line with bash. A single command is exec'd, so the pid the suite
 * holds (to signal it, or to stop it on failure) is the command's own.
 */
export function bashArgs(line: string): string[] {
  const single = !/[|;&]|\$\(/.test(line.replace(/"(?:\\.|[^"\\])*"|'[^']*'/g, ""));
  return ["-c", single ? `exec ${line}` : line];
}

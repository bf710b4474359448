import { readdirSync } from "node:fs";
import * as path from "node:path";
import { PolicyRule } from "./rule";

export const RULES_DIR = path.join(__dirname, "rules");

/**
 * Every rule in rules/*.ts, found by listing the directory so that adding a rule never means editing a
 * shared list. Loading is synchronous because jest collects `test.each` cases synchronously.
 */
export function loadRules(dir = RULES_DIR): PolicyRule[] {
  const rules = readdirSync(dir)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .sort()
    .flatMap((file) => rulesOf(path.join(dir, file)));
  const names = new Set<string>();
  for (const rule of rules) {
    if (names.has(rule.name)) throw new Error(`two policy rules are named "${rule.name}"`);
    names.add(rule.name);
  }
  return rules;
}

function rulesOf(file: string): PolicyRule[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- discovery by directory listing needs a dynamic, synchronous load
  const exported = (require(file) as { rules?: unknown }).rules;
  if (!Array.isArray(exported) || exported.length === 0) {
    throw new Error(`${path.relative(process.cwd(), file)} must export a non-empty \`rules: PolicyRule[]\``);
  }
  return exported as PolicyRule[];
}

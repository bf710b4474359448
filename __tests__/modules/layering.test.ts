import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";

/**
 * Modules are reusable constructs: typed props in, typed attributes out. They never read the
 * environment files (config/) nor ship handler code of their own (lambdas/): a stack hands them both.
 * The lint rule (eslint.config.mjs) says the same for imports; this also catches paths built by hand.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const MODULES = path.join(ROOT, "modules");

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Where `file`'s text reaches config/ or lambdas/ (imports, requires, or path segments). */
export function layeringLeaks(file: string, text: string): string[] {
  const leaks: string[] = [];
  const specifiers = [...text.matchAll(/(?:from|import|require)\s*\(?\s*["']([^"']+)["']/g)].map(
    (m) => m[1]!,
  );
  for (const specifier of specifiers) {
    if (!specifier.startsWith(".")) continue;
    const target = path.relative(ROOT, path.resolve(path.dirname(file), specifier)).split(path.sep)[0];
    if (target === "config" || target === "lambdas") leaks.push(`imports ${specifier}`);
  }
  // A path put together from segments: path.join(__dirname, "..", "..", "lambdas", ...).
  const code = text
    .replace(/^\s*(\/\*\*|\*|\/\/).*$/gm, "") // comments
    .replace(/^.*\b(from|require)\b.*$/gm, ""); // imports, reported above
  if (/["'](?:\.\.\/)*(config|lambdas)["'/]/.test(code)) {
    leaks.push("builds a path into config/ or lambdas/");
  }
  return leaks;
}

test("no module imports from, or builds a path into, config/ or lambdas/", () => {
  const files = sourcesUnder(MODULES);
  expect(files.length).toBeGreaterThan(20);
  const leaks = files.flatMap((file) =>
    layeringLeaks(file, readFileSync(file, "utf8")).map((leak) => `${path.relative(ROOT, file)} ${leak}`),
  );
  expect(leaks).toEqual([]);
});

test.each([
  ['import { X } from "../../config/schema/primitives";', "imports ../../config/schema/primitives"],
  ['import { handler } from "../../lambdas/ecs-scaler";', "imports ../../lambdas/ecs-scaler"],
  [
    'const entry = path.join(__dirname, "..", "..", "lambdas", "ecs-scaler");',
    "builds a path into config/ or lambdas/",
  ],
])("the check itself catches %s", (text, leak) => {
  expect(layeringLeaks(path.join(MODULES, "ecs", "x.ts"), text)).toEqual([leak]);
});

test("a module's own relative imports and comments mentioning lambdas/ pass", () => {
  const text = 'import { Role } from "../iam/role";\n// the handler lives in lambdas/ecs-scaler\n';
  expect(layeringLeaks(path.join(MODULES, "ecs", "x.ts"), text)).toEqual([]);
});

import { z } from "zod";
import { ConfigProblem, describeFound, formatKeyPath } from "./config-error";

/** Turns zod's issues into problems worded for someone editing a tfvars file. */
export function problemsOf(error: z.ZodError, schema: z.ZodType): ConfigProblem[] {
  return error.issues.flatMap((issue): ConfigProblem[] => {
    const keyPath = formatKeyPath(issue.path);
    const input = "input" in issue ? issue.input : undefined;
    // A mistake under `secrets` may be a pasted secret value: never print it back.
    const found =
      issue.path.includes("secrets") && input !== undefined
        ? "a value (not shown: it sits under secrets)"
        : undefined;
    switch (issue.code) {
      case "unrecognized_keys": {
        const allowed = keysAllowedAt(schema, issue.path);
        return issue.keys.map((key) => ({
          keyPath: formatKeyPath([...issue.path, key]),
          expected: `one of the known keys (${allowed.join(", ") || "none"})${suggestion(key, allowed)}`,
          found: `unknown key "${key}"`,
        }));
      }
      case "invalid_type":
        return [
          {
            keyPath,
            expected: input === undefined ? `required key of type ${issue.expected}` : `a ${issue.expected}`,
            found: found ?? describeFound(input),
          },
        ];
      case "invalid_value":
        return [
          {
            keyPath,
            expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
            found: describeFound(input),
          },
        ];
      default:
        return [{ keyPath, expected: issue.message, found: found ?? describeFound(input) }];
    }
  });
}

/** Walks the schema along `path` to list the keys an object there accepts. */
function keysAllowedAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.ZodType | undefined = schema;
  for (const part of path) {
    node = unwrap(node);
    if (node instanceof z.ZodObject) node = node.shape[String(part)] as z.ZodType | undefined;
    else if (node instanceof z.ZodRecord) node = node.valueType as z.ZodType;
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else return [];
    if (!node) return [];
  }
  node = unwrap(node);
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let node = schema;
  for (;;) {
    if (node instanceof z.ZodOptional || node instanceof z.ZodDefault || node instanceof z.ZodNullable) {
      node = node.unwrap() as z.ZodType;
    } else if (node instanceof z.ZodPipe) {
      node = node.in as z.ZodType;
    } else {
      return node;
    }
  }
}

function suggestion(key: string, allowed: readonly string[]): string {
  const best = allowed
    .map((candidate) => ({ candidate, distance: editDistance(key, candidate) }))
    .sort((a, b) => a.distance - b.distance)[0];
  return best && best.distance <= Math.max(2, Math.floor(key.length / 4))
    ? `; did you mean "${best.candidate}"?`
    : "";
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

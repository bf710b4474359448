import { DiagramInputError } from "./errors";

export type DiagramArgs =
  | { readonly mode: "stacks"; readonly stacks: readonly string[] }
  | { readonly mode: "readme" }
  | { readonly mode: "check" }
  | { readonly mode: "help" };

export const USAGE_TEXT = [
  "usage: npm run diagram -- <stack>... | --readme | --check",
  "",
  "  <stack>...   print the Mermaid diagram of each stack (e.g. fileflow-dev)",
  "  --readme     rewrite the diagrams block of README.md with every dev stack's diagram",
  "  --check      exit 1, naming the stacks, when README.md's diagrams are stale",
  "",
].join("\n");

export function parseArgs(argv: readonly string[]): DiagramArgs {
  const flags = argv.filter((a) => a.startsWith("-"));
  const stacks = argv.filter((a) => !a.startsWith("-"));
  const unknown = flags.filter((f) => !["--readme", "--check", "--help", "-h"].includes(f));
  if (unknown.length > 0) {
    throw new DiagramInputError(
      `${unknown[0]}: expected a stack name, --readme, --check or --help, found an unknown option`,
    );
  }
  if (flags.includes("--help") || flags.includes("-h")) return { mode: "help" };
  const modes = flags.filter((f) => f === "--readme" || f === "--check");
  if (modes.length + (stacks.length > 0 ? 1 : 0) > 1) {
    throw new DiagramInputError(
      `expected stack names, --readme or --check (one of them), found ${argv.join(" ")}`,
    );
  }
  if (modes[0] === "--readme") return { mode: "readme" };
  if (modes[0] === "--check") return { mode: "check" };
  if (stacks.length === 0)
    throw new DiagramInputError(
      "expected a stack name (e.g. fileflow-dev), --readme or --check, found nothing",
    );
  return { mode: "stacks", stacks };
}

import * as path from "node:path";
import { adopt } from "./state/adopt";

const USAGE = `usage: npm run state -- adopt <stack dir>

  adopt <stack dir>   after an interrupted apply (README "A deploy was interrupted"): find what the
                      apply created but the state lacks, and write import blocks for the next apply
                      (<stack dir>/adopt_import.tf.json). Exit 0 done, 2 ambiguous or untagged
                      object (nothing written), 3 a type without a lookup (check by hand).
`;

function main(argv: readonly string[]): void {
  const [command, dir, ...rest] = argv;
  if (command !== "adopt" || !dir || rest.length > 0) {
    process.stderr.write(USAGE);
    process.exit(64);
  }
  adopt(path.resolve(dir)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

main(process.argv.slice(2));

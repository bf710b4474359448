import { bashArgs, parseRunbook, readmeText, RunbookName, withoutComment } from "./state-runbook";

const README = `
## Runbooks

<!-- runbook: lock (the suite runs these) -->

### Stuck

\`\`\`
Error: Error acquiring the state lock   # output, not a command
\`\`\`

\`\`\`sh
DIR=cdktf.out/stacks/network-dev B="bucket"
terraform -chdir="$DIR" plan \\
  -lock-timeout=0s      # who holds it

# a comment line
terraform -chdir="$DIR" plan -lock-timeout=10m
\`\`\`

<!-- runbook: interrupted (the suite runs these) -->

\`\`\`bash
terraform -chdir="$DIR" force-unlock -force "$LOCK_ID"
\`\`\`

## Next section

\`\`\`sh
rm -rf /
\`\`\`
`;

describe("parseRunbook", () => {
  test("keeps the sh lines of its own section: continuations joined, comments and output blocks dropped", () => {
    expect(parseRunbook(README, "lock").lines).toEqual([
      'DIR=cdktf.out/stacks/network-dev B="bucket"',
      'terraform -chdir="$DIR" plan -lock-timeout=0s',
      'terraform -chdir="$DIR" plan -lock-timeout=10m',
    ]);
    expect(parseRunbook(README, "interrupted").lines).toEqual([
      'terraform -chdir="$DIR" force-unlock -force "$LOCK_ID"',
    ]);
  });

  test("reads the variables a runbook sets on a line of their own", () => {
    expect(parseRunbook(README, "lock").variables()).toEqual({
      DIR: "cdktf.out/stacks/network-dev",
      B: "bucket",
    });
  });

  test.each([
    ['terraform -chdir="$DIR" plan -lock-timeout=0s', 'terraform -chdir="$DIR" plan -lock-timeout=0s'],
    ["terraform -chdir", "expected one command"],
    ["terraform apply", "found 0"],
  ])("command(%j)", (prefix, expected) => {
    const book = parseRunbook(README, "lock");
    if (expected.startsWith("terraform")) expect(book.command(prefix)).toBe(expected);
    else expect(() => book.command(prefix)).toThrow(expected);
  });

  test("fails naming the runbook a README lacks", () => {
    expect(() => parseRunbook(README, "overwritten")).toThrow(
      "README.md has no <!-- runbook: overwritten --> section",
    );
  });
});

describe("withoutComment", () => {
  test.each([
    ["terraform plan   # who holds it", "terraform plan"],
    ["# only a comment", ""],
    [
      "aws s3api list-object-versions --query \"Versions[?Key=='$K'] # not a comment\"",
      "aws s3api list-object-versions --query \"Versions[?Key=='$K'] # not a comment\"",
    ],
    ["echo a#b", "echo a#b"],
    [
      'aws dynamodb delete-item --key "{\\"S\\":\\"#x\\"}"   # stale digest',
      'aws dynamodb delete-item --key "{\\"S\\":\\"#x\\"}"',
    ],
  ])("%j -> %j", (line, expected) => {
    expect(withoutComment(line)).toBe(expected);
  });
});

describe("bashArgs", () => {
  test.each([
    ['terraform -chdir="$DIR" plan', ["-c", 'exec terraform -chdir="$DIR" plan']],
    ['aws ec2 describe-vpcs --query "Vpcs[]|[0]"', ["-c", 'exec aws ec2 describe-vpcs --query "Vpcs[]|[0]"']],
    ["terraform plan | tee plan.txt", ["-c", "terraform plan | tee plan.txt"]],
    ["cd x && terraform plan", ["-c", "cd x && terraform plan"]],
    ["echo $(date)", ["-c", "echo $(date)"]],
  ])("%j", (line, expected) => {
    expect(bashArgs(line)).toEqual(expected);
  });
});

describe("the README's runbooks", () => {
  // The lines the state-safety e2e suite looks up, by prefix: each must be in the README exactly once.
  const used: Record<RunbookName, string[]> = {
    lock: [
      'terraform -chdir="$DIR" init',
      'terraform -chdir="$DIR" plan -lock-timeout=0s',
      'terraform -chdir="$DIR" plan -lock-timeout=10m',
    ],
    interrupted: [
      'terraform -chdir="$DIR" plan -lock-timeout=0s',
      'terraform -chdir="$DIR" force-unlock -force',
      "npm run --silent state -- adopt",
      'terraform -chdir="$DIR" apply',
      "rm -f",
      'terraform -chdir="$DIR" plan -detailed-exitcode',
    ],
    overwritten: [
      "aws s3api list-object-versions",
      "aws s3api get-object",
      "jq ",
      "aws s3api copy-object",
      'terraform -chdir="$DIR" state push -force',
      "aws dynamodb delete-item",
      'terraform -chdir="$DIR" plan -detailed-exitcode',
    ],
  };

  test.each(Object.entries(used))("%s has every command the suite runs, once", (name, prefixes) => {
    const book = parseRunbook(readmeText(), name as RunbookName);
    for (const prefix of prefixes) expect(book.command(prefix)).toMatch(/\S/);
    expect(book.variables().DIR).toBe("cdktf.out/stacks/network-dev");
  });
});

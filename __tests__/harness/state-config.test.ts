import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { configFileOf } from "../../config/load";
import { LockingMode, lockingOf, synthFromConfigCopy, withLocking } from "./state-config";

const DEV = readFileSync(configFileOf("dev"), "utf8");

describe("withLocking", () => {
  test.each<[LockingMode, string, string]>([
    ["dynamodb", "dynamodb_locking  = true", "s3_native_locking = false"],
    ["both", "dynamodb_locking  = true", "s3_native_locking = true"],
    ["s3-native", "dynamodb_locking  = false", "s3_native_locking = true"],
  ])("%s sets both keys inside state_backend, once", (mode, dynamodb, s3) => {
    const edited = withLocking(DEV, mode);
    const block = /^state_backend = \{\n([\s\S]*?)^\}/m.exec(edited)![1]!;
    expect(block).toContain(`  ${dynamodb}\n`);
    expect(block).toContain(`  ${s3}\n`);
    expect(edited.match(/dynamodb_locking/g)).toHaveLength(1);
    // Everything else in the file is as it was.
    expect(edited.replace(/^ {2}(dynamodb_locking|s3_native_locking) .*\n/gm, "")).toBe(DEV);
  });

  test("replaces keys already set", () => {
    const once = withLocking(DEV, "both");
    expect(withLocking(once, "s3-native")).toBe(withLocking(DEV, "s3-native"));
  });

  test.each([
    ["no block", 'project = "platform"\n', "no `state_backend = {` line"],
    ["no closing line", 'state_backend = {\n  bucket = "b"\n', "has no closing `}` line"],
  ])("refuses a file with %s", (_, text, message) => {
    expect(() => withLocking(text, "both")).toThrow(message);
  });
});

describe("synthFromConfigCopy", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), "state-config-test-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("the committed config locks network-dev with DynamoDB; each edited copy locks as it asks", async () => {
    const committed = await synthFromConfigCopy({
      work,
      name: "committed",
      env: "dev",
      stacks: ["network-dev"],
    });
    expect(committed.map((s) => s.name)).toEqual(["network-dev"]);
    expect(lockingOf(committed[0]!)).toBe("dynamodb");
    for (const mode of ["both", "s3-native"] as const) {
      const [stack] = await synthFromConfigCopy({
        work,
        name: mode,
        env: "dev",
        stacks: ["network-dev"],
        edit: (t) => withLocking(t, mode),
      });
      expect(lockingOf(stack!)).toBe(mode);
      const backend = (stack!.synth.json.terraform!.backend as Record<string, Record<string, unknown>>).s3!;
      expect(backend).toMatchObject({ key: "network/dev/terraform.tfstate", encrypt: true });
    }
  }, 60_000);
});

import { LOCAL_BACKEND_NOTE } from "../../../scripts/drift/check-stack";
import { RunInfo, progressLine, renderJson, renderText } from "../../../scripts/drift/report";
import { StackResult } from "../../../scripts/drift/result";
import { WIDENED_RULE, result } from "./fixtures";

const FROM: RunInfo = {
  origin: "/work/cdktf.out",
  ephemeral: false,
  terraformVersion: "1.11.4",
  concurrency: 2,
};
const SYNTH: RunInfo = { ...FROM, origin: "npm run synth", ephemeral: true };

const drifted = result("network-dev", "drifted", {
  resources: 40,
  seconds: 17.26,
  changes: [
    { address: WIDENED_RULE, action: "update", attributes: ["cidr_ipv4", "description"] },
    {
      address: "aws_s3_bucket.logs",
      action: "replace",
      attributes: ["bucket"],
      reason: "replace_because_cannot_update",
    },
    { address: "aws_s3_bucket.renamed", action: "move", from: "aws_s3_bucket.old" },
    { address: "aws_iam_role.extra", action: "delete" },
  ],
});
const inSync = result("bootstrap-dev", "in sync", { resources: 9, seconds: 6.04 });
const notDeployed = result("fileflow-dev", "not deployed", { resources: 0, seconds: 1.8 });
const failed: StackResult = result("erp-mes-dev", "error", {
  resources: 31,
  error: {
    step: "plan",
    message:
      'Error: AWS account ID not allowed: 222222222222\n\n  with provider["registry.terraform.io/hashicorp/aws"]',
  },
});

describe("renderText", () => {
  it("prints the table: stack | status | resources | changes | seconds", () => {
    const text = renderText([inSync, drifted, notDeployed], FROM);
    expect(text.split("\n").slice(0, 7)).toEqual([
      "Drift check of 3 stack(s) from /work/cdktf.out: terraform 1.11.4, 2 at a time",
      "",
      "| stack         | status       | resources | changes                               | seconds |",
      "|---------------|--------------|-----------|---------------------------------------|---------|",
      "| bootstrap-dev | in sync      |         9 | -                                     |     6.0 |",
      "| network-dev   | drifted      |        40 | 1 update, 1 replace, 1 move, 1 delete |    17.3 |",
      "| fileflow-dev  | not deployed |         0 | -                                     |     1.8 |",
    ]);
  });

  it("lists each drifted address with its action, the attributes, the move and the reason", () => {
    const text = renderText([drifted], FROM);
    expect(text).toContain(
      "network-dev: 4 changes (the values: in /out/stacks/network-dev: terraform init -input=false && terraform plan -lock=false)",
    );
    expect(text).toContain(`  update   ${WIDENED_RULE}  (cidr_ipv4, description)\n`);
    expect(text).toContain("  replace  aws_s3_bucket.logs  (bucket; replace_because_cannot_update)\n");
    expect(text).toContain("  move     aws_s3_bucket.renamed  (from aws_s3_bucket.old)\n");
    expect(text).toContain("  delete   aws_iam_role.extra\n");
  });

  it("points at cdktf.out, not at the deleted temporary directory, after a synth into a temporary directory", () => {
    const text = renderText([drifted, failed], SYNTH);
    expect(text).toContain(
      "(the values: INFRA_STACKS=network-dev npx cdktf synth, then in cdktf.out/stacks/network-dev:",
    );
    expect(text).not.toContain("/out/stacks/");
  });

  it("shows terraform's error under the table and its first line in it", () => {
    const text = renderText([inSync, failed], FROM);
    expect(text).toContain("| plan failed: AWS account ID not allowed: 222222222222 |");
    expect(text).toContain(
      'erp-mes-dev: terraform plan failed (in /out/stacks/erp-mes-dev)\n  Error: AWS account ID not allowed: 222222222222\n\n    with provider["registry.terraform.io/hashicorp/aws"]\n',
    );
  });

  it("shows a not-deployed stack's note in the changes column", () => {
    const text = renderText([{ ...notDeployed, note: LOCAL_BACKEND_NOTE }], FROM);
    expect(text).toContain(`| not deployed |         0 | ${LOCAL_BACKEND_NOTE} |`);
  });

  it.each([
    ["in sync", [inSync, notDeployed], "exit 0: no drift (1 in sync, 1 not deployed)"],
    [
      "drift",
      [inSync, drifted],
      'exit 2: drifted: network-dev (1 in sync, 1 drifted). Runbook: README.md, "A scheduled drift check failed"',
    ],
    [
      "an error, naming what drifted too",
      [drifted, failed],
      'exit 1: could not check erp-mes-dev; drifted: network-dev (1 drifted, 1 error). Runbook: README.md, "A scheduled drift check failed"',
    ],
  ])("ends with the exit code and what it means: %s", (_what, results, last) => {
    expect(renderText(results, FROM).trimEnd().split("\n").at(-1)).toBe(last);
  });
});

describe("renderJson", () => {
  it("gives the same results for machines, with the exit code and counts", () => {
    const json = JSON.parse(renderJson([inSync, drifted, failed], FROM)) as Record<string, unknown>;
    expect(json).toMatchObject({
      exitCode: 1,
      terraformVersion: "1.11.4",
      origin: "/work/cdktf.out",
      concurrency: 2,
      counts: { "in sync": 1, drifted: 1, "not deployed": 0, error: 1 },
    });
    const stacks = json.stacks as Record<string, unknown>[];
    expect(stacks.map((s) => [s.stack, s.status])).toEqual([
      ["bootstrap-dev", "in sync"],
      ["network-dev", "drifted"],
      ["erp-mes-dev", "error"],
    ]);
    expect(stacks[1]).toMatchObject({
      resources: 40,
      seconds: 17.3,
      dir: "/out/stacks/network-dev",
      error: null,
      note: null,
    });
    expect((stacks[1]!.changes as unknown[])[0]).toEqual({
      address: WIDENED_RULE,
      action: "update",
      attributes: ["cidr_ipv4", "description"],
    });
    expect(stacks[2]!.error).toEqual(failed.error);
  });

  it("has no directories after a synth into a temporary directory (they are gone)", () => {
    const json = JSON.parse(renderJson([drifted], SYNTH)) as { stacks: { dir: unknown }[] };
    expect(json.stacks[0]!.dir).toBeNull();
  });
});

describe("progressLine", () => {
  it.each([
    [inSync, "drift: bootstrap-dev: in sync (6 s)"],
    [drifted, "drift: network-dev: drifted, 4 changes (17.3 s)"],
    [failed, "drift: erp-mes-dev: error at plan: AWS account ID not allowed: 222222222222 (1.3 s)"],
  ])("%#", (r, line) => {
    expect(progressLine(r)).toBe(line);
  });
});

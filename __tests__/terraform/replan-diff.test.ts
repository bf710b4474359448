import { EmulatorGap, KNOWN_AFTER_APPLY, replanDiffs } from "../harness/replan-diff";
import { PlanJson, ResourceChange } from "../harness/terraform-cli";

/** The e2e suite's no-change check is only as good as this comparison: it must miss nothing. */
describe("replanDiffs", () => {
  const gaps: EmulatorGap[] = [
    { resourceType: "aws_ecs_service", attribute: "capacity_provider_strategy", motoBehaviour: "dropped" },
    {
      resourceType: "aws_vpc_security_group_ingress_rule",
      attribute: "description",
      motoBehaviour: "lost for group references",
      onlyWhen: {
        description: "group references",
        test: (b) => typeof b.referenced_security_group_id === "string",
      },
    },
  ];

  it("ignores no-op changes and data sources", () => {
    const plan = planOf(change("aws_s3_bucket.a", ["no-op"], { bucket: "a" }, { bucket: "a" }), {
      ...change("data.aws_region.r", ["read"], null, { name: "x" }),
      mode: "data",
    });
    expect(replanDiffs(plan, gaps)).toEqual([]);
  });

  it("reports each differing attribute by path, nested blocks included", () => {
    const plan = planOf(
      change(
        "aws_lb.alb",
        ["update"],
        { name: "alb", access_logs: [{ enabled: false, bucket: "logs" }], tags: { A: "1" } },
        { name: "alb", access_logs: [{ enabled: true, bucket: "logs" }], tags: { A: "1", B: "2" } },
      ),
    );
    const diffs = replanDiffs(plan, gaps);
    expect(diffs.map((d) => [d.path, d.before, d.after])).toEqual([
      ["access_logs[0].enabled", false, true],
      ["tags.B", undefined, "2"],
    ]);
    expect(diffs.every((d) => d.gap === undefined)).toBe(true);
  });

  it("counts an attribute only known after apply as a difference", () => {
    const plan = planOf({
      ...change("aws_iam_role_policy.p", ["update"], { policy: "{}" }, { policy: null }),
      change: { actions: ["update"], before: { policy: "{}" }, after: {}, after_unknown: { policy: true } },
    });
    expect(replanDiffs(plan, gaps).map((d) => [d.path, d.after])).toEqual([["policy", KNOWN_AFTER_APPLY]]);
  });

  it("reports a replacement or a re-creation as a whole-resource difference", () => {
    const plan = planOf(change("aws_sqs_queue.q", ["create"], null, { name: "q" }));
    expect(replanDiffs(plan, gaps)).toEqual([
      expect.objectContaining({ address: "aws_sqs_queue.q", path: "(resource)", actions: "create" }),
    ]);
  });

  it("allows a listed gap only for its type, its attribute subtree and its condition", () => {
    const plan = planOf(
      change(
        "aws_ecs_service.s",
        ["update"],
        { capacity_provider_strategy: [] },
        { capacity_provider_strategy: [{ weight: 1 }] },
      ),
      change(
        "aws_ecs_cluster.c",
        ["update"],
        { capacity_provider_strategy: [] },
        { capacity_provider_strategy: [{ weight: 1 }] },
      ),
      change(
        "aws_vpc_security_group_ingress_rule.ref",
        ["update"],
        { referenced_security_group_id: "sg-1", description: null },
        { referenced_security_group_id: "sg-1", description: "from alb" },
      ),
      change(
        "aws_vpc_security_group_ingress_rule.cidr",
        ["update"],
        { cidr_ipv4: "10.0.0.0/8", description: null },
        { cidr_ipv4: "10.0.0.0/8", description: "vpc" },
      ),
    );
    const allowed = Object.fromEntries(replanDiffs(plan, gaps).map((d) => [d.address, d.gap !== undefined]));
    expect(allowed).toEqual({
      "aws_ecs_service.s": true,
      "aws_ecs_cluster.c": false,
      "aws_vpc_security_group_ingress_rule.ref": true,
      "aws_vpc_security_group_ingress_rule.cidr": false,
    });
  });
});

function change(address: string, actions: string[], before: unknown, after: unknown): ResourceChange {
  const type = address.replace(/^data\./, "").split(".")[0]!;
  return { address, type, mode: "managed", change: { actions, before, after, after_unknown: {} } };
}

function planOf(...changes: ResourceChange[]): PlanJson {
  return { resource_changes: changes };
}

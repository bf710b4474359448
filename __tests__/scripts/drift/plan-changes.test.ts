import { changesOf } from "../../../scripts/drift/plan-changes";
import { WIDENED_RULE, driftedNetworkPlan, resourceChange } from "./fixtures";

describe("changesOf (terraform show -json of a plan -> changed addresses)", () => {
  it("lists exactly the widened rule of the real network-dev plan, with the attributes that differ", () => {
    // The fixture also holds no-op resources, a resource_drift entry and a no-op output.
    expect(changesOf(driftedNetworkPlan())).toEqual([
      { address: WIDENED_RULE, action: "update", attributes: ["cidr_ipv4", "description"] },
    ]);
  });

  it("ignores resource_drift: refresh differences the plan does not act on are not drift", () => {
    const plan = driftedNetworkPlan();
    expect((plan as { resource_drift?: unknown[] }).resource_drift?.length).toBeGreaterThan(0);
    expect(changesOf(plan).map((c) => c.address)).not.toContain(
      "aws_route_table.vpc_public-route-table_38705DC2",
    );
  });

  it.each([
    ["create", ["create"], { after: { name: "x" } }, {}, { action: "create" }],
    ["delete", ["delete"], { before: { name: "x" } }, {}, { action: "delete" }],
    [
      "replace (delete, then create)",
      ["delete", "create"],
      { before: { name: "a", id: "1" }, after: { name: "b" }, after_unknown: { id: true } },
      { action_reason: "replace_because_cannot_update" },
      { action: "replace", attributes: ["id", "name"], reason: "replace_because_cannot_update" },
    ],
    [
      "replace (create before destroy)",
      ["create", "delete"],
      { before: { name: "a" }, after: { name: "b" } },
      {},
      { action: "replace", attributes: ["name"] },
    ],
    [
      "an update whose new value is known only after apply",
      ["update"],
      {
        before: { tags: { a: "1" }, arn: "x" },
        after: { tags: { a: "1" }, arn: "x" },
        after_unknown: { tags: { a: true } },
      },
      {},
      { action: "update", attributes: ["tags"] },
    ],
    [
      "an update treating null and absent alike",
      ["update"],
      { before: { description: null, port: 80 }, after: { port: 443 } },
      {},
      { action: "update", attributes: ["port"] },
    ],
    [
      "a moved address with no other change",
      ["no-op"],
      { before: { a: 1 }, after: { a: 1 } },
      { previous_address: "aws_s3_bucket.old" },
      { action: "move", from: "aws_s3_bucket.old" },
    ],
    ["a future action terraform may add", ["forget"], { before: { a: 1 } }, {}, { action: "forget" }],
  ])("reports %s", (_what, actions, values, extra, expected) => {
    const plan = { resource_changes: [resourceChange("aws_s3_bucket.logs", actions, values, extra)] };
    expect(changesOf(plan)).toEqual([{ address: "aws_s3_bucket.logs", ...expected }]);
  });

  it.each([
    ["a no-op resource", resourceChange("aws_vpc.main", ["no-op"], { before: { a: 1 }, after: { a: 1 } })],
    ["a data source read at every plan", resourceChange("data.aws_caller_identity.current", ["read"])],
    ["a data source inside a module", resourceChange("module.net.data.aws_region.current", ["read"])],
    ["an entry with no actions", resourceChange("aws_vpc.main", [])],
  ])("leaves out %s", (_what, change) => {
    expect(changesOf({ resource_changes: [change] })).toEqual([]);
  });

  it("reports outputs that would change, as output.<name>", () => {
    const plan = {
      output_changes: {
        vpc_id: { actions: ["no-op"] },
        subnet_ids: { actions: ["update"] },
        new_one: { actions: ["create"] },
      },
    };
    expect(changesOf(plan)).toEqual([
      { address: "output.subnet_ids", action: "update" },
      { address: "output.new_one", action: "create" },
    ]);
  });

  it("keeps the plan's order and reads an empty plan as no change", () => {
    const plan = {
      resource_changes: [
        resourceChange("aws_b.second", ["create"], { after: {} }),
        resourceChange("aws_a.first", ["delete"], { before: {} }),
      ],
    };
    expect(changesOf(plan).map((c) => c.address)).toEqual(["aws_b.second", "aws_a.first"]);
    expect(changesOf({})).toEqual([]);
  });
});

import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { PostgresDatabase } from "../../../modules/rds/postgres-database";
import { Vpc } from "../../../modules/vpc/vpc";
import { ModuleTree, moduleTree } from "../../../scripts/diagram/tree";
import { group, httpAlb, node } from "./fixtures";

function treeOf(build: (scope: Construct) => void): ModuleTree {
  const stack = new TerraformStack(Testing.app(), "fixture");
  build(stack);
  return moduleTree(stack);
}

const summary = (tree: ModuleTree) => tree.nodes.map((n) => `${n.tier} ${n.key} ${n.kind}`);

describe("moduleTree", () => {
  it("makes each top-level module a node, labelled by id and class, sorted by tier then key", () => {
    const tree = treeOf((scope) => {
      new PostgresDatabase(scope, "orders-db", {
        identifier: "acme-orders",
        databaseName: "orders",
        vpcId: "vpc-0123",
        subnetIds: ["subnet-a", "subnet-b"],
      });
      httpAlb(scope, "alb");
      group(scope, "bastion");
    });
    expect(summary(tree)).toEqual([
      "edge alb Alb",
      "data orders-db PostgresDatabase",
      "network bastion SecurityGroup",
    ]);
    expect(tree.node("alb")).toMatchObject({ name: "alb", path: "fixture/alb" });
  });

  it("folds a module's own modules into it (the ALB's security group is not a node of its own)", () => {
    const tree = treeOf((scope) => httpAlb(scope, "alb"));
    expect(summary(tree)).toEqual(["edge alb Alb"]);
    expect(tree.ownerOf("fixture/alb/security-group/group")?.key).toBe("alb");
  });

  it("looks through plain constructs to the modules inside them", () => {
    const tree = treeOf((scope) => group(new Construct(scope, "grouping"), "inner"));
    expect(summary(tree)).toEqual(["network grouping/inner SecurityGroup"]);
  });

  it("keeps a nested module marked ownNode as a node, and resources go to the nearest node", () => {
    const tree = treeOf(
      (scope) =>
        new Vpc(scope, "vpc", {
          name: "acme-dev",
          cidr: "10.20.0.0/16",
          availabilityZones: ["ap-northeast-2a", "ap-northeast-2c"],
          natMode: "instance",
        }),
    );
    expect(summary(tree)).toEqual([
      "network vpc Vpc",
      "network vpc/nat-instance NatInstance",
      "ops vpc/flow-log VpcFlowLog",
    ]);
    expect(tree.ownerOf("fixture/vpc/nat-instance/instance-security-group/group")?.key).toBe(
      "vpc/nat-instance",
    );
    expect(tree.ownerOf("fixture/vpc/flow-log/role/role")?.key).toBe("vpc/flow-log");
    expect(tree.ownerOf("fixture/vpc/vpc")?.key).toBe("vpc");
  });

  it.each([
    ["the node itself", "fixture/web", "web"],
    ["a descendant", "fixture/web/security-group/group", "web"],
    ["a sibling whose name starts alike", "fixture/web-api/group", "web-api"],
    ["a resource outside every node", "fixture/aws-context/account", undefined],
  ])("ownerOf %s", (_what, path, owner) => {
    const tree = new ModuleTree([
      node("web", "Alb", "edge"),
      node("web-api", "AutoscaledService", "compute"),
    ]);
    expect(tree.ownerOf(path)?.key).toBe(owner);
  });
});

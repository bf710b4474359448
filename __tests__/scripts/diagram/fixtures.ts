import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { Alb } from "../../../modules/alb/alb";
import { SecurityGroup, SecurityGroupProps } from "../../../modules/network/security-group";
import { ModuleNode, StackDiagram, Tier } from "../../../scripts/diagram/model";
import { StackJson } from "../../../scripts/diagram/resources";
import { diagramOf } from "../../../scripts/diagram/stack-diagram";

/** A tiny stack built from real modules, synthesized, and drawn. */
export function diagramOfScope(build: (scope: Construct) => void): StackDiagram {
  const app = Testing.app();
  const stack = new TerraformStack(app, "fixture");
  build(stack);
  return diagramOf(stack, JSON.parse(Testing.synth(stack)) as StackJson);
}

export function group(scope: Construct, id: string, props: Partial<SecurityGroupProps> = {}): SecurityGroup {
  return new SecurityGroup(scope, id, { vpcId: "vpc-0123", name: id, description: `group ${id}`, ...props });
}

/** An internet-facing plain-HTTP ALB without access logs (fewest resources that still make sense). */
export function httpAlb(scope: Construct, id = "alb", overrides: { internal?: boolean } = {}): Alb {
  return new Alb(scope, id, {
    name: `acme-${id}`,
    vpcId: "vpc-0123",
    subnetIds: ["subnet-a", "subnet-b"],
    allowPlainHttp: true,
    accessLogs: false,
    deletionProtection: false,
    ...(overrides.internal ? { internal: true, ingressCidrs: ["0.0.0.0/0"] } : {}),
  });
}

/** A module node for hand-made trees. */
export function node(key: string, kind: string, tier: Tier, stack = "fixture"): ModuleNode {
  return { key, path: `${stack}/${key}`, name: key.split("/").pop()!, kind, tier };
}

/** `//.metadata.path` as cdktf writes it, for hand-made stack JSON. */
export function at(path: string): { "//": { metadata: { path: string } } } {
  return { "//": { metadata: { path: `fixture/${path}` } } };
}

/** The edges of a diagram as `from -> to: labels` (dashed `-.->` for flows), in diagram order. */
export function edgeLines(diagram: StackDiagram): string[] {
  return diagram.edges.map(
    (e) => `${e.from} ${e.kind === "flow" ? "-.->" : "->"} ${e.to}: ${e.labels.join(", ")}`,
  );
}

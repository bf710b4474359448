import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST } from "../../modules/alb/alb";
import { EdgeSet, Endpoint } from "./edge-set";
import { ExternalNode, INTERNET, ModuleNode } from "./model";
import { portLabel } from "./port-labels";
import { StackResources, SynthesizedResource, referencesIn } from "./resources";
import { ModuleTree } from "./tree";

const WORLD = new Set(["0.0.0.0/0", "::/0"]);

/**
 * The edges `Connections` made (modules/network/connections.ts): every
 * `aws_vpc_security_group_ingress_rule`, drawn from its source to the module owning the group it
 * opens, labelled with its protocol and ports. Sources: another module's group, a CIDR (the world
 * is the internet, unless the group belongs to an internal load balancer), or a managed prefix list
 * (CloudFront's origin-facing list is the stack's CloudFront distribution).
 */
export function addConnectionEdges(resources: StackResources, tree: ModuleTree, edges: EdgeSet): void {
  const context = { resources, tree };
  for (const rule of resources.ofType("aws_vpc_security_group_ingress_rule")) {
    const target = groupOwner(context, rule.attrs.security_group_id);
    if (!target) continue;
    const label = portLabel(rule.attrs);
    for (const source of sourcesOf(context, rule, target)) edges.add(source, target.key, "connection", label);
  }
}

interface Context {
  readonly resources: StackResources;
  readonly tree: ModuleTree;
}

function sourcesOf(context: Context, rule: SynthesizedResource, target: ModuleNode): Endpoint[] {
  const {
    referenced_security_group_id: group,
    cidr_ipv4: v4,
    cidr_ipv6: v6,
    prefix_list_id: list,
  } = rule.attrs;
  if (group !== undefined) return [groupSource(context, group)];
  const cidr = v4 ?? v6;
  if (cidr !== undefined) return [cidrSource(context, String(cidr), target)];
  if (list !== undefined) return prefixListSources(context, list, target);
  return [];
}

function groupOwner(context: Context, value: unknown): ModuleNode | undefined {
  const group = context.resources.referenced(value).find((r) => r.type === "aws_security_group");
  return group?.path ? context.tree.ownerOf(group.path) : undefined;
}

function groupSource(context: Context, value: unknown): Endpoint {
  const owner = groupOwner(context, value);
  if (owner) return owner.key;
  const text = describe(value);
  return { key: `security-group:${text}`, label: `security group ${text}`, kind: "security-group" };
}

function cidrSource(context: Context, cidr: string, target: ModuleNode): Endpoint {
  if (WORLD.has(cidr) && !ownsInternalLoadBalancer(context, target)) return INTERNET;
  const text = describe(cidr);
  return { key: `cidr:${text}`, label: text, kind: "cidr" };
}

/** An internal ALB admitting 0.0.0.0/0 is still reachable only from inside the VPC. */
function ownsInternalLoadBalancer(context: Context, node: ModuleNode): boolean {
  return context.resources
    .ofType("aws_lb")
    .some((lb) => lb.path && context.tree.ownerOf(lb.path) === node && String(lb.attrs.internal) === "true");
}

function prefixListSources(context: Context, value: unknown, target: ModuleNode): Endpoint[] {
  const lookup = context.resources.referenced(value).find((r) => r.type === "aws_ec2_managed_prefix_list");
  const name = typeof lookup?.attrs.name === "string" ? lookup.attrs.name : undefined;
  if (name === CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST) return cloudFrontSources(context, target);
  const text = name ?? describe(value);
  return [{ key: `prefix-list:${text}`, label: `prefix list ${text}`, kind: "prefix-list" }];
}

/**
 * The distributions of this stack with an origin in `target` (else every distribution of the
 * stack): CloudFront's addresses reach the target on their behalf. With none, CloudFront at large.
 */
function cloudFrontSources(context: Context, target: ModuleNode): Endpoint[] {
  const owned = context.resources.ofType("aws_cloudfront_distribution").flatMap((d) => {
    const owner = d.path ? context.tree.ownerOf(d.path) : undefined;
    return owner ? [{ owner, distribution: d }] : [];
  });
  const serving = owned.filter(({ distribution }) =>
    context.resources
      .referenced(distribution.attrs.origin)
      .some((r) => r.path && context.tree.ownerOf(r.path) === target),
  );
  const chosen = (serving.length > 0 ? serving : owned).map(({ owner }) => owner.key);
  const cloudFront: ExternalNode = { key: "cloudfront", label: "CloudFront", kind: "cloudfront" };
  return chosen.length > 0 ? [...new Set(chosen)] : [cloudFront];
}

/**
 * Readable text for a value from another stack or a literal: `${data.terraform_remote_state.network
 * .outputs.vpc_cidr}` reads `network.outputs.vpc_cidr`, `sg-0abc` stays itself.
 */
function describe(value: unknown): string {
  const text = String(value);
  const refs = referencesIn(text);
  if (refs.length === 0) return text;
  return refs
    .map(
      (r) =>
        `${r.address.replace(/^data\.terraform_remote_state\./, "").replace(/^data\./, "")}.${r.attribute}`,
    )
    .join(" ");
}

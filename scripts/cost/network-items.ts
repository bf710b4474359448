import { EstimateContext, Estimator } from "./context";
import { LineItem, hours, lineItem, perUnit } from "./line-item";
import { HOURS_PER_MONTH, Pricer } from "./prices";
import { Resource, Stack, blocks, booleanOf, instancesOf, referencesIn, stringOf } from "./terraform-json";

/**
 * NAT gateways, public IPv4 addresses, load balancers and interface endpoints: what a VPC costs
 * while nothing flows through it.
 *
 * Public IPv4: every address AWS hands out is billed by the hour, attached or not. Counted here:
 * each aws_eip (a NAT gateway's included), a public NAT gateway whose address is not an aws_eip of
 * this stack, and one address per subnet (AZ) of an internet-facing load balancer — AWS gives such
 * a load balancer one public address per AZ it is enabled in; more while it scales out is usage.
 * Instances with associate_public_ip_address are counted with the instances (compute-items.ts).
 */

export const IPV4_KEY = "vpc.public_ipv4.hour";
const NAT_KEY = "vpc.nat_gateway.hour";

export const networkEstimator: Estimator = {
  types: ["aws_nat_gateway", "aws_eip", "aws_lb", "aws_alb", "aws_vpc_endpoint"],
  estimate(ctx) {
    natGateways(ctx);
    elasticIps(ctx);
    loadBalancers(ctx);
    vpcEndpoints(ctx);
  },
};

function natGateways({ stack, pricer, out }: EstimateContext): void {
  for (const nat of stack.resources("aws_nat_gateway")) {
    const { count, note } = instancesOf(nat);
    out.note(note);
    out.usage.add("nat-data");
    out.usage.add("data-transfer");
    const n = count > 1 ? `${count} × ` : "";
    out.add(
      lineItem(pricer, {
        label: "NAT gateway",
        resource: nat.label,
        detail: `${n}${HOURS_PER_MONTH} h × ${perUnit(pricer, NAT_KEY, "h")}`,
        charges: [{ priceKey: NAT_KEY, quantity: count * HOURS_PER_MONTH }],
      }),
    );
    if (nat.attrs.connectivity_type === "private") continue;
    const allocations = [nat.attrs.allocation_id, ...asList(nat.attrs.secondary_allocation_ids)];
    const outside = allocations.filter((a) => a !== undefined && !stack.resolve(a, "aws_eip")).length;
    const missing = nat.attrs.allocation_id === undefined ? 1 : 0;
    if (outside + missing > 0) {
      out.add(
        ipv4Item(
          pricer,
          nat.label,
          count * (outside + missing),
          "the NAT gateway's address (not an aws_eip of this stack)",
        ),
      );
    }
  }
}

function elasticIps({ stack, pricer, out }: EstimateContext): void {
  for (const eip of stack.resources("aws_eip")) {
    const { count, note } = instancesOf(eip);
    out.note(note);
    out.add(ipv4Item(pricer, eip.label, count, `Elastic IP${usedBy(stack, eip)}`));
  }
}

/** " of vpc/nat-gateway-0" when a NAT gateway, instance or association in the stack uses the address. */
function usedBy(stack: Stack, eip: Resource): string {
  const users = [...stack.resources("aws_nat_gateway"), ...stack.resources("aws_eip_association")]
    .filter((r) => referencesIn(r.attrs).some((ref) => ref.type === "aws_eip" && ref.name === eip.name))
    .map((r) => r.label);
  const instance = stack.resolve(eip.attrs.instance, "aws_instance");
  if (instance) users.push(instance.label);
  return users.length > 0 ? ` of ${users.join(", ")}` : " (not used by this stack)";
}

/**
 * Names of the aws_instance resources an aws_eip or aws_eip_association gives an address: theirs is
 * counted with the Elastic IP, not again as the instance's own public address.
 */
export function instancesWithElasticIp(stack: Stack): Set<string> {
  const refs = [
    ...stack.resources("aws_eip").map((e) => e.attrs.instance),
    ...stack.resources("aws_eip_association").map((a) => a.attrs.instance_id),
  ];
  return new Set(
    refs.flatMap((r) =>
      referencesIn(r)
        .filter((ref) => ref.type === "aws_instance")
        .map((ref) => ref.name),
    ),
  );
}

function loadBalancers({ stack, pricer, out }: EstimateContext): void {
  for (const lb of [...stack.resources("aws_lb"), ...stack.resources("aws_alb")]) {
    const { count, note } = instancesOf(lb);
    out.note(note);
    const type = stringOf(lb.attrs.load_balancer_type) ?? "application";
    const key = `elb.${type}.hour`;
    out.usage.add("lb-lcu");
    out.usage.add("data-transfer");
    out.add(
      lineItem(pricer, {
        label: type === "application" ? "Application Load Balancer" : `Load balancer (${type})`,
        resource: lb.label,
        detail: `${count > 1 ? `${count} × ` : ""}${HOURS_PER_MONTH} h × ${perUnit(pricer, key, "h")}; LCUs are usage`,
        charges: [{ priceKey: key, quantity: count * HOURS_PER_MONTH }],
      }),
    );
    if (booleanOf(lb.attrs.internal) === true) continue;
    const azs = subnetCount(lb.attrs.subnets, lb.attrs.subnet_mapping);
    out.note(azs.note && `${lb.label}: ${azs.note}`);
    out.add(
      ipv4Item(
        pricer,
        lb.label,
        count * azs.count,
        `internet-facing: one address per AZ (${azs.count} subnets)`,
      ),
    );
  }
}

function vpcEndpoints({ stack, pricer, out }: EstimateContext): void {
  for (const endpoint of stack.resources("aws_vpc_endpoint")) {
    const type = stringOf(endpoint.attrs.vpc_endpoint_type) ?? "Gateway";
    if (type === "Gateway") continue; // S3 and DynamoDB gateway endpoints cost nothing
    const { count, note } = instancesOf(endpoint);
    out.note(note);
    const key =
      type === "Interface" ? "vpc.interface_endpoint.hour" : `vpc.${type.toLowerCase()}_endpoint.hour`;
    const azs = subnetCount(endpoint.attrs.subnet_ids, undefined);
    out.note(azs.note && `${endpoint.label}: ${azs.note}`);
    const quantity = count * azs.count * HOURS_PER_MONTH;
    out.usage.add("data-transfer");
    out.add(
      lineItem(pricer, {
        label: `VPC endpoint (${type})`,
        resource: endpoint.label,
        detail: `${count * azs.count} AZ × ${HOURS_PER_MONTH} h × ${perUnit(pricer, key, "h")}; data processed is usage`,
        charges: [{ priceKey: key, quantity }],
      }),
    );
  }
}

/** `count` public IPv4 addresses around the clock. */
export function ipv4Item(pricer: Pricer, resource: string, count: number, why: string): LineItem {
  return lineItem(pricer, {
    label: "public IPv4 address",
    resource,
    detail: `${why}: ${count} × ${hours(HOURS_PER_MONTH)} h × ${perUnit(pricer, IPV4_KEY, "h")}`,
    charges: [{ priceKey: IPV4_KEY, quantity: count * HOURS_PER_MONTH }],
  });
}

/** Subnets of a load balancer or endpoint; an expression counts as 2, the fewest an ALB takes. */
function subnetCount(subnets: unknown, mappings: unknown): { count: number; note?: string } {
  if (Array.isArray(subnets)) return { count: subnets.length };
  const mapped = blocks(mappings);
  if (mapped.length > 0) return { count: mapped.length };
  return { count: 2, note: "subnets are an expression; assumed 2 AZs" };
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

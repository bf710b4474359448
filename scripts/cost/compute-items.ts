import { GroupRun, groupRunOf } from "./autoscaling-schedules";
import { EstimateContext, Estimator } from "./context";
import { WEEKS_PER_MONTH } from "./cron";
import { hours, lineItem, perUnit, unpricedItem } from "./line-item";
import { IPV4_KEY, instancesWithElasticIp, ipv4Item } from "./network-items";
import { HOURS_PER_MONTH } from "./prices";
import {
  Attributes,
  Resource,
  Stack,
  block,
  blocks,
  booleanOf,
  instancesOf,
  numberOf,
  stringOf,
} from "./terraform-json";

/**
 * EC2 instances (aws_instance, and the instances an aws_autoscaling_group keeps from its launch
 * template — a NAT instance and a GPU model server are such groups), their EBS volumes and public
 * addresses, and stand-alone aws_ebs_volume. Instances are Linux, on-demand around the clock, except
 * a group that scheduled actions (aws_autoscaling_schedule) size, which runs the hours they leave it
 * running, and a group whose mixed-instances policy puts instances on Spot, priced at the Spot rate.
 * A group's volumes exist as long as its instances do.
 */

/** A root volume's size comes from the AMI when the template does not set it. */
const ROOT_VOLUME_ASSUMED = { sizeGb: 8, type: "gp3" } as const;

export const computeEstimator: Estimator = {
  types: ["aws_instance", "aws_autoscaling_group", "aws_ebs_volume"],
  estimate(ctx) {
    const withEip = instancesWithElasticIp(ctx.stack);
    for (const instance of ctx.stack.resources("aws_instance")) {
      const { count, note } = instancesOf(instance);
      ctx.out.note(note);
      instanceItems(
        ctx,
        instance.label,
        count,
        "aws_instance",
        instanceShapeOf(instance.attrs),
        !withEip.has(instance.name),
      );
    }
    for (const group of ctx.stack.resources("aws_autoscaling_group")) autoscalingGroup(ctx, group);
    for (const volume of ctx.stack.resources("aws_ebs_volume")) {
      const { count, note } = instancesOf(volume);
      ctx.out.note(note);
      const size = numberOf(volume.attrs.size);
      const type = stringOf(volume.attrs.type) ?? "gp2";
      if (size === undefined) {
        ctx.out.add(
          unpricedItem({
            label: `EBS ${type}`,
            resource: volume.label,
            detail: "size unknown",
            reason: "size is not set (from a snapshot?)",
          }),
        );
        continue;
      }
      ctx.out.add(
        ebsItem(ctx, volume.label, count * size, type, `${count > 1 ? `${count} × ` : ""}${size} GB`),
      );
    }
  },
};

interface InstanceShape {
  readonly instanceType?: string;
  readonly volumes: readonly { sizeGb: number; type: string; assumed: boolean }[];
  readonly publicIp: boolean;
  readonly spot: boolean;
  /** One-minute CloudWatch metrics: billed per metric, not estimated. */
  readonly detailedMonitoring: boolean;
}

function instanceShapeOf(attrs: Attributes): InstanceShape {
  const root = block(attrs.root_block_device);
  const extra = blocks(attrs.ebs_block_device).map((d) => volumeOf(d.volume_size, d.volume_type));
  return {
    instanceType: stringOf(attrs.instance_type),
    volumes: [volumeOf(root?.volume_size, root?.volume_type), ...extra],
    publicIp: booleanOf(attrs.associate_public_ip_address) === true,
    spot: attrs.instance_market_options !== undefined,
    detailedMonitoring: booleanOf(attrs.monitoring) === true,
  };
}

/** A launch template's instance: type, EBS block devices (root assumed when none), public address. */
function templateShapeOf(template: Attributes, overrideType?: string): InstanceShape {
  const devices = blocks(template.block_device_mappings)
    .map((m) => block(m.ebs))
    .filter((e) => e !== undefined);
  return {
    instanceType: overrideType ?? stringOf(template.instance_type),
    volumes:
      devices.length > 0
        ? devices.map((e) => volumeOf(e.volume_size, e.volume_type))
        : [volumeOf(undefined, undefined)],
    publicIp: blocks(template.network_interfaces).some(
      (n) => booleanOf(n.associate_public_ip_address) === true,
    ),
    spot: template.instance_market_options !== undefined,
    detailedMonitoring: booleanOf(block(template.monitoring)?.enabled) === true,
  };
}

function volumeOf(size: unknown, type: unknown) {
  const sizeGb = numberOf(size);
  return sizeGb === undefined
    ? { sizeGb: ROOT_VOLUME_ASSUMED.sizeGb, type: stringOf(type) ?? ROOT_VOLUME_ASSUMED.type, assumed: true }
    : { sizeGb, type: stringOf(type) ?? "gp3", assumed: false };
}

function autoscalingGroup(ctx: EstimateContext, group: Resource): void {
  const desired = numberOf(group.attrs.desired_capacity);
  const min = numberOf(group.attrs.min_size) ?? 0;
  const count = desired ?? min;
  const why = desired !== undefined ? `desired_capacity ${desired}` : `min_size ${min} (no desired_capacity)`;
  const template = launchTemplateOf(ctx.stack, group);
  if (!template) {
    ctx.out.add(
      unpricedItem({
        label: "EC2 (autoscaling group)",
        resource: group.label,
        detail: why,
        reason: "its launch template or launch configuration is not a resource of this stack",
      }),
    );
    return;
  }
  const run = groupRunOf(ctx.stack, group, count, `autoscaling group, ${why}`);
  for (const note of run.notes) ctx.out.note(`${group.label}: ${note}`);
  const market = marketOf(group);
  if (!run.scheduled && market.spotShare(count) === 0) {
    instanceItems(ctx, group.label, count, `autoscaling group, ${why}`, template, true);
    return;
  }
  scheduledOrSpotItems(ctx, group.label, template, run, market);
}

function launchTemplateOf(stack: Stack, group: Resource): InstanceShape | undefined {
  const mixed = block(block(group.attrs.mixed_instances_policy)?.launch_template);
  const spec = block(group.attrs.launch_template) ?? block(mixed?.launch_template_specification);
  const override = stringOf(blocks(mixed?.override)[0]?.instance_type);
  const ref = spec?.id ?? spec?.name ?? spec?.launch_template_id ?? spec?.launch_template_name;
  const template = ref === undefined ? undefined : stack.resolve(ref, "aws_launch_template");
  if (template) return templateShapeOf(template.attrs, override);
  const config = stack.resolve(group.attrs.launch_configuration, "aws_launch_configuration");
  return config ? instanceShapeOf(config.attrs) : undefined;
}

/** How a group splits its instances between on-demand and Spot (mixed_instances_policy). */
interface Market {
  /** Instances on Spot when the group runs `size`. */
  spotShare(size: number): number;
  readonly strategy?: string;
  /** Instance types past the first that the group may launch (priced as the first). */
  readonly otherTypes: readonly string[];
}

function marketOf(group: Resource): Market {
  const mixed = block(group.attrs.mixed_instances_policy);
  if (!mixed) return { spotShare: () => 0, otherTypes: [] };
  const distribution = block(mixed.instances_distribution);
  // AWS's defaults: no on-demand base, and 100 % on-demand above it.
  const base = numberOf(distribution?.on_demand_base_capacity) ?? 0;
  const percent = numberOf(distribution?.on_demand_percentage_above_base_capacity) ?? 100;
  const overrides = blocks(block(mixed.launch_template)?.override)
    .map((o) => stringOf(o.instance_type))
    .filter((t): t is string => t !== undefined);
  return {
    spotShare: (size) => Math.max(size - base, 0) * (1 - percent / 100),
    strategy: stringOf(distribution?.spot_allocation_strategy) ?? "lowest-price",
    otherTypes: overrides.slice(1),
  };
}

/**
 * A group whose size follows scheduled actions, or whose mixed-instances policy runs Spot: one line
 * per market with the instance-hours of each, and its volumes (and public addresses) for exactly the
 * hours instances exist.
 */
function scheduledOrSpotItems(
  ctx: EstimateContext,
  resource: string,
  shape: InstanceShape,
  run: GroupRun,
  market: Market,
): void {
  const { pricer, out } = ctx;
  if (!shape.instanceType) {
    out.add(
      unpricedItem({ label: "EC2 instance", resource, detail: run.detail, reason: "no instance_type" }),
    );
    return;
  }
  out.usage.add("data-transfer");
  let spotHours = 0;
  for (const [size, minutes] of run.minutesBySize) {
    spotHours += market.spotShare(size) * (minutes / 60) * WEEKS_PER_MONTH;
  }
  const onDemandHours = run.instanceHours - spotHours;
  if (market.otherTypes.length > 0) {
    out.note(
      `${resource}: may also launch ${market.otherTypes.join(", ")}; priced as ${shape.instanceType}, the first type`,
    );
  }
  const markets = [
    { hours: onDemandHours, key: `ec2.linux:${shape.instanceType}`, label: "", what: "on-demand" },
    {
      hours: spotHours,
      key: `ec2_spot.linux:${shape.instanceType}`,
      label: " (Spot)",
      what: `Spot (${market.strategy})`,
    },
  ];
  for (const m of markets.filter((m, i) => m.hours > 0 || (i === 0 && spotHours === 0))) {
    const share = m.hours === run.instanceHours ? "" : ` of ${hours(run.instanceHours)} instance-h`;
    out.add(
      lineItem(pricer, {
        label: `EC2 ${shape.instanceType}${m.label}`,
        resource,
        detail: `${m.what}, ${run.detail}: ${hours(m.hours)} instance-h${share} × ${perUnit(pricer, m.key, "h")}`,
        charges: [{ priceKey: m.key, quantity: m.hours }],
      }),
    );
  }
  if (spotHours > 0)
    out.note(`${resource}: Spot prices move with spare capacity, by AZ and hour; the table's is an average`);
  if (shape.detailedMonitoring)
    out.note(`${resource}: detailed monitoring (per-metric CloudWatch charge) not estimated`);
  const fraction = run.instanceHours / HOURS_PER_MONTH;
  for (const volume of shape.volumes) {
    const size = `${volume.sizeGb} GB${volume.assumed ? " (size from the AMI; assumed)" : ""} × ${hours(run.instanceHours)} instance-h / ${HOURS_PER_MONTH} h (deleted with its instance)`;
    out.add(ebsItem(ctx, resource, fraction * volume.sizeGb, volume.type, size));
  }
  if (shape.publicIp && run.instanceHours > 0) {
    out.add(
      lineItem(pricer, {
        label: "public IPv4 address",
        resource,
        detail: `associate_public_ip_address: ${hours(run.instanceHours)} instance-h × ${perUnit(pricer, IPV4_KEY, "h")}`,
        charges: [{ priceKey: IPV4_KEY, quantity: run.instanceHours }],
      }),
    );
  }
}

function instanceItems(
  ctx: EstimateContext,
  resource: string,
  count: number,
  why: string,
  shape: InstanceShape,
  countPublicIp: boolean,
): void {
  const { pricer, out } = ctx;
  if (!shape.instanceType) {
    out.add(unpricedItem({ label: "EC2 instance", resource, detail: why, reason: "no instance_type" }));
    return;
  }
  const key = `ec2.linux:${shape.instanceType}`;
  if (shape.spot) out.note(`${resource}: Spot instance market options; priced at the on-demand rate`);
  if (shape.detailedMonitoring)
    out.note(`${resource}: detailed monitoring (per-metric CloudWatch charge) not estimated`);
  out.usage.add("data-transfer");
  out.add(
    lineItem(pricer, {
      label: `EC2 ${shape.instanceType}`,
      resource,
      detail: `${why}: ${count} × ${hours(HOURS_PER_MONTH)} h × ${perUnit(pricer, key, "h")}`,
      charges: [{ priceKey: key, quantity: count * HOURS_PER_MONTH }],
    }),
  );
  for (const volume of shape.volumes) {
    const size = `${count > 1 ? `${count} × ` : ""}${volume.sizeGb} GB${volume.assumed ? " (size from the AMI; assumed)" : ""}`;
    out.add(ebsItem(ctx, resource, count * volume.sizeGb, volume.type, size));
  }
  if (shape.publicIp && countPublicIp && count > 0) {
    out.add(ipv4Item(pricer, resource, count, "associate_public_ip_address"));
  }
}

function ebsItem(ctx: EstimateContext, resource: string, gb: number, type: string, what: string) {
  const key = `ebs.${type}`;
  return lineItem(ctx.pricer, {
    label: `EBS ${type}`,
    resource,
    detail: `${what} × ${perUnit(ctx.pricer, key, "GB-month")}`,
    charges: [{ priceKey: key, quantity: gb }],
  });
}

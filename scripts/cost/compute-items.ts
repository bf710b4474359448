import { EstimateContext, Estimator } from "./context";
import { hours, lineItem, perUnit, unpricedItem } from "./line-item";
import { instancesWithElasticIp, ipv4Item } from "./network-items";
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
 * template — a NAT instance is one of those), their EBS volumes and public addresses, and
 * stand-alone aws_ebs_volume. Instances are Linux on-demand around the clock.
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
  instanceItems(ctx, group.label, count, `autoscaling group, ${why}`, template, true);
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

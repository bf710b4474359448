import { EstimateContext, Estimator } from "./context";
import { hours, lineItem, perUnit, unpricedItem } from "./line-item";
import { HOURS_PER_MONTH } from "./prices";
import { Resource, block, booleanOf, instancesOf, numberOf, stringOf } from "./terraform-json";

/**
 * RDS instances, ElastiCache nodes and MSK brokers, by instance class and count, and MSK Serverless
 * clusters by the hour. Multi-AZ RDS pays for the standby too: twice the instance hours and twice the
 * storage. An RDS instance a scaler starts and stops (DB_INSTANCE_ID, schedules.ts) pays instance
 * hours only in its window; its storage is billed all month, stopped or not.
 */

export const databaseEstimator: Estimator = {
  types: [
    "aws_db_instance",
    "aws_elasticache_cluster",
    "aws_elasticache_replication_group",
    "aws_msk_cluster",
    "aws_msk_serverless_cluster",
  ],
  estimate(ctx) {
    for (const db of ctx.stack.resources("aws_db_instance")) rdsInstance(ctx, db);
    for (const cluster of ctx.stack.resources("aws_elasticache_cluster")) {
      if (cluster.attrs.replication_group_id !== undefined) continue; // a member: counted with its group
      cacheNodes(ctx, cluster, numberOf(cluster.attrs.num_cache_nodes) ?? 1);
    }
    for (const group of ctx.stack.resources("aws_elasticache_replication_group")) {
      const shards = numberOf(group.attrs.num_node_groups);
      const nodes =
        numberOf(group.attrs.num_cache_clusters) ??
        (shards ?? 1) * ((numberOf(group.attrs.replicas_per_node_group) ?? 0) + 1);
      cacheNodes(ctx, group, nodes);
    }
    for (const cluster of ctx.stack.resources("aws_msk_cluster")) mskCluster(ctx, cluster);
    for (const cluster of ctx.stack.resources("aws_msk_serverless_cluster"))
      mskServerlessCluster(ctx, cluster);
  },
};

function rdsInstance(ctx: EstimateContext, db: Resource): void {
  const { pricer, out, schedules } = ctx;
  const { count, note } = instancesOf(db);
  out.note(note);
  const id = stringOf(db.attrs.identifier) ?? db.label;
  const instanceClass = stringOf(db.attrs.instance_class);
  const engine = stringOf(db.attrs.engine) ?? "unknown engine";
  const multiAz = booleanOf(db.attrs.multi_az) === true;
  const copies = count * (multiAz ? 2 : 1);
  const azText = multiAz ? "Multi-AZ: primary + standby" : "single-AZ";
  const window = schedules.databases.get(db.name);
  window?.notes.forEach((n) => out.note(`${id}: ${n}`));
  if (window) out.usage.add("on-demand-manual");
  out.usage.add("rds-usage");
  if ((numberOf(db.attrs.monitoring_interval) ?? 0) > 0 || db.attrs.enabled_cloudwatch_logs_exports) {
    out.usage.add("logs");
  }

  if (!instanceClass) {
    out.add(
      unpricedItem({ label: "RDS instance", resource: db.label, detail: id, reason: "no instance_class" }),
    );
  } else {
    const key = `rds.${engine}:${instanceClass}`;
    const instanceHours = window?.hoursPerMonth ?? HOURS_PER_MONTH;
    const when = window ? ` (on demand, ${window.detail})` : "";
    out.add(
      lineItem(pricer, {
        label: `RDS ${instanceClass} (${engine})`,
        resource: db.label,
        detail: `${azText}: ${copies} × ${hours(instanceHours)} h${when} × ${perUnit(pricer, key, "h")}`,
        charges: [{ priceKey: key, quantity: copies * instanceHours }],
      }),
    );
  }

  const size = numberOf(db.attrs.allocated_storage);
  const type = stringOf(db.attrs.storage_type) ?? (db.attrs.iops !== undefined ? "io1" : "gp2");
  if (size === undefined) {
    if (db.attrs.replicate_source_db === undefined)
      out.note(`${id}: allocated_storage not set; storage not estimated`);
    return;
  }
  const storageKey = `rds.storage.${type}`;
  out.add(
    lineItem(pricer, {
      label: `RDS storage ${type}`,
      resource: db.label,
      detail:
        `${copies > 1 ? `${copies} × ` : ""}${size} GB${multiAz ? " (standby has its own copy)" : ""}, all month` +
        `${window ? " (billed while stopped)" : ""} × ${perUnit(pricer, storageKey, "GB-month")}`,
      charges: [{ priceKey: storageKey, quantity: copies * size }],
    }),
  );
  const iops = numberOf(db.attrs.iops);
  if (iops !== undefined && (type !== "gp3" || size >= 400)) {
    out.note(`${id}: ${iops} provisioned IOPS are not estimated`);
  }
}

function cacheNodes(ctx: EstimateContext, resource: Resource, nodes: number): void {
  const { pricer, out } = ctx;
  const { count, note } = instancesOf(resource);
  out.note(note);
  const nodeType = stringOf(resource.attrs.node_type);
  const engine = stringOf(resource.attrs.engine) ?? "redis";
  // Memcached and Redis OSS nodes cost the same; Valkey nodes have their own, lower rate.
  const family = engine === "valkey" ? "valkey" : "redis";
  if (!nodeType) {
    out.add(
      unpricedItem({
        label: "ElastiCache",
        resource: resource.label,
        detail: engine,
        reason: "no node_type",
      }),
    );
    return;
  }
  const key = `elasticache.${family}:${nodeType}`;
  const total = count * nodes;
  out.usage.add("data-transfer");
  out.add(
    lineItem(pricer, {
      label: `ElastiCache ${nodeType} (${engine})`,
      resource: resource.label,
      detail: `${total} node${total === 1 ? "" : "s"} × ${HOURS_PER_MONTH} h × ${perUnit(pricer, key, "h")}`,
      charges: [{ priceKey: key, quantity: total * HOURS_PER_MONTH }],
    }),
  );
}

/**
 * Provisioned MSK: every broker all month at its instance type's rate, and each broker's EBS volume
 * (MSK bills the provisioned size, used or not). Storage autoscaling grows the volumes above what the
 * configuration says; that growth is usage.
 */
function mskCluster(ctx: EstimateContext, cluster: Resource): void {
  const { pricer, out, stack } = ctx;
  const { count, note } = instancesOf(cluster);
  out.note(note);
  const name = stringOf(cluster.attrs.cluster_name) ?? cluster.label;
  const nodes = block(cluster.attrs.broker_node_group_info);
  const instanceType = stringOf(nodes?.instance_type);
  const perCluster = numberOf(cluster.attrs.number_of_broker_nodes);
  const volume = numberOf(block(block(nodes?.storage_info)?.ebs_storage_info)?.volume_size);
  out.usage.add("data-transfer");
  if (!instanceType || perCluster === undefined) {
    out.add(
      unpricedItem({
        label: "MSK brokers",
        resource: cluster.label,
        detail: name,
        reason: instanceType ? "no number_of_broker_nodes" : "no instance_type",
      }),
    );
    return;
  }
  const brokers = count * perCluster;
  const key = `msk.broker:${instanceType}`;
  out.add(
    lineItem(pricer, {
      label: `MSK ${instanceType}`,
      resource: cluster.label,
      detail: `${brokers} broker${brokers === 1 ? "" : "s"} × ${HOURS_PER_MONTH} h × ${perUnit(pricer, key, "h")}`,
      charges: [{ priceKey: key, quantity: brokers * HOURS_PER_MONTH }],
    }),
  );
  if (volume !== undefined) {
    out.add(
      lineItem(pricer, {
        label: "MSK storage",
        resource: cluster.label,
        detail: `${brokers} broker${brokers === 1 ? "" : "s"} × ${volume} GB × ${perUnit(pricer, "msk.storage", "GB-month")}`,
        charges: [{ priceKey: "msk.storage", quantity: brokers * volume }],
      }),
    );
  }
  const ceiling = stack
    .resources("aws_appautoscaling_target")
    .filter(
      (t) =>
        stringOf(t.attrs.service_namespace) === "kafka" &&
        stack.resolve(t.attrs.resource_id, "aws_msk_cluster")?.name === cluster.name,
    )
    .map((t) => numberOf(t.attrs.max_capacity))
    .find((max) => max !== undefined);
  if (ceiling !== undefined && volume !== undefined && ceiling > volume) {
    out.usage.add("msk-usage");
    out.note(
      `${name}: broker storage may autoscale from ${volume} to ${ceiling} GB per broker; growth above ${volume} GB is usage`,
    );
  }
  const monitoring = stringOf(cluster.attrs.enhanced_monitoring) ?? "DEFAULT";
  if (monitoring !== "DEFAULT") {
    out.note(
      `${name}: enhanced monitoring ${monitoring} adds CloudWatch metrics per broker, topic or partition, not estimated`,
    );
  }
}

/**
 * MSK Serverless: the cluster-hour all month. Partition-hours, storage and data in and out depend on
 * the topics and traffic, which the stack does not say, so they are usage.
 */
function mskServerlessCluster(ctx: EstimateContext, cluster: Resource): void {
  const { pricer, out } = ctx;
  const { count, note } = instancesOf(cluster);
  out.note(note);
  const name = stringOf(cluster.attrs.cluster_name) ?? cluster.label;
  const key = "msk.serverless.cluster_hour";
  out.usage.add("msk-usage");
  out.usage.add("data-transfer");
  out.add(
    lineItem(pricer, {
      label: "MSK Serverless cluster",
      resource: cluster.label,
      detail: `${count > 1 ? `${count} × ` : ""}${HOURS_PER_MONTH} h × ${perUnit(pricer, key, "cluster-h")}`,
      charges: [{ priceKey: key, quantity: count * HOURS_PER_MONTH }],
    }),
  );
  out.note(
    `${name}: MSK Serverless partition-hours (${perUnit(pricer, "msk.serverless.partition_hour", "partition-h")}), storage and data in/out depend on the topics and traffic and are usage`,
  );
}

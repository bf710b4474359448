import { EstimateContext, Estimator } from "./context";
import { hours, lineItem, perUnit, trimNumber, unpricedItem } from "./line-item";
import { HOURS_PER_MONTH } from "./prices";
import {
  Attributes,
  Resource,
  Stack,
  block,
  blocks,
  numberOf,
  referenceTo,
  stringOf,
} from "./terraform-json";

/**
 * Fargate services: vCPU-hours and GB-hours from the task definition's cpu/memory, at the Graviton
 * rate for ARM64 and the Spot rate for the share FARGATE_SPOT carries. How many tasks run for how
 * long: an on-demand service (schedules.ts) runs START_DESIRED_COUNT tasks inside its window; an
 * autoscaled one runs at least min_capacity all month (more is usage); any other desired_count.
 */

export const fargateEstimator: Estimator = {
  types: ["aws_ecs_service"],
  estimate(ctx) {
    for (const service of ctx.stack.resources("aws_ecs_service")) estimateService(ctx, service);
  },
};

interface Run {
  readonly tasks: number;
  readonly hours: number;
  /** Why that many for that long. */
  readonly why: string;
}

function estimateService(ctx: EstimateContext, service: Resource): void {
  const { stack, pricer, out } = ctx;
  const name = stringOf(service.attrs.name) ?? service.name;
  const launchType = stringOf(service.attrs.launch_type);
  if (launchType === "EC2" || launchType === "EXTERNAL") {
    out.note(`${name}: launch_type ${launchType}; priced with the instances it runs on`);
    return;
  }
  const task = stack.resolve(service.attrs.task_definition, "aws_ecs_task_definition");
  const vcpu = (numberOf(task?.attrs.cpu) ?? NaN) / 1024;
  const gb = (numberOf(task?.attrs.memory) ?? NaN) / 1024;
  if (!task || !Number.isFinite(vcpu) || !Number.isFinite(gb)) {
    out.add(
      unpricedItem({
        label: `Fargate ${name}`,
        resource: service.label,
        detail: "task size unknown",
        reason: task
          ? "the task definition has no task-level cpu and memory"
          : "its task definition is not an aws_ecs_task_definition of this stack",
      }),
    );
    return;
  }
  const platform = block(task.attrs.runtime_platform);
  const os = stringOf(platform?.operating_system_family) ?? "LINUX";
  const arch = stringOf(platform?.cpu_architecture) === "ARM64" ? "arm" : "x86";
  const osPrefix = os === "LINUX" ? "" : `${os.toLowerCase()}_`;

  const run = runOf(ctx, service);
  for (const [provider, tasks] of placement(stack, service, run.tasks)) {
    const spot = provider === "FARGATE_SPOT";
    if (provider !== "FARGATE" && !spot) {
      out.note(
        `${name}: ${trimNumber(tasks, 2)} task(s) on capacity provider ${provider}; priced with its instances`,
      );
      continue;
    }
    const family = `${spot ? "fargate_spot" : "fargate"}.${osPrefix}${arch}`;
    const [cpuKey, memKey] = [`${family}.vcpu_hour`, `${family}.gb_hour`];
    const taskHours = tasks * run.hours;
    out.add(
      lineItem(pricer, {
        label: `Fargate ${name}${spot ? " (Spot)" : ""}`,
        resource: service.label,
        detail:
          `${trimNumber(tasks, 2)} task${tasks === 1 ? "" : "s"} × ${hours(run.hours)} h (${run.why}) × ` +
          `(${trimNumber(vcpu)} vCPU × ${perUnit(pricer, cpuKey, "vCPU-h")} + ${trimNumber(gb)} GB × ${perUnit(pricer, memKey, "GB-h")})` +
          `${arch === "arm" ? ", ARM64 (Graviton)" : ""}`,
        charges: [
          { priceKey: cpuKey, quantity: taskHours * vcpu },
          { priceKey: memKey, quantity: taskHours * gb },
        ],
      }),
    );
  }
  const storage = numberOf(block(task.attrs.ephemeral_storage)?.size_in_gib);
  if (storage !== undefined && storage > 20) {
    out.note(`${name}: ${storage} GiB ephemeral storage; the ${storage - 20} GiB above 20 are not estimated`);
  }
}

/** Tasks and hours per month: on-demand window, autoscaling floor, or desired_count. */
function runOf({ stack, schedules, out }: EstimateContext, service: Resource): Run {
  const name = stringOf(service.attrs.name) ?? service.name;
  const scheduled = schedules.services.get(service.name);
  if (scheduled) {
    scheduled.window.notes.forEach((n) => out.note(`${name}: ${n}`));
    out.usage.add("on-demand-manual");
    return {
      tasks: scheduled.tasks,
      hours: scheduled.window.hoursPerMonth,
      why: `on demand, ${scheduled.window.detail}`,
    };
  }
  const target = stack
    .resources("aws_appautoscaling_target")
    .find(
      (t) =>
        t.attrs.service_namespace === "ecs" &&
        (referenceTo(t.attrs.resource_id, "aws_ecs_service")?.name === service.name ||
          (typeof t.attrs.resource_id === "string" && t.attrs.resource_id.endsWith(`/${name}`))),
    );
  if (target) {
    const min = numberOf(target.attrs.min_capacity) ?? 0;
    const max = numberOf(target.attrs.max_capacity);
    out.usage.add("fargate-scaling");
    return {
      tasks: min,
      hours: HOURS_PER_MONTH,
      why: `autoscaled, min_capacity ${min}${max === undefined ? "" : ` of max ${max}`}`,
    };
  }
  const desired = numberOf(service.attrs.desired_count) ?? 0;
  if (desired === 0) out.note(`${name}: desired_count 0 and no start schedule found: counted at 0 tasks`);
  return { tasks: desired, hours: HOURS_PER_MONTH, why: `desired_count ${desired}` };
}

/**
 * How `tasks` tasks spread over capacity providers: each strategy entry's `base` first, the rest by
 * `weight`. No strategy: launch type FARGATE, else the cluster's default strategy, else FARGATE.
 */
export function placement(stack: Stack, service: Resource, tasks: number): Map<string, number> {
  let strategy = blocks(service.attrs.capacity_provider_strategy);
  if (strategy.length === 0 && service.attrs.launch_type === undefined) {
    const cluster = referenceTo(service.attrs.cluster, "aws_ecs_cluster")?.name;
    const providers = stack
      .resources("aws_ecs_cluster_capacity_providers")
      .find((p) => referenceTo(p.attrs.cluster_name, "aws_ecs_cluster")?.name === cluster);
    strategy = blocks(providers?.attrs.default_capacity_provider_strategy);
  }
  if (strategy.length === 0) return new Map([["FARGATE", tasks]]);
  return split(strategy, tasks);
}

function split(strategy: Attributes[], tasks: number): Map<string, number> {
  const result = new Map<string, number>();
  const add = (provider: string, n: number) => result.set(provider, (result.get(provider) ?? 0) + n);
  let remaining = tasks;
  for (const entry of strategy) {
    const base = Math.min(numberOf(entry.base) ?? 0, remaining);
    if (base > 0) add(String(entry.capacity_provider), base);
    remaining -= base;
  }
  const weights = strategy.map((e) => numberOf(e.weight) ?? 0);
  const total = weights.reduce((a, b) => a + b, 0);
  strategy.forEach((entry, i) => {
    const share = total > 0 ? (remaining * weights[i]!) / total : i === 0 ? remaining : 0;
    if (share > 0 || result.size === 0) add(String(entry.capacity_provider), share);
  });
  return result;
}

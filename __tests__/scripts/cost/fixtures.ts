import {
  CostEstimate,
  StackEstimate,
  StackInput,
  estimateStack,
  estimateStacks,
} from "../../../scripts/cost/estimate";
import { LineItem } from "../../../scripts/cost/line-item";
import { Pricer, loadPriceTable } from "../../../scripts/cost/prices";
import { Attributes, StackJson } from "../../../scripts/cost/terraform-json";

/**
 * Hand-written stacks shaped like cdk.tf.json (references as cdktf writes them:
 * `${aws_ecs_service.<name>.name}`), priced with the round numbers of ./ap-northeast-2.json.
 */

export type Resources = Record<string, Record<string, Attributes>>;

/** The test table: NAT 0.05/h, IPv4 0.005/h, Fargate x86 0.04/vCPU-h + 0.004/GB-h, ... */
export function testPricer(): Pricer {
  return loadPriceTable("ap-northeast-2", __dirname);
}

export function stackJson(resources: Resources, region = "ap-northeast-2"): StackJson {
  return { provider: { aws: [{ region }] }, resource: resources };
}

export function estimateOne(name: string, resources: Resources): StackEstimate {
  const pricer = testPricer();
  return estimateStack({ name, json: stackJson(resources) }, () => pricer);
}

export function estimateMany(stacks: StackInput[], names?: Map<string, string[]>): CostEstimate {
  const pricer = testPricer();
  return estimateStacks(stacks, {
    pricerFor: () => pricer,
    ...(names ? { stackNamesByEnvironment: names } : {}),
  });
}

/** The one item whose label starts with `label`; fails when there are none or several. */
export function item(estimate: StackEstimate, label: string): LineItem {
  const found = estimate.items.filter((i) => i.label.startsWith(label));
  if (found.length !== 1) {
    throw new Error(`expected one item "${label}…", found ${found.map((i) => i.label).join(", ") || "none"}`);
  }
  return found[0]!;
}

/** Merges resource maps type by type. */
export function merge(...parts: Resources[]): Resources {
  const out: Resources = {};
  for (const part of parts)
    for (const [type, byName] of Object.entries(part)) out[type] = { ...out[type], ...byName };
  return out;
}

/** A Fargate task definition `td` of `cpu` units / `memory` MiB. */
export function taskDefinition(cpu: number, memory: number, architecture = "X86_64"): Resources {
  return {
    aws_ecs_task_definition: {
      td: {
        cpu: String(cpu),
        memory: String(memory),
        requires_compatibilities: ["FARGATE"],
        runtime_platform: { cpu_architecture: architecture, operating_system_family: "LINUX" },
      },
    },
  };
}

/** A service `svc` running task definition `td` on `strategy` (default FARGATE). */
export function service(attrs: Attributes = {}): Resources {
  return {
    aws_ecs_cluster: { cluster: { name: "cluster" } },
    aws_ecs_service: {
      svc: {
        name: "svc",
        cluster: "${aws_ecs_cluster.cluster.arn}",
        task_definition: "${aws_ecs_task_definition.td.arn}",
        desired_count: 1,
        capacity_provider_strategy: [{ base: 0, capacity_provider: "FARGATE", weight: 1 }],
        ...attrs,
      },
    },
  };
}

/**
 * The on-demand pattern of modules/ecs/on-demand-service.ts: service `svc` with desired_count 0, a
 * scaler Lambda naming it (and `db` when `database`), start/stop rules and targets.
 */
export function onDemand(options: {
  start: string;
  stop: string;
  startState?: string;
  stopState?: string;
  database?: boolean;
  tasks?: number;
}): Resources {
  const rule = (action: string, expression: string, state = "ENABLED") => ({
    name: `${action}-svc`,
    schedule_expression: expression,
    state,
  });
  const target = (action: string) => ({
    arn: "${aws_lambda_function.scaler.arn}",
    input: JSON.stringify({ action }),
    rule: `\${aws_cloudwatch_event_rule.${action}.name}`,
  });
  return merge(service({ desired_count: 0, lifecycle: { ignore_changes: ["desired_count"] } }), {
    aws_lambda_function: {
      scaler: {
        function_name: "svc-scaler",
        environment: {
          variables: {
            CLUSTER_NAME: "${aws_ecs_cluster.cluster.name}",
            SERVICE_NAME: "${aws_ecs_service.svc.name}",
            START_DESIRED_COUNT: String(options.tasks ?? 1),
            ...(options.database ? { DB_INSTANCE_ID: "${aws_db_instance.db.identifier}" } : {}),
          },
        },
      },
    },
    aws_cloudwatch_event_rule: {
      start: rule("start", options.start, options.startState),
      stop: rule("stop", options.stop, options.stopState),
    },
    aws_cloudwatch_event_target: { "start-target": target("start"), "stop-target": target("stop") },
  });
}

/** An RDS PostgreSQL instance `db`. */
export function database(attrs: Attributes = {}): Resources {
  return {
    aws_db_instance: {
      db: {
        identifier: "app-db",
        engine: "postgres",
        instance_class: "db.t4g.micro",
        allocated_storage: 20,
        storage_type: "gp3",
        multi_az: false,
        ...attrs,
      },
    },
  };
}

/** 730 h × 5 weekdays ÷ 7 days: the weekdays of an average month (~21.7). */
export const WEEKDAYS_PER_MONTH = (730 / 168) * 5;

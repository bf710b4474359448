import { policyDocumentsOf } from "../iam-statements";
import { StackResource, singleBlock } from "../policy-stack";
import { PolicyRule, Violation, stackJson } from "../rule";

/** ECS task definitions and services, and the IAM full wildcard the other IAM rules leave open. */

function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

type Containers = { ok: true; containers: Record<string, unknown>[] } | { ok: false; why: string };

/**
 * The containers of a task definition. `container_definitions` must be literal JSON (the ECS module
 * writes it so); a `${jsonencode(...)}` or `${file(...)}` could hide anything, so it is a violation.
 */
function containersOf(task: StackResource): Containers {
  const text = task.config.container_definitions;
  if (typeof text !== "string") return { ok: false, why: "container_definitions is missing or not a string" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {
      ok: false,
      why: `container_definitions ${JSON.stringify(text.slice(0, 40))}... is not JSON, so the ECS rules cannot check it (write it as JSON, as modules/ecs does)`,
    };
  }
  if (!Array.isArray(parsed))
    return { ok: false, why: "container_definitions is not a JSON list of containers" };
  return {
    ok: true,
    containers: parsed.filter((c): c is Record<string, unknown> => !!c && typeof c === "object"),
  };
}

const nameOf = (container: Record<string, unknown>) => JSON.stringify(container.name ?? "(unnamed)");

function perContainer(
  check: (container: Record<string, unknown>) => string | undefined,
): (task: StackResource) => Violation[] {
  return (task) => {
    const read = containersOf(task);
    if (!read.ok) return [{ address: task.address, why: read.why }];
    const problems = read.containers.map(check).filter((why): why is string => why !== undefined);
    return problems.length === 0 ? [] : [{ address: task.address, why: problems.join("; ") }];
  };
}

const task = (containers: unknown) => ({ family: "f", container_definitions: JSON.stringify(containers) });
const awslogs = {
  logDriver: "awslogs",
  options: { "awslogs-group": "/aws/ecs/app", "awslogs-region": "r", "awslogs-stream-prefix": "app" },
};

const noPrivileged: PolicyRule = {
  name: "ecs-task-no-privileged-container",
  check: (stack) =>
    stack
      .resources("aws_ecs_task_definition")
      .flatMap(
        perContainer((c) =>
          isTrue(c.privileged)
            ? `container ${nameOf(c)} is privileged: root on the host's kernel (and refused by Fargate); drop "privileged"`
            : undefined,
        ),
      ),
  examples: {
    violating: [
      {
        description: "one of two containers privileged",
        json: stackJson({
          aws_ecs_task_definition: {
            t: task([
              { name: "app", image: "app", logConfiguration: awslogs },
              { name: "sidecar", image: "s", privileged: true, logConfiguration: awslogs },
            ]),
          },
        }),
        flags: ["aws_ecs_task_definition.t"],
      },
      {
        description: "container definitions hidden behind jsonencode",
        json: stackJson({
          aws_ecs_task_definition: {
            t: { family: "f", container_definitions: "${jsonencode([{privileged = true}])}" },
          },
        }),
        flags: ["aws_ecs_task_definition.t"],
      },
    ],
    passing: [
      {
        description: "privileged false, and absent",
        json: stackJson({
          aws_ecs_task_definition: {
            a: task([{ name: "app", privileged: false, logConfiguration: awslogs }]),
            b: task([{ name: "app", logConfiguration: awslogs }]),
          },
        }),
      },
    ],
  },
};

const logging: PolicyRule = {
  name: "ecs-task-container-logging",
  check: (stack) =>
    stack.resources("aws_ecs_task_definition").flatMap(
      perContainer((c) => {
        const config = c.logConfiguration as Record<string, unknown> | undefined;
        if (!config || typeof config !== "object") {
          return `container ${nameOf(c)} has no logConfiguration: its output is lost when the task stops`;
        }
        if (typeof config.logDriver !== "string" || config.logDriver === "") {
          return `container ${nameOf(c)} has a logConfiguration without a logDriver`;
        }
        return undefined;
      }),
    ),
  examples: {
    violating: [
      {
        description: "a sidecar without logConfiguration",
        json: stackJson({
          aws_ecs_task_definition: {
            t: task([{ name: "app", logConfiguration: awslogs }, { name: "sidecar" }]),
          },
        }),
        flags: ["aws_ecs_task_definition.t"],
      },
      {
        description: "logConfiguration without a driver",
        json: stackJson({
          aws_ecs_task_definition: { t: task([{ name: "app", logConfiguration: { options: {} } }]) },
        }),
        flags: ["aws_ecs_task_definition.t"],
      },
    ],
    passing: [
      {
        description: "awslogs on every container",
        json: stackJson({
          aws_ecs_task_definition: {
            t: task([
              { name: "app", logConfiguration: awslogs },
              { name: "sidecar", logConfiguration: { logDriver: "awsfirelens" } },
            ]),
          },
        }),
      },
    ],
  },
};

/**
 * A task with a public IP is reachable from the internet whenever its security group allows it, and
 * is a public subnet workload. `assign_public_ip` absent is the provider's default, false; a value only
 * known at apply time is not trusted.
 */
const noPublicIp: PolicyRule = {
  name: "ecs-service-no-public-ip",
  check: (stack) =>
    stack.resources("aws_ecs_service").flatMap((service) => {
      const network = singleBlock(service.config.network_configuration);
      const value = network?.assign_public_ip;
      if (value === undefined || value === null || value === false || value === "false") return [];
      return [
        {
          address: service.address,
          why: isTrue(value)
            ? "network_configuration.assign_public_ip is true: tasks get a public IP; run them in private subnets behind the ALB"
            : `network_configuration.assign_public_ip is ${JSON.stringify(value)}, not false`,
        },
      ];
    }),
  examples: {
    violating: [
      {
        description: "assign_public_ip true",
        json: stackJson({
          aws_ecs_service: {
            s: { name: "s", network_configuration: { subnets: ["a"], assign_public_ip: true } },
          },
        }),
        flags: ["aws_ecs_service.s"],
      },
      {
        description: "assign_public_ip from a variable, as a list of one block",
        json: stackJson({
          aws_ecs_service: {
            s: { name: "s", network_configuration: [{ subnets: ["a"], assign_public_ip: "${var.public}" }] },
          },
        }),
        flags: ["aws_ecs_service.s"],
      },
    ],
    passing: [
      {
        description: "false, absent, and no network configuration (not awsvpc)",
        json: stackJson({
          aws_ecs_service: {
            a: { name: "a", network_configuration: { subnets: ["a"], assign_public_ip: false } },
            b: { name: "b", network_configuration: { subnets: ["a"] } },
            c: { name: "c" },
          },
        }),
      },
    ],
  },
};

/**
 * IAM: no Allow of `*` or `ecs:*`. Three rules share this: iam-no-admin-statement (rules/iam.ts) flags
 * `*` on Resource `*`, iam-no-wildcard-action-on-all-resources (rules/lambda.ts) flags `ecs:*` on any
 * resource; this one flags what neither does, `*` on a scoped resource ("everything on this bucket"
 * includes deleting it and rewriting its policy). rules-ecs.test.ts checks the three together.
 * A Deny of `*` restricts, so it is fine.
 */
const noFullWildcardOnScopedResource: PolicyRule = {
  name: "iam-no-full-wildcard-action",
  check: (stack) =>
    [
      ...new Map(
        policyDocumentsOf(stack).flatMap((d) =>
          d.statements
            .filter(
              (s) =>
                s.effect === "Allow" && s.actions.some((a) => a.trim() === "*") && !s.resources.includes("*"),
            )
            .map((s) => [d.owner.address, s.resources] as const),
        ),
      ),
    ].map(([address, resources]) => ({
      address,
      why: `allows Action "*" on ${resources.map((r) => JSON.stringify(r)).join(", ")}: every action, including deleting it and rewriting its policy; name the actions the workload uses`,
    })),
  examples: {
    violating: [
      {
        description: "* on one bucket, and * next to named actions in a policy document data source",
        json: stackJson(
          {
            aws_iam_role_policy: {
              all: {
                policy: JSON.stringify({
                  Statement: { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" },
                }),
              },
            },
          },
          {
            aws_iam_policy_document: {
              d: {
                statement: [
                  { actions: ["ecs:DescribeServices", "*"], resources: ["arn:aws:ecs:r:1:service/c/s"] },
                ],
              },
            },
          },
        ),
        flags: ["aws_iam_role_policy.all", "data.aws_iam_policy_document.d"],
      },
    ],
    passing: [
      {
        description:
          "named ECS actions, a narrower ECS wildcard, other services' wildcards, a Deny of *, and * on * (iam-no-admin-statement's)",
        json: stackJson({
          aws_iam_policy: {
            p: {
              policy: JSON.stringify({
                Statement: [
                  {
                    Effect: "Allow",
                    Action: ["ecs:DescribeServices", "ecs:UpdateService"],
                    Resource: "arn:aws:ecs:r:1:service/c/s",
                  },
                  { Effect: "Allow", Action: "ecs:Describe*", Resource: "arn:aws:ecs:r:1:service/c/s" },
                  { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b" },
                  {
                    Effect: "Deny",
                    Action: "*",
                    Resource: "arn:aws:s3:::b",
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                  },
                ],
              }),
            },
            admin: { policy: JSON.stringify({ Statement: { Effect: "Allow", Action: "*", Resource: "*" } }) },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [noPrivileged, logging, noPublicIp, noFullWildcardOnScopedResource];

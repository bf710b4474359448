import { TerraformOutput } from "cdktf";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { ContainerImage, ContainerProps } from "../../../modules/ecs/container";
import { EcsCluster } from "../../../modules/ecs/ecs-cluster";
import {
  FargateTaskDefinition,
  FargateTaskDefinitionProps,
} from "../../../modules/ecs/fargate-task-definition";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";
import {
  BASE_TASK,
  JsonStatement,
  REPOSITORY,
  containersOf,
  errorOf,
  list,
  oneWhere,
  resourceTypes,
  roleNameOf,
  roleStatements,
  stackArnPrefix,
} from "./ecs-fixtures";

/**
 * What runs, on its own: the task definition, its container definition, its log group, and the
 * execution and task roles with exactly the permissions the task needs. No service places it here;
 * fargate-service.test.ts proves FargateService builds exactly this for the same props.
 */

const SSM_A = "arn:aws:ssm:ap-northeast-2:123456789012:parameter/worker/api-key";
const SSM_B = "arn:aws:ssm:ap-northeast-2:123456789012:parameter/worker/nested/token";
const SECRET = "arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:worker/db-AbCdEf";

type Overrides = Partial<Omit<FargateTaskDefinitionProps, "execCommandCluster">> & {
  /** Build an EcsCluster "acme" and allow ECS Exec sessions logged by it. */
  withExecCluster?: boolean;
};

/** Every result of the construct, as a Terraform output of the same name. */
const RESULTS = [
  "taskDefinitionArn",
  "taskDefinitionArnWithoutRevision",
  "family",
  "taskRoleArn",
  "taskRoleName",
  "executionRoleArn",
  "executionRoleName",
  "logGroupName",
  "logGroupArn",
  "containerName",
  "containerPort",
] as const;

function build(overrides: Overrides = {}, container: Partial<ContainerProps> = {}): SynthesizedJson {
  const { withExecCluster, ...props } = overrides;
  return synthScope((scope) => {
    const cluster = withExecCluster ? new EcsCluster(scope, "cluster", { clusterName: "acme" }) : undefined;
    const task = new FargateTaskDefinition(scope, "worker", {
      ...BASE_TASK,
      ...props,
      container: { ...BASE_TASK.container, ...container },
      ...(cluster ? { execCommandCluster: cluster } : {}),
    });
    for (const result of RESULTS) new TerraformOutput(scope, result, { value: task[result] });
  });
}

const onlyName = (synth: SynthesizedJson, type: string) => {
  const all = Object.keys(synth.resources(type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0]!;
};
const taskLogGroup = (synth: SynthesizedJson) =>
  oneWhere(synth, "aws_cloudwatch_log_group", { name: "/aws/ecs/worker" });

describe("FargateTaskDefinition synthesized alone", () => {
  const synth = build();

  test("is a task definition, its two roles, the execution role's policy and its log group; nothing that places it", () => {
    expect(resourceTypes(synth).sort()).toEqual([
      "aws_cloudwatch_log_group",
      "aws_ecs_task_definition",
      "aws_iam_role",
      "aws_iam_role_policy",
    ]);
    // The stack's partition, region and account, for exact ARNs and the trust policies' guard.
    expect(Object.keys(synth.json.data ?? {}).sort()).toEqual([
      "aws_caller_identity",
      "aws_partition",
      "aws_region",
    ]);
    expect(
      Object.values(synth.resources("aws_iam_role"))
        .map((r) => r.name)
        .sort(),
    ).toEqual(["worker-exec", "worker-task"]);
    // The task role has no permissions, so no policy: the one policy is the execution role's.
    expect(roleStatements(synth, "worker-task")).toBeUndefined();
    expect(roleStatements(synth, "worker-exec")!.map((s) => s.Sid)).toEqual([
      "EcrAuth",
      "PullImage",
      "WriteLogs",
    ]);
    expect(taskLogGroup(synth).resource.retention_in_days).toBe(30);
    expect(synth.count("aws_ecs_service")).toBe(0);
    expect(synth.count("aws_security_group")).toBe(0);
  });

  test("its results name the task definition, the roles, the log group and the container", () => {
    const task = onlyName(synth, "aws_ecs_task_definition");
    const roleRef = (name: string, attribute: string) =>
      ref("aws_iam_role", oneWhere(synth, "aws_iam_role", { name }).name, attribute);
    const logGroup = taskLogGroup(synth).name;
    const outputs = Object.fromEntries(RESULTS.map((r) => [r, synth.output(r)?.value]));
    expect(outputs).toEqual({
      taskDefinitionArn: ref("aws_ecs_task_definition", task, "arn"),
      taskDefinitionArnWithoutRevision: ref("aws_ecs_task_definition", task, "arn_without_revision"),
      family: ref("aws_ecs_task_definition", task, "family"),
      taskRoleArn: roleRef("worker-task", "arn"),
      taskRoleName: roleRef("worker-task", "name"),
      executionRoleArn: roleRef("worker-exec", "arn"),
      executionRoleName: roleRef("worker-exec", "name"),
      logGroupName: ref("aws_cloudwatch_log_group", logGroup, "name"),
      logGroupArn: ref("aws_cloudwatch_log_group", logGroup, "arn"),
      containerName: "worker",
      containerPort: 9091,
    });
  });
});

describe("FargateTaskDefinition task definition", () => {
  const synth = build();
  const task = synth.only("aws_ecs_task_definition");

  test("is a Fargate awsvpc task of the default size on Linux x86_64, family = name", () => {
    expect(task).toMatchObject({
      family: "worker",
      cpu: "512",
      memory: "1024",
      network_mode: "awsvpc",
      requires_compatibilities: ["FARGATE"],
      runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "X86_64" },
    });
  });

  test("size, architecture and family follow the props", () => {
    const arm = build({
      cpu: 1024,
      memoryMib: 3072,
      cpuArchitecture: "ARM64",
      family: "worker-dev",
    }).only("aws_ecs_task_definition");
    expect(arm).toMatchObject({
      family: "worker-dev",
      cpu: "1024",
      memory: "3072",
      runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "ARM64" },
    });
  });

  test("runs as its execution role and its task role, which trust only ECS tasks of this account and region", () => {
    expect(roleNameOf(synth, task.execution_role_arn)).toBe("worker-exec");
    expect(roleNameOf(synth, task.task_role_arn)).toBe("worker-task");
    const data = (type: string) => Object.keys((synth.json.data?.[type] ?? {}) as object)[0]!;
    const account = `\${data.aws_caller_identity.${data("aws_caller_identity")}.account_id}`;
    const partition = `\${data.aws_partition.${data("aws_partition")}.partition}`;
    const region = `\${data.aws_region.${data("aws_region")}.name}`;
    for (const role of Object.values(synth.resources("aws_iam_role"))) {
      expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": account },
            ArnLike: { "aws:SourceArn": `arn:${partition}:ecs:${region}:${account}:*` },
          },
        },
      ]);
    }
  });

  test("the roles' descriptions name what runs", () => {
    const description = (name: string) => oneWhere(synth, "aws_iam_role", { name }).resource.description;
    expect(description("worker-exec")).toBe("Pulls the image, writes logs and reads the secrets of worker");
    expect(description("worker-task")).toBe("Application permissions of worker");
  });

  test("roleNamePrefix renames both roles (names are account-wide); family stays the name", () => {
    const renamed = build({ roleNamePrefix: "worker-dev" });
    expect(
      Object.values(renamed.resources("aws_iam_role"))
        .map((r) => r.name)
        .sort(),
    ).toEqual(["worker-dev-exec", "worker-dev-task"]);
    expect(renamed.only("aws_ecs_task_definition").family).toBe("worker");
  });
});

describe("FargateTaskDefinition container definition", () => {
  const synth = build(
    {},
    {
      environment: { ZED: "z", ALPHA: "a", MIDDLE: "m" },
      secrets: { DB_PASSWORD: `${SECRET}:password::`, API_KEY: SSM_A },
      healthCheck: { command: "curl -f http://localhost:9091/actuator/health || exit 1" },
    },
  );
  const containers = containersOf(synth.only("aws_ecs_task_definition"));
  const container = containers[0]!;

  test("is one essential container running <repository url>:<tag>", () => {
    expect(containers).toHaveLength(1);
    expect(container.name).toBe("worker");
    expect(container.essential).toBe(true);
    expect(container.image).toBe(`${REPOSITORY.repositoryUrl}:worker-1.2.3`);
  });

  test("maps the container port to the same host port over TCP (awsvpc)", () => {
    expect(container.portMappings).toEqual([{ containerPort: 9091, hostPort: 9091, protocol: "tcp" }]);
  });

  test("environment is sorted by name, so AWS's read-back never shows a diff", () => {
    expect(container.environment).toEqual([
      { name: "ALPHA", value: "a" },
      { name: "MIDDLE", value: "m" },
      { name: "ZED", value: "z" },
    ]);
  });

  test("secrets are injected by reference (valueFrom), sorted, never as environment values", () => {
    expect(container.secrets).toEqual([
      { name: "API_KEY", valueFrom: SSM_A },
      { name: "DB_PASSWORD", valueFrom: `${SECRET}:password::` },
    ]);
    expect(JSON.stringify(container.environment)).not.toContain("arn:aws:");
  });

  test("the health check runs the command through the shell with the default timings", () => {
    expect(container.healthCheck).toEqual({
      command: ["CMD-SHELL", "curl -f http://localhost:9091/actuator/health || exit 1"],
      interval: 30,
      timeout: 5,
      retries: 3,
      startPeriod: 60,
    });
  });

  test("custom health check timings are used as given", () => {
    const custom = containersOf(
      build(
        {},
        {
          healthCheck: {
            command: "true",
            intervalSeconds: 10,
            timeoutSeconds: 2,
            retries: 5,
            startPeriodSeconds: 120,
          },
        },
      ).only("aws_ecs_task_definition"),
    )[0]!;
    expect(custom.healthCheck).toEqual({
      command: ["CMD-SHELL", "true"],
      interval: 10,
      timeout: 2,
      retries: 5,
      startPeriod: 120,
    });
  });

  test("logs through awslogs to its own log group, in the stack's region, prefixed by container", () => {
    const logGroup = taskLogGroup(synth);
    const region = Object.keys((synth.json.data?.aws_region ?? {}) as Record<string, unknown>);
    expect(region).toHaveLength(1);
    expect(container.logConfiguration).toEqual({
      logDriver: "awslogs",
      options: {
        "awslogs-group": ref("aws_cloudwatch_log_group", logGroup.name, "name"),
        "awslogs-region": `\${data.aws_region.${region[0]}.name}`,
        "awslogs-stream-prefix": "worker",
      },
    });
  });

  test("logStreamPrefix overrides the stream prefix", () => {
    const custom = containersOf(build({ logStreamPrefix: "ecs" }).only("aws_ecs_task_definition"))[0]!;
    expect(custom.logConfiguration.options["awslogs-stream-prefix"]).toBe("ecs");
  });

  test("is never privileged; runs an init process; root filesystem writable unless asked", () => {
    expect(container.privileged).toBe(false);
    expect(container.linuxParameters).toEqual({ initProcessEnabled: true });
    expect(container.readonlyRootFilesystem).toBe(false);
    const readOnly = containersOf(
      build({}, { readonlyRootFilesystem: true }).only("aws_ecs_task_definition"),
    )[0]!;
    expect(readOnly.readonlyRootFilesystem).toBe(true);
    expect(readOnly.privileged).toBe(false);
  });

  test("no health check and no command unless given; command overrides the image's CMD", () => {
    const plain = containersOf(build().only("aws_ecs_task_definition"))[0]!;
    expect(plain).not.toHaveProperty("healthCheck");
    expect(plain).not.toHaveProperty("command");
    expect(plain.environment).toEqual([]);
    expect(plain.secrets).toEqual([]);
    const withCommand = containersOf(
      build({}, { command: ["java", "-jar", "app.jar"] }).only("aws_ecs_task_definition"),
    )[0]!;
    expect(withCommand.command).toEqual(["java", "-jar", "app.jar"]);
  });
});

describe("FargateTaskDefinition execution role", () => {
  /** Statements by Sid; fails on a statement without one, so nothing can hide unnamed. */
  function bySid(statements: JsonStatement[]): Record<string, JsonStatement> {
    for (const s of statements) expect(s.Sid).toEqual(expect.stringMatching(/^[A-Za-z0-9]+$/));
    return Object.fromEntries(statements.map((s) => [s.Sid!, s]));
  }

  test("without secrets: an ECR token, pulls from exactly this repository, writes to exactly its log group; nothing else", () => {
    const synth = build();
    const logGroup = taskLogGroup(synth);
    expect(roleStatements(synth, "worker-exec")).toEqual([
      { Sid: "EcrAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PullImage",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: REPOSITORY.repositoryArn,
      },
      {
        Sid: "WriteLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${ref("aws_cloudwatch_log_group", logGroup.name, "arn")}:*`,
      },
    ]);
  });

  test("with secrets: ssm:GetParameters on exactly the SSM ARNs, GetSecretValue on exactly the secrets (json key stripped)", () => {
    const synth = build(
      {},
      {
        secrets: {
          DB_PASSWORD: `${SECRET}:password::`,
          DB_USER: `${SECRET}:username:AWSCURRENT:`,
          API_KEY: SSM_A,
          TOKEN: SSM_B,
        },
      },
    );
    const statements = roleStatements(synth, "worker-exec")!;
    const sids = bySid(statements);
    expect(Object.keys(sids).sort()).toEqual([
      "EcrAuth",
      "PullImage",
      "ReadParameters",
      "ReadSecrets",
      "WriteLogs",
    ]);
    expect(sids.ReadParameters).toEqual({
      Sid: "ReadParameters",
      Effect: "Allow",
      Action: "ssm:GetParameters",
      Resource: [SSM_A, SSM_B],
    });
    // Two keys of one secret are one resource: the secret itself, without ":password::".
    expect(sids.ReadSecrets).toEqual({
      Sid: "ReadSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: [SECRET],
    });
    // Only the ECR token is account-wide.
    const wide = statements.filter((s) => list(s.Resource).includes("*"));
    expect(wide.map((s) => s.Sid)).toEqual(["EcrAuth"]);
    for (const s of statements) {
      expect(list(s.Action).filter((a) => a.includes("*"))).toEqual([]);
      expect(s.Effect).toBe("Allow");
    }
  });

  test("only SSM parameters: no Secrets Manager statement at all, and vice versa", () => {
    const ssmOnly = bySid(roleStatements(build({}, { secrets: { API_KEY: SSM_A } }), "worker-exec")!);
    expect(Object.keys(ssmOnly).sort()).toEqual(["EcrAuth", "PullImage", "ReadParameters", "WriteLogs"]);
    const secretOnly = bySid(roleStatements(build({}, { secrets: { DB: SECRET } }), "worker-exec")!);
    expect(Object.keys(secretOnly).sort()).toEqual(["EcrAuth", "PullImage", "ReadSecrets", "WriteLogs"]);
    expect(secretOnly.ReadSecrets!.Resource).toEqual([SECRET]);
  });

  test("a secret created in the same stack (a token) is granted by its reference", () => {
    const synth = synthScope((scope) => {
      const secret = new SecretsmanagerSecret(scope, "db-secret", { name: "worker/db" });
      new FargateTaskDefinition(scope, "worker", {
        ...BASE_TASK,
        container: { ...BASE_TASK.container, secrets: { DB: secret.arn } },
      });
    });
    const secretName = onlyName(synth, "aws_secretsmanager_secret");
    const sids = bySid(roleStatements(synth, "worker-exec")!);
    expect(sids.ReadSecrets!.Resource).toEqual([ref("aws_secretsmanager_secret", secretName, "arn")]);
    expect(sids).not.toHaveProperty("ReadParameters");
  });

  test("a public image needs no pull permission", () => {
    const synth = build({}, { image: ContainerImage.fromRegistry("public.ecr.aws/acme/worker:1.0.0") });
    const sids = bySid(roleStatements(synth, "worker-exec")!);
    expect(Object.keys(sids).sort()).toEqual(["EcrAuth", "WriteLogs"]);
    expect(containersOf(synth.only("aws_ecs_task_definition"))[0]!.image).toBe(
      "public.ecr.aws/acme/worker:1.0.0",
    );
  });

  test.each([
    ["plain text", "hunter2"],
    ["an S3 ARN", "arn:aws:s3:::bucket/key"],
    ["an SSM ARN without an account", "arn:aws:ssm:ap-northeast-2::parameter/x"],
    [
      "a Secrets Manager ARN without the secret: part",
      "arn:aws:secretsmanager:ap-northeast-2:123456789012:db",
    ],
  ])("a secret that is %s is refused, naming the variable but never echoing the value", (_what, value) => {
    const message = errorOf(() => build({}, { secrets: { DB_PASSWORD: value } }));
    expect(message).toBe(
      "secret DB_PASSWORD must be an SSM parameter ARN or a Secrets Manager secret ARN (the value is not shown: it may be the secret itself)",
    );
    expect(message).not.toContain(value);
  });
});

describe("FargateTaskDefinition task role", () => {
  test("has no permissions at all by default", () => {
    expect(roleStatements(build(), "worker-task")).toBeUndefined();
  });

  test("execCommandCluster adds the SSM session channel and that cluster's exec log group, and nothing else", () => {
    const synth = build({ withExecCluster: true });
    const execLogs = oneWhere(synth, "aws_cloudwatch_log_group", { name: "/aws/ecs/acme/exec" });
    expect(roleStatements(synth, "worker-task")).toEqual([
      {
        Sid: "ExecSessionChannel",
        Effect: "Allow",
        Action: [
          "ssmmessages:CreateControlChannel",
          "ssmmessages:CreateDataChannel",
          "ssmmessages:OpenControlChannel",
          "ssmmessages:OpenDataChannel",
        ],
        Resource: "*",
      },
      {
        Sid: "ExecSessionLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: `${stackArnPrefix(synth, "logs")}:log-group:${ref("aws_cloudwatch_log_group", execLogs.name, "name")}:*`,
      },
      { Sid: "ExecSessionLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    ]);
    // Exec never widens the execution role.
    expect(roleStatements(synth, "worker-exec")!.map((s) => s.Sid)).toEqual([
      "EcrAuth",
      "PullImage",
      "WriteLogs",
    ]);
  });

  test("taskRoleStatements are the task role's policy, exactly, after the exec statements", () => {
    const statement = {
      Sid: "ReadInbox",
      Effect: "Allow" as const,
      Action: ["s3:GetObject"],
      Resource: "arn:aws:s3:::acme-inbox/*",
    };
    expect(roleStatements(build({ taskRoleStatements: [statement] }), "worker-task")).toEqual([statement]);
    const both = roleStatements(
      build({ taskRoleStatements: [statement], withExecCluster: true }),
      "worker-task",
    )!;
    expect(both.map((s) => s.Sid)).toEqual([
      "ExecSessionChannel",
      "ExecSessionLogs",
      "ExecSessionLogGroups",
      "ReadInbox",
    ]);
  });
});

describe("FargateTaskDefinition log group", () => {
  test("is named as given and kept 30 days by default", () => {
    const synth = build();
    const logGroup = taskLogGroup(synth);
    expect(logGroup.resource.retention_in_days).toBe(30);
    expect(synth.output("logGroupName")?.value).toBe(ref("aws_cloudwatch_log_group", logGroup.name, "name"));
  });

  test("logRetentionDays sets the retention", () => {
    expect(taskLogGroup(build({ logRetentionDays: 365 })).resource.retention_in_days).toBe(365);
  });
});

describe("FargateTaskDefinition validation", () => {
  test.each<[string, Overrides, string]>([
    [
      "256 CPU with 4096 MiB, naming the memory sizes 256 CPU allows",
      { cpu: 256, memoryMib: 4096 },
      "stack/worker: memoryMib must be one of 512, 1024, 2048 (the MiB Fargate allows with cpu 256), got 4096",
    ],
    [
      "an unknown CPU value, naming the valid ones",
      { cpu: 300, memoryMib: 1024 },
      "stack/worker: cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384, got 300",
    ],
    [
      "a retention CloudWatch does not offer, naming the ones it does",
      { logRetentionDays: 45 },
      "stack/worker: logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 45",
    ],
  ])("refuses %s", (_what, overrides, message) => {
    expect(errorOf(() => build(overrides))).toBe(message);
  });

  test("nothing is synthesized for refused props: the check runs before any resource", () => {
    let created = -1;
    expect(() =>
      synthScope((scope) => {
        try {
          new FargateTaskDefinition(scope, "worker", { ...BASE_TASK, cpu: 256, memoryMib: 4096 });
        } finally {
          created = scope.node.tryFindChild("worker")?.node.children.length ?? 0;
        }
      }),
    ).toThrow(/memoryMib must be one of 512, 1024, 2048 /);
    expect(created).toBe(0);
  });
});

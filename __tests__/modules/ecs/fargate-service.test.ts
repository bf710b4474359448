import { TerraformOutput } from "cdktf";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Alb } from "../../../modules/alb/alb";
import { AutoscaledService } from "../../../modules/ecs/autoscaled-service";
import { ContainerImage, ContainerProps } from "../../../modules/ecs/container";
import { EcsCluster } from "../../../modules/ecs/ecs-cluster";
import { FargateService, ServiceModeSettings } from "../../../modules/ecs/fargate-service";
import { SingletonService } from "../../../modules/ecs/singleton-service";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";
import {
  BASE_SERVICE,
  JsonStatement,
  REPOSITORY,
  ServiceProps,
  containersOf,
  errorOf,
  ingressOf,
  list,
  namesWhere,
  oneWhere,
  roleNameOf,
  roleStatements,
  serviceGroupRef,
} from "./ecs-fixtures";

/**
 * The core every service mode shares: task definition, container definition, log group, execution and
 * task roles with exactly the permissions the task needs, security group and service settings.
 * Built directly with a neutral mode, and checked once through each concrete mode.
 */

const MODE: ServiceModeSettings = {
  desiredCount: 1,
  deploymentMaximumPercent: 100,
  deploymentMinimumHealthyPercent: 0,
  availabilityZoneRebalancing: "DISABLED",
  desiredCountManagedElsewhere: false,
};

const SSM_A = "arn:aws:ssm:ap-northeast-2:123456789012:parameter/worker/api-key";
const SSM_B = "arn:aws:ssm:ap-northeast-2:123456789012:parameter/worker/nested/token";
const SECRET = "arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:worker/db-AbCdEf";

function build(
  overrides: Partial<ServiceProps> = {},
  container: Partial<ContainerProps> = {},
): SynthesizedJson {
  return synthScope((scope) => {
    const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
    const service = new FargateService(
      scope,
      "worker",
      { ...BASE_SERVICE, ...overrides, container: { ...BASE_SERVICE.container, ...container }, cluster },
      MODE,
    );
    new TerraformOutput(scope, "taskDefinitionArn", { value: service.taskDefinitionArn });
    new TerraformOutput(scope, "logGroupName", { value: service.logGroupName });
    new TerraformOutput(scope, "securityGroupId", { value: service.securityGroupId });
  });
}

const names = (synth: SynthesizedJson, type: string) => Object.keys(synth.resources(type));
const onlyName = (synth: SynthesizedJson, type: string) => {
  const all = names(synth, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0]!;
};
const serviceLogGroup = (synth: SynthesizedJson) =>
  oneWhere(synth, "aws_cloudwatch_log_group", { name: "/aws/ecs/worker" });

describe("FargateService task definition", () => {
  const synth = build();
  const task = synth.only("aws_ecs_task_definition");

  test("is a Fargate awsvpc task of the default size on Linux x86_64, family = service name", () => {
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
      taskFamily: "worker-dev",
    }).only("aws_ecs_task_definition");
    expect(arm).toMatchObject({
      family: "worker-dev",
      cpu: "1024",
      memory: "3072",
      runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "ARM64" },
    });
  });

  test("runs as the execution role and the task role of this service, which trust only ECS tasks", () => {
    expect(roleNameOf(synth, task.execution_role_arn)).toBe("worker-exec");
    expect(roleNameOf(synth, task.task_role_arn)).toBe("worker-task");
    for (const role of Object.values(synth.resources("aws_iam_role"))) {
      expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
        { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]);
    }
  });

  test("roleNamePrefix renames both roles (names are account-wide)", () => {
    const renamed = build({ roleNamePrefix: "worker-dev" });
    expect(
      Object.values(renamed.resources("aws_iam_role"))
        .map((r) => r.name)
        .sort(),
    ).toEqual(["worker-dev-exec", "worker-dev-task"]);
  });

  test("is what the service runs", () => {
    const taskName = onlyName(synth, "aws_ecs_task_definition");
    expect(synth.only("aws_ecs_service").task_definition).toBe(
      ref("aws_ecs_task_definition", taskName, "arn"),
    );
    expect(synth.output("taskDefinitionArn")?.value).toBe(ref("aws_ecs_task_definition", taskName, "arn"));
  });
});

describe("FargateService container definition", () => {
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

  test("logs through awslogs to the service's log group, in the stack's region, prefixed by container", () => {
    const logGroup = serviceLogGroup(synth);
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

describe("FargateService execution role", () => {
  /** Statements by Sid; fails on a statement without one, so nothing can hide unnamed. */
  function bySid(statements: JsonStatement[]): Record<string, JsonStatement> {
    for (const s of statements) expect(s.Sid).toBeDefined();
    return Object.fromEntries(statements.map((s) => [s.Sid!, s]));
  }

  test("without secrets: an ECR token, pulls from exactly this repository, writes to exactly its log group; nothing else", () => {
    const synth = build();
    const logGroup = serviceLogGroup(synth);
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
      const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
      const secret = new SecretsmanagerSecret(scope, "db-secret", { name: "worker/db" });
      new FargateService(
        scope,
        "worker",
        { ...BASE_SERVICE, cluster, container: { ...BASE_SERVICE.container, secrets: { DB: secret.arn } } },
        MODE,
      );
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

describe("FargateService task role", () => {
  test("has no permissions at all by default", () => {
    const synth = build();
    expect(roleStatements(synth, "worker-task")).toBeUndefined();
    expect(synth.only("aws_ecs_service").enable_execute_command).toBe(false);
  });

  test("ECS Exec adds the SSM session channel and the cluster's exec log group, and nothing else", () => {
    const synth = build({ enableExecuteCommand: true });
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
        Resource: `arn:aws:logs:*:*:log-group:${ref("aws_cloudwatch_log_group", execLogs.name, "name")}:*`,
      },
      { Sid: "ExecSessionLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    ]);
    expect(synth.only("aws_ecs_service").enable_execute_command).toBe(true);
    // Exec never widens the execution role.
    expect(roleStatements(synth, "worker-exec")!.map((s) => s.Sid)).toEqual([
      "EcrAuth",
      "PullImage",
      "WriteLogs",
    ]);
  });

  test("taskRoleStatements are the task role's policy, exactly", () => {
    const statement = {
      Sid: "ReadInbox",
      Effect: "Allow" as const,
      Action: ["s3:GetObject"],
      Resource: "arn:aws:s3:::acme-inbox/*",
    };
    expect(roleStatements(build({ taskRoleStatements: [statement] }), "worker-task")).toEqual([statement]);
    const both = roleStatements(
      build({ taskRoleStatements: [statement], enableExecuteCommand: true }),
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

describe("FargateService log group", () => {
  test("is named as given and kept 30 days by default", () => {
    const synth = build();
    const logGroup = serviceLogGroup(synth);
    expect(logGroup.resource.retention_in_days).toBe(30);
    expect(synth.output("logGroupName")?.value).toBe(ref("aws_cloudwatch_log_group", logGroup.name, "name"));
  });

  test("logRetentionDays sets the retention", () => {
    expect(serviceLogGroup(build({ logRetentionDays: 365 })).resource.retention_in_days).toBe(365);
  });

  test("a retention CloudWatch does not offer is refused", () => {
    expect(errorOf(() => build({ logRetentionDays: 45 }))).toMatch(
      /worker\/logs: retentionDays must be one of 1, 3, 5, .*, got 45$/,
    );
  });
});

describe("FargateService network and service settings", () => {
  const synth = build();
  const service = synth.only("aws_ecs_service");
  const groupRef = serviceGroupRef(service);

  test("runs in the given private subnets with its own security group and never a public IP", () => {
    const groupName = onlyName(synth, "aws_security_group");
    expect(groupRef).toBe(ref("aws_security_group", groupName, "id"));
    expect(synth.resources("aws_security_group")[groupName]).toMatchObject({
      name: "worker",
      vpc_id: "vpc-0123",
    });
    expect(service.network_configuration).toEqual({
      subnets: ["subnet-private-a", "subnet-private-b"],
      security_groups: [groupRef],
      assign_public_ip: false,
    });
    expect(synth.output("securityGroupId")?.value).toBe(groupRef);
  });

  test("its security group has no ingress and all egress (image pulls, AWS APIs)", () => {
    expect(ingressOf(synth, groupRef)).toEqual([]);
    expect(synth.count("aws_vpc_security_group_ingress_rule")).toBe(0);
    expect(synth.only("aws_vpc_security_group_egress_rule")).toMatchObject({
      security_group_id: groupRef,
      ip_protocol: "-1",
      cidr_ipv4: "0.0.0.0/0",
    });
  });

  test("is in the cluster, rolls back failed deployments, tags tasks from the service", () => {
    expect(service).toMatchObject({
      name: "worker",
      cluster: ref("aws_ecs_cluster", onlyName(synth, "aws_ecs_cluster"), "arn"),
      platform_version: "LATEST",
      deployment_circuit_breaker: { enable: true, rollback: true },
      propagate_tags: "SERVICE",
      enable_ecs_managed_tags: true,
    });
  });

  test("waits for FARGATE / FARGATE_SPOT to be associated with the cluster before it is created", () => {
    const association = onlyName(synth, "aws_ecs_cluster_capacity_providers");
    expect(service.depends_on).toContain(`aws_ecs_cluster_capacity_providers.${association}`);
  });

  test("an empty subnet list is refused", () => {
    expect(errorOf(() => build({ subnetIds: [] }))).toMatch(
      /worker: subnetIds must name at least one private subnet$/,
    );
  });
});

describe("FargateService size validation", () => {
  test("256 CPU with 4096 MiB is refused, naming the memory sizes 256 CPU allows", () => {
    expect(errorOf(() => build({ cpu: 256, memoryMib: 4096 }))).toBe(
      "stack/worker: memoryMib must be one of 512, 1024, 2048 (the MiB Fargate allows with cpu 256), got 4096",
    );
  });

  test("an unknown CPU value is refused, naming the valid ones", () => {
    expect(errorOf(() => build({ cpu: 300, memoryMib: 1024 }))).toBe(
      "stack/worker: cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384, got 300",
    );
  });

  test("nothing is synthesized for a refused size: the check runs before any resource", () => {
    let created = -1;
    expect(() =>
      synthScope((scope) => {
        const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
        try {
          new FargateService(scope, "worker", { ...BASE_SERVICE, cluster, cpu: 256, memoryMib: 4096 }, MODE);
        } finally {
          created = scope.node.tryFindChild("worker")?.node.children.length ?? 0;
        }
      }),
    ).toThrow(/memoryMib must be one of 512, 1024, 2048 /);
    expect(created).toBe(0);
  });
});

describe("every mode shares the core", () => {
  function viaMode(mode: "singleton" | "autoscaled"): SynthesizedJson {
    return synthScope((scope) => {
      const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
      const props = {
        ...BASE_SERVICE,
        cluster,
        container: { ...BASE_SERVICE.container, secrets: { API_KEY: SSM_A } },
      };
      if (mode === "singleton") new SingletonService(scope, "worker", props);
      else {
        const alb = new Alb(scope, "alb", {
          name: "acme",
          vpcId: "vpc-0123",
          subnetIds: ["a", "b"],
          allowPlainHttp: true,
        });
        new AutoscaledService(scope, "worker", { ...props, alb });
      }
    });
  }

  test.each(["singleton", "autoscaled"] as const)(
    "%s: same task definition, roles and network settings",
    (mode) => {
      const synth = viaMode(mode);
      const task = synth.only("aws_ecs_task_definition");
      expect(task).toMatchObject({
        cpu: "512",
        memory: "1024",
        network_mode: "awsvpc",
        requires_compatibilities: ["FARGATE"],
      });
      const container = containersOf(task)[0]!;
      expect(container.privileged).toBe(false);
      expect(container.logConfiguration.logDriver).toBe("awslogs");
      expect(roleStatements(synth, "worker-exec")!.map((s) => s.Sid)).toEqual([
        "EcrAuth",
        "PullImage",
        "WriteLogs",
        "ReadParameters",
      ]);
      expect(roleStatements(synth, "worker-task")).toBeUndefined();
      const service = oneWhere(synth, "aws_ecs_service", { name: "worker" }).resource;
      expect((service.network_configuration as { assign_public_ip: boolean }).assign_public_ip).toBe(false);
      expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
      expect(
        namesWhere(synth, "aws_cloudwatch_log_group", { name: "/aws/ecs/worker", retention_in_days: 30 }),
      ).toHaveLength(1);
    },
  );
});

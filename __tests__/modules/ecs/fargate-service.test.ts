import { TerraformOutput } from "cdktf";
import { Alb } from "../../../modules/alb/alb";
import { AutoscaledService } from "../../../modules/ecs/autoscaled-service";
import { ContainerProps } from "../../../modules/ecs/container";
import { EcsCluster } from "../../../modules/ecs/ecs-cluster";
import { FargateService, ServiceModeSettings } from "../../../modules/ecs/fargate-service";
import {
  FargateTaskDefinition,
  FargateTaskDefinitionProps,
} from "../../../modules/ecs/fargate-task-definition";
import { SingletonService } from "../../../modules/ecs/singleton-service";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";
import {
  BASE_SERVICE,
  BASE_TASK,
  ServiceProps,
  containersOf,
  errorOf,
  ingressOf,
  namesWhere,
  oneWhere,
  roleNameOf,
  roleStatements,
  serviceGroupRef,
  stackArnPrefix,
} from "./ecs-fixtures";

/**
 * The core every service mode shares: a FargateTaskDefinition (task definition, container definition,
 * log group, execution and task roles; proven in fargate-task-definition.test.ts and shown here to be
 * exactly what a service builds), its security group and the service settings. Built directly with a
 * neutral mode, and checked once through each concrete mode.
 */

const MODE: ServiceModeSettings = {
  desiredCount: 1,
  deploymentMaximumPercent: 100,
  deploymentMinimumHealthyPercent: 0,
  availabilityZoneRebalancing: "DISABLED",
  desiredCountManagedElsewhere: false,
};

const SSM_A = "arn:aws:ssm:ap-northeast-2:123456789012:parameter/worker/api-key";
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
    new TerraformOutput(scope, "taskRoleArn", { value: service.taskRoleArn });
    new TerraformOutput(scope, "executionRoleArn", { value: service.executionRoleArn });
    new TerraformOutput(scope, "containerPort", { value: service.containerPort });
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

  test("runs as the execution role and the task role of this service", () => {
    expect(roleNameOf(synth, task.execution_role_arn)).toBe("worker-exec");
    expect(roleNameOf(synth, task.task_role_arn)).toBe("worker-task");
    expect(roleStatements(synth, "worker-task")).toBeUndefined();
  });

  test("roleNamePrefix renames both roles (names are account-wide)", () => {
    const renamed = build({ roleNamePrefix: "worker-dev" });
    expect(
      Object.values(renamed.resources("aws_iam_role"))
        .map((r) => r.name)
        .sort(),
    ).toEqual(["worker-dev-exec", "worker-dev-task"]);
  });

  test("is what the service runs, and what its results name", () => {
    const taskName = onlyName(synth, "aws_ecs_task_definition");
    expect(synth.only("aws_ecs_service").task_definition).toBe(
      ref("aws_ecs_task_definition", taskName, "arn"),
    );
    expect(synth.output("taskDefinitionArn")?.value).toBe(ref("aws_ecs_task_definition", taskName, "arn"));
    expect(synth.output("logGroupName")?.value).toBe(
      ref("aws_cloudwatch_log_group", serviceLogGroup(synth).name, "name"),
    );
    expect(synth.output("taskRoleArn")?.value).toBe(
      ref("aws_iam_role", oneWhere(synth, "aws_iam_role", { name: "worker-task" }).name, "arn"),
    );
    expect(synth.output("executionRoleArn")?.value).toBe(
      ref("aws_iam_role", oneWhere(synth, "aws_iam_role", { name: "worker-exec" }).name, "arn"),
    );
    expect(synth.output("containerPort")?.value).toBe(9091);
  });
});

/**
 * The task half of FargateService is a FargateTaskDefinition: for the same props it synthesizes the
 * same resources, attribute for attribute and under the same Terraform names. Everything
 * fargate-task-definition.test.ts proves of the construct alone therefore holds for every service.
 */
describe("FargateService builds exactly the FargateTaskDefinition of its props", () => {
  const TASK_TYPES = [
    "aws_ecs_task_definition",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_cloudwatch_log_group",
  ];
  const statement = {
    Sid: "ReadInbox",
    Effect: "Allow" as const,
    Action: ["s3:GetObject"],
    Resource: "arn:aws:s3:::acme-inbox/*",
  };

  test.each<[string, Partial<ServiceProps>, Partial<FargateTaskDefinitionProps>]>([
    ["defaults", {}, {}],
    [
      "every task prop set, with ECS Exec",
      {
        taskFamily: "worker-dev",
        roleNamePrefix: "worker-dev",
        cpu: 1024,
        memoryMib: 3072,
        cpuArchitecture: "ARM64",
        logRetentionDays: 365,
        logStreamPrefix: "ecs",
        taskRoleStatements: [statement],
        enableExecuteCommand: true,
        container: {
          ...BASE_SERVICE.container,
          environment: { ALPHA: "a" },
          secrets: { API_KEY: SSM_A, DB: `${SECRET}:password::` },
          healthCheck: { command: "true" },
          command: ["java", "-jar", "app.jar"],
          readonlyRootFilesystem: true,
        },
      },
      {
        family: "worker-dev",
        roleNamePrefix: "worker-dev",
        cpu: 1024,
        memoryMib: 3072,
        cpuArchitecture: "ARM64",
        logRetentionDays: 365,
        logStreamPrefix: "ecs",
        taskRoleStatements: [statement],
        container: {
          ...BASE_SERVICE.container,
          environment: { ALPHA: "a" },
          secrets: { API_KEY: SSM_A, DB: `${SECRET}:password::` },
          healthCheck: { command: "true" },
          command: ["java", "-jar", "app.jar"],
          readonlyRootFilesystem: true,
        },
      },
    ],
  ])("%s", (_what, serviceProps, taskProps) => {
    const viaService = synthScope((scope) => {
      const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
      new FargateService(scope, "worker", { ...BASE_SERVICE, ...serviceProps, cluster }, MODE);
    });
    const alone = synthScope((scope) => {
      const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
      new FargateTaskDefinition(scope, "worker", {
        ...BASE_TASK,
        ...taskProps,
        ...(serviceProps.enableExecuteCommand ? { execCommandCluster: cluster } : {}),
      });
    });
    for (const type of TASK_TYPES)
      expect([type, viaService.resources(type)]).toEqual([type, alone.resources(type)]);
    expect(viaService.json.data?.aws_region).toEqual(alone.json.data?.aws_region);
    expect(Object.keys(viaService.resources("aws_iam_role_policy")).length).toBe(
      serviceProps.enableExecuteCommand ? 2 : 1,
    );
  });

  test("the task's resources keep the Terraform names they had before the split", () => {
    // A new address would destroy the log group (and its logs) and recreate the roles and the security
    // group under names still taken. These are the names the pre-split FargateService synthesized.
    const synth = build({ enableExecuteCommand: true });
    const named = (type: string) => Object.keys(synth.resources(type)).sort();
    expect(named("aws_ecs_task_definition")).toEqual(["worker_task-definition_880910BE"]);
    expect(named("aws_iam_role")).toEqual(["worker_execution-role_4EC90C06", "worker_task-role_D8EA249D"]);
    expect(named("aws_iam_role_policy")).toEqual([
      "worker_execution-role_policy_CD4DE145",
      "worker_task-role_policy_623AF43B",
    ]);
    expect(named("aws_cloudwatch_log_group")).toEqual([
      "cluster_exec-logs_group_D3974D9D",
      "worker_logs_group_381222A7",
    ]);
    expect(Object.keys((synth.json.data?.aws_region ?? {}) as object)).toEqual([
      "aws-context_region_DEC3537F",
    ]);
    expect(named("aws_security_group")).toEqual(["worker_security-group_7AC33227"]);
    expect(named("aws_ecs_service")).toEqual(["worker_service_E1A32E33"]);
  });
});

describe("FargateService ECS Exec", () => {
  test("off by default: the service refuses sessions and the task role has no exec permission", () => {
    const synth = build();
    expect(synth.only("aws_ecs_service").enable_execute_command).toBe(false);
    expect(roleStatements(synth, "worker-task")).toBeUndefined();
  });

  test("enableExecuteCommand turns exec on for the service and lets the task role log to this cluster", () => {
    const synth = build({ enableExecuteCommand: true });
    expect(synth.only("aws_ecs_service").enable_execute_command).toBe(true);
    const execLogs = oneWhere(synth, "aws_cloudwatch_log_group", { name: "/aws/ecs/acme/exec" });
    const statements = roleStatements(synth, "worker-task")!;
    expect(statements.map((s) => s.Sid)).toEqual([
      "ExecSessionChannel",
      "ExecSessionLogs",
      "ExecSessionLogGroups",
    ]);
    expect(statements[1]!.Resource).toBe(
      `${stackArnPrefix(synth, "logs")}:log-group:${ref("aws_cloudwatch_log_group", execLogs.name, "name")}:*`,
    );
    expect(roleStatements(synth, "worker-exec")!.map((s) => s.Sid)).toEqual([
      "EcrAuth",
      "PullImage",
      "WriteLogs",
    ]);
  });
});

describe("FargateService log group", () => {
  test("is named as given and kept 30 days by default, or as configured", () => {
    expect(serviceLogGroup(build()).resource.retention_in_days).toBe(30);
    expect(serviceLogGroup(build({ logRetentionDays: 365 })).resource.retention_in_days).toBe(365);
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
    // Without a load balancer that is all it waits for.
    expect(service.depends_on).toEqual([`aws_ecs_cluster_capacity_providers.${association}`]);
  });

  test("an empty subnet list is refused", () => {
    expect(errorOf(() => build({ subnetIds: [] }))).toBe(
      "stack/worker: subnetIds must name at least one private subnet",
    );
  });
});

describe("FargateService validation", () => {
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

  test("a retention CloudWatch does not offer is refused, naming the prop and this service", () => {
    expect(errorOf(() => build({ logRetentionDays: 45 }))).toMatch(
      /^stack\/worker: logRetentionDays must be one of 1, 3, 5, .*, 3653, got 45$/,
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
  function viaMode(mode: "singleton" | "autoscaled" | "autoscaled without an ALB"): SynthesizedJson {
    return synthScope((scope) => {
      const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
      const props = {
        ...BASE_SERVICE,
        cluster,
        container: { ...BASE_SERVICE.container, secrets: { API_KEY: SSM_A } },
      };
      if (mode === "singleton") new SingletonService(scope, "worker", props);
      else if (mode === "autoscaled without an ALB") new AutoscaledService(scope, "worker", props);
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

  test.each(["singleton", "autoscaled", "autoscaled without an ALB"] as const)(
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

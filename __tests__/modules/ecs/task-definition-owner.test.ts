import { TerraformOutput } from "cdktf";
import { AutoscaledService } from "../../../modules/ecs/autoscaled-service";
import { EcsCluster } from "../../../modules/ecs/ecs-cluster";
import {
  FargateService,
  ServiceModeSettings,
  TaskDefinitionOwner,
} from "../../../modules/ecs/fargate-service";
import { SingletonService } from "../../../modules/ecs/singleton-service";
import { Role } from "../../../modules/iam/role";
import { ServicePrincipals } from "../../../modules/iam/service-principal";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";
import { BASE_SERVICE, containersOf, errorOf, oneWhere, roleStatements } from "./ecs-fixtures";

/**
 * taskDefinitionOwner: with "terraform" (default) the configured tag is what runs and nothing
 * changes from before; with "ci" Terraform creates the service on the first revision and ignores
 * `task_definition` afterwards, and `grantDeploy` lets a CI role register revisions and roll out
 * this one service, passing exactly this task's two roles.
 */

const MODE: ServiceModeSettings = {
  desiredCount: 1,
  deploymentMaximumPercent: 100,
  deploymentMinimumHealthyPercent: 0,
  availabilityZoneRebalancing: "DISABLED",
  desiredCountManagedElsewhere: false,
};

type Kind = "core" | "singleton" | "autoscaled";

function build(kind: Kind, owner?: TaskDefinitionOwner, deploy = false): SynthesizedJson {
  return synthScope((scope) => {
    const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
    const props = { ...BASE_SERVICE, cluster, ...(owner ? { taskDefinitionOwner: owner } : {}) };
    const service: FargateService =
      kind === "core"
        ? new FargateService(scope, "worker", props, MODE)
        : kind === "singleton"
          ? new SingletonService(scope, "worker", props)
          : new AutoscaledService(scope, "worker", props);
    new TerraformOutput(scope, "serviceArn", { value: service.serviceArn });
    if (deploy) {
      const ci = new Role(scope, "ci", { roleName: "ci-deploy", assumedBy: ServicePrincipals.lambda });
      service.grantDeploy(ci);
    }
  });
}

const serviceOf = (synth: SynthesizedJson) => oneWhere(synth, "aws_ecs_service", { name: "worker" });

describe("lifecycle", () => {
  test.each([
    ["core", undefined, undefined],
    ["singleton", undefined, undefined],
    ["autoscaled", undefined, ["desired_count"]],
    ["core", "terraform", undefined],
    ["core", "ci", ["task_definition"]],
    ["singleton", "ci", ["task_definition"]],
    ["autoscaled", "ci", ["desired_count", "task_definition"]],
  ] as [Kind, TaskDefinitionOwner | undefined, string[] | undefined][])(
    "%s with owner %s ignores %j",
    (kind, owner, ignored) => {
      const service = serviceOf(build(kind, owner)).resource;
      expect((service.lifecycle as { ignore_changes?: string[] } | undefined)?.ignore_changes).toEqual(
        ignored,
      );
    },
  );

  test('with "ci" Terraform still creates the first revision with the configured image, and the service on it', () => {
    const synth = build("autoscaled", "ci");
    const task = oneWhere(synth, "aws_ecs_task_definition", { family: "worker" });
    expect(containersOf(task.resource)[0]!.image).toBe(
      "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/acme:worker-1.2.3",
    );
    expect(serviceOf(synth).resource.task_definition).toBe(ref("aws_ecs_task_definition", task.name, "arn"));
    // track_latest stays off: Terraform reads its own revision, so CI's newer ones are no drift.
    expect(task.resource.track_latest).toBeUndefined();
  });

  test("serviceArn is the service's id (the ARN)", () => {
    const synth = build("core");
    expect(synth.output("serviceArn")!.value).toBe(ref("aws_ecs_service", serviceOf(synth).name, "id"));
  });

  test("an owner other than terraform or ci is refused", () => {
    expect(errorOf(() => build("core", "github" as TaskDefinitionOwner))).toBe(
      'stack/worker: taskDefinitionOwner must be "terraform" or "ci", got "github"',
    );
  });
});

describe("grantDeploy", () => {
  test("register/describe revisions (only * exists), update/describe this service, pass this task's two roles to ECS", () => {
    const synth = build("autoscaled", "ci", true);
    const role = (name: string) => oneWhere(synth, "aws_iam_role", { name }).name;
    expect(roleStatements(synth, "ci-deploy")).toEqual([
      {
        Sid: "DeployRegisterTaskDefinition",
        Effect: "Allow",
        Action: ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"],
        Resource: "*",
      },
      {
        Sid: "DeployUpdateService",
        Effect: "Allow",
        Action: ["ecs:DescribeServices", "ecs:UpdateService"],
        Resource: ref("aws_ecs_service", serviceOf(synth).name, "id"),
      },
      {
        Sid: "DeployPassTaskRoles",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: [
          ref("aws_iam_role", role("worker-exec"), "arn"),
          ref("aws_iam_role", role("worker-task"), "arn"),
        ],
        Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
      },
    ]);
  });

  test("another sidPrefix lets one role roll out a second service", () => {
    const synth = synthScope((scope) => {
      const cluster = new EcsCluster(scope, "cluster", { clusterName: "acme" });
      const ci = new Role(scope, "ci", { roleName: "ci-deploy", assumedBy: ServicePrincipals.lambda });
      for (const name of ["a", "b"]) {
        const service = new SingletonService(scope, name, {
          ...BASE_SERVICE,
          serviceName: name,
          logGroupName: `/aws/ecs/${name}`,
          cluster,
          taskDefinitionOwner: "ci",
        });
        service.grantDeploy(ci, `Deploy${name.toUpperCase()}`);
      }
    });
    const sids = roleStatements(synth, "ci-deploy")!.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(6);
  });

  test.each([undefined, "terraform"] as const)(
    "is refused when the owner is %s: the next deploy would put the configured image back",
    (owner) => {
      expect(errorOf(() => build("autoscaled", owner, true))).toBe(
        `stack/worker: grantDeploy needs taskDefinitionOwner "ci"; with "terraform" the next deploy would put the configured image back over CI's revision. Set taskDefinitionOwner: "ci", or release through config image_tag`,
      );
    },
  );
});

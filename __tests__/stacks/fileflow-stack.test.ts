import { Testing } from "cdktf";
import { configFileOf, loadEnvironmentConfig } from "../../config/load";
import { EnvironmentConfig } from "../../config/schema/environment";
import { FileflowStack } from "../../stacks/fileflow-stack";
import { SynthesizedStack, synthApp } from "../harness/synth-app";
import { SynthesizedJson } from "../harness/synth-scope";
import { ContainerJson, containersOf, ingressOf, serviceGroupRef } from "../modules/ecs/ecs-fixtures";
import { ref, target } from "../modules/refs";
import { sharedNetworkIn } from "./fixtures/shared-network";
import { synthStack } from "./fixtures/synth-stack";

/**
 * FileFlow as the committed config builds it (the same path as `cdktf synth`): internet → ALB → web
 * API (autoscaled, 8083); two singleton schedulers (download 9091, pipeline 9092) whose actuator
 * ports only the VPC (and configured scrapers) may reach.
 */

const SERVICES = {
  web: { name: "fileflow-web-api", port: 8083, logGroup: "/aws/ecs/fileflow", tagPrefix: "web-api-" },
  download: {
    name: "fileflow-scheduler-download",
    port: 9091,
    logGroup: "/aws/ecs/fileflow-scheduler-download",
    tagPrefix: "download-scheduler-",
  },
  pipeline: {
    name: "fileflow-scheduler-pipeline",
    port: 9092,
    logGroup: "/aws/ecs/fileflow-scheduler-pipeline",
    tagPrefix: "pipeline-scheduler-",
  },
} as const;
type ServiceKey = keyof typeof SERVICES;
const SCHEDULERS = ["download", "pipeline"] as const;

/** What the stack built for one ECS service, resolved through its references. */
interface ServiceView {
  readonly address: string;
  readonly service: Record<string, unknown>;
  readonly container: ContainerJson;
  readonly logGroupName: string;
  readonly groupRef: string;
  readonly ingress: Record<string, unknown>[];
}

function serviceView(synth: SynthesizedJson, serviceName: string): ServiceView {
  const matches = Object.entries(synth.resources("aws_ecs_service")).filter(
    ([, s]) => s.name === serviceName,
  );
  if (matches.length !== 1)
    throw new Error(`expected one ECS service named ${serviceName}, found ${matches.length}`);
  const [name, service] = matches[0]!;
  const taskName = target(synth, "aws_ecs_task_definition", service.task_definition, "arn");
  const containers = containersOf(synth.resources("aws_ecs_task_definition")[taskName]!);
  expect(containers).toHaveLength(1);
  const container = containers[0]!;
  const logGroup = target(
    synth,
    "aws_cloudwatch_log_group",
    container.logConfiguration.options["awslogs-group"],
    "name",
  );
  const groupRef = serviceGroupRef(service);
  return {
    address: `aws_ecs_service.${name}`,
    service,
    container,
    logGroupName: synth.resources("aws_cloudwatch_log_group")[logGroup]!.name as string,
    groupRef,
    ingress: ingressOf(synth, groupRef),
  };
}

function albGroupRef(synth: SynthesizedJson): string {
  const groups = synth.only("aws_lb").security_groups as string[];
  expect(groups).toHaveLength(1);
  return groups[0]!;
}

/** The literal value an output resolves to, following one reference to a resource attribute. */
function outputTarget(
  synth: SynthesizedJson,
  output: string,
  type: string,
  attribute: string,
): Record<string, unknown> {
  const value = synth.output(output)?.value;
  return synth.resources(type)[target(synth, type, value, attribute)]!;
}

let stacks: SynthesizedStack[];
const configs: Partial<Record<"dev" | "prod", EnvironmentConfig>> = {};

beforeAll(async () => {
  stacks = await synthApp({
    environments: ["dev", "prod"],
    stacks: new Set(["fileflow-dev", "fileflow-prod"]),
  });
  configs.dev = await loadEnvironmentConfig(configFileOf("dev"));
  configs.prod = await loadEnvironmentConfig(configFileOf("prod"));
});

const stackOf = (env: "dev" | "prod") => stacks.find((s) => s.name === `fileflow-${env}`)!.synth;

test("synthesizes exactly fileflow-dev and fileflow-prod, and the network stacks they run in", () => {
  expect(stacks.map((s) => s.name)).toEqual(["fileflow-dev", "fileflow-prod", "network-dev", "network-prod"]);
});

describe.each(["dev", "prod"] as const)("fileflow-%s", (env) => {
  const synth = () => stackOf(env);
  const config = () => configs[env]!;
  const view = (key: ServiceKey) => serviceView(synth(), SERVICES[key].name);

  test("the ALB's access-log bucket keeps its logs on destroy unless config says otherwise (dev only)", () => {
    const lb = synth().only("aws_lb");
    const bucketName = String((lb.access_logs as Record<string, unknown>).bucket).match(
      /^\$\{aws_s3_bucket\.([^.]+)\.bucket\}$/,
    )![1]!;
    const bucket = synth().resources("aws_s3_bucket")[bucketName]!;
    expect(config().systems.fileflow!.alb.access_logs_force_destroy).toBe(env === "dev");
    expect(bucket.force_destroy).toBe(env === "dev");
    // Independent of the ALB's own deletion protection.
    expect(lb.enable_deletion_protection).toBe(env === "prod");
  });

  test("the ALB sends only to the web API's group on its port", () => {
    const lbGroup = (synth().only("aws_lb").security_groups as string[])[0]!;
    const egress = Object.values(synth().resources("aws_vpc_security_group_egress_rule")).filter(
      (r) => r.security_group_id === lbGroup,
    );
    expect(egress.map((r) => [r.from_port, r.to_port, r.ip_protocol, r.cidr_ipv4])).toEqual([
      [8083, 8083, "tcp", undefined],
    ]);
    expect(String(egress[0]!.referenced_security_group_id)).toMatch(/^\$\{aws_security_group\.web-api_/);
  });

  test("one cluster named fileflow-<env>, running all three services", () => {
    const cluster = synth().only("aws_ecs_cluster");
    expect(cluster.name).toBe(`fileflow-${env}`);
    const clusterArn = ref("aws_ecs_cluster", Object.keys(synth().resources("aws_ecs_cluster"))[0]!, "arn");
    expect(Object.values(synth().resources("aws_ecs_service")).map((s) => [s.name, s.cluster])).toEqual(
      expect.arrayContaining([
        [SERVICES.web.name, clusterArn],
        [SERVICES.download.name, clusterArn],
        [SERVICES.pipeline.name, clusterArn],
      ]),
    );
  });

  test("exactly the three services, with their exact names", () => {
    expect(
      Object.values(synth().resources("aws_ecs_service"))
        .map((s) => s.name)
        .sort(),
    ).toEqual(["fileflow-scheduler-download", "fileflow-scheduler-pipeline", "fileflow-web-api"]);
  });

  test.each(Object.keys(SERVICES) as ServiceKey[])("%s listens on its port", (key) => {
    const { container } = view(key);
    expect(container.portMappings).toEqual([
      { containerPort: SERVICES[key].port, hostPort: SERVICES[key].port, protocol: "tcp" },
    ]);
  });

  test.each(Object.keys(SERVICES) as ServiceKey[])(
    "%s runs the tag the config names, covered by its lifecycle prefix",
    (key) => {
      const { container } = view(key);
      const tag = container.image.split(":").at(-1)!;
      const section =
        key === "web" ? config().systems.fileflow!.web_api : config().systems.fileflow![`${key}_scheduler`];
      expect(tag).toBe(section.image_tag);
      expect(tag.startsWith(SERVICES[key].tagPrefix)).toBe(true);
      const repository = Object.keys(synth().resources("aws_ecr_repository"))[0]!;
      expect(container.image).toBe(`${ref("aws_ecr_repository", repository, "repository_url")}:${tag}`);
    },
  );

  test("the web API is autoscaled behind the ALB with min/max from the config", () => {
    const web = view("web");
    const webApi = config().systems.fileflow!.web_api;
    const scalingTargets = Object.values(synth().resources("aws_appautoscaling_target"));
    expect(scalingTargets).toHaveLength(1);
    expect(scalingTargets[0]).toMatchObject({
      min_capacity: webApi.min_capacity,
      max_capacity: webApi.max_capacity,
      scalable_dimension: "ecs:service:DesiredCount",
    });
    expect(scalingTargets[0]!.resource_id).toContain(`${web.address}.name}`);
    expect(web.service.desired_count).toBe(webApi.min_capacity);
    expect((web.service.lifecycle as { ignore_changes: string[] }).ignore_changes).toContain("desired_count");
    expect(web.service.load_balancer).toEqual([
      expect.objectContaining({ container_name: "fileflow", container_port: 8083 }),
    ]);
    expect(synth().only("aws_lb_target_group")).toMatchObject({ port: 8083, target_type: "ip" });
    expect((synth().only("aws_lb_target_group").health_check as { path: string }).path).toBe(
      webApi.health_check.path,
    );
  });

  test.each(SCHEDULERS)(
    "the %s scheduler is a singleton: one task, never two, not scaled, not load-balanced",
    (key) => {
      const { service, address } = view(key);
      expect(service).toMatchObject({
        desired_count: 1,
        deployment_maximum_percent: 100,
        deployment_minimum_healthy_percent: 0,
        availability_zone_rebalancing: "DISABLED",
      });
      expect(service).not.toHaveProperty("load_balancer");
      const scaled = Object.values(synth().resources("aws_appautoscaling_target")).filter((t) =>
        String(t.resource_id).includes(`${address}.`),
      );
      expect(scaled).toEqual([]);
    },
  );

  test.each(Object.keys(SERVICES) as ServiceKey[])("%s never gets a public IP", (key) => {
    expect((view(key).service.network_configuration as { assign_public_ip: unknown }).assign_public_ip).toBe(
      false,
    );
  });

  test("only the ALB reaches the web API, and only on 8083", () => {
    const alb = albGroupRef(synth());
    expect(view("web").ingress).toEqual([
      expect.objectContaining({
        referenced_security_group_id: alb,
        ip_protocol: "tcp",
        from_port: 8083,
        to_port: 8083,
      }),
    ]);
    expect(view("web").ingress[0]).not.toHaveProperty("cidr_ipv4");
  });

  test.each(SCHEDULERS)(
    "the %s scheduler's actuator is open to the VPC CIDR only, never to the ALB or 0.0.0.0/0",
    (key) => {
      const { ingress } = view(key);
      const alb = albGroupRef(synth());
      expect(ingress.map((r) => [r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port])).toEqual([
        [config().network.vpc_cidr, "tcp", SERVICES[key].port, SERVICES[key].port],
      ]);
      for (const rule of ingress) {
        expect(rule.referenced_security_group_id).not.toBe(alb);
        expect(rule).not.toHaveProperty("referenced_security_group_id");
      }
    },
  );

  test("no security group rule references the ALB's group except the web API's; 0.0.0.0/0 reaches only the ALB", () => {
    const alb = albGroupRef(synth());
    const web = view("web");
    const rules = Object.values(synth().resources("aws_vpc_security_group_ingress_rule"));
    expect(
      rules.filter((r) => r.referenced_security_group_id === alb).map((r) => r.security_group_id),
    ).toEqual([web.groupRef]);
    const fromAnywhere = rules.filter((r) => r.cidr_ipv4 === "0.0.0.0/0");
    expect(fromAnywhere.length).toBeGreaterThan(0);
    for (const rule of fromAnywhere) {
      expect(rule.security_group_id).toBe(alb);
      expect([80, 443]).toContain(rule.from_port);
    }
  });

  test.each(Object.keys(SERVICES) as ServiceKey[])(
    "%s logs to its log group (no -<env> suffix: one account per env)",
    (key) => {
      expect(config().shared_account).toBe(false);
      expect(view(key).logGroupName).toBe(SERVICES[key].logGroup);
    },
  );

  test("outputs name the web API, the schedulers and their log groups", () => {
    const s = synth();
    const outputs = Object.keys(s.json.output ?? {});
    expect(outputs).toEqual(
      expect.arrayContaining([
        "alb_dns_name",
        "ecs_service_name",
        "cloudwatch_log_group_name",
        "download_scheduler_service_name",
        "download_scheduler_log_group_name",
        "pipeline_scheduler_service_name",
        "pipeline_scheduler_log_group_name",
      ]),
    );
    expect(s.output("alb_dns_name")?.value).toBe(
      ref("aws_lb", Object.keys(s.resources("aws_lb"))[0]!, "dns_name"),
    );
    expect(outputTarget(s, "ecs_service_name", "aws_ecs_service", "name").name).toBe(SERVICES.web.name);
    expect(outputTarget(s, "cloudwatch_log_group_name", "aws_cloudwatch_log_group", "name").name).toBe(
      SERVICES.web.logGroup,
    );
    expect(outputTarget(s, "download_scheduler_service_name", "aws_ecs_service", "name").name).toBe(
      SERVICES.download.name,
    );
    expect(
      outputTarget(s, "download_scheduler_log_group_name", "aws_cloudwatch_log_group", "name").name,
    ).toBe(SERVICES.download.logGroup);
    expect(outputTarget(s, "pipeline_scheduler_service_name", "aws_ecs_service", "name").name).toBe(
      SERVICES.pipeline.name,
    );
    expect(
      outputTarget(s, "pipeline_scheduler_log_group_name", "aws_cloudwatch_log_group", "name").name,
    ).toBe(SERVICES.pipeline.logGroup);
  });

  test("one ECR repository whose lifecycle policy keeps images per service tag prefix", () => {
    const s = synth();
    const repository = s.only("aws_ecr_repository");
    expect(repository.name).toBe("fileflow");
    const policy = s.only("aws_ecr_lifecycle_policy");
    expect(policy.repository).toBe(
      ref("aws_ecr_repository", Object.keys(s.resources("aws_ecr_repository"))[0]!, "name"),
    );
    const rules = (
      JSON.parse(policy.policy as string) as { rules: { selection: { tagPrefixList?: string[] } }[] }
    ).rules;
    expect(rules.flatMap((r) => r.selection.tagPrefixList ?? [])).toEqual([
      "web-api-",
      "download-scheduler-",
      "pipeline-scheduler-",
    ]);
  });

  test("the execution roles pull from the FileFlow repository only", () => {
    const s = synth();
    const repositoryArn = ref(
      "aws_ecr_repository",
      Object.keys(s.resources("aws_ecr_repository"))[0]!,
      "arn",
    );
    const pulls = Object.values(s.resources("aws_iam_role_policy"))
      .flatMap(
        (p) =>
          (JSON.parse(p.policy as string) as { Statement: { Sid?: string; Resource: unknown }[] }).Statement,
      )
      .filter((st) => st.Sid === "PullImage");
    expect(pulls).toHaveLength(3);
    for (const st of pulls) expect(st.Resource).toBe(repositoryArn);
  });
});

describe("environment differences", () => {
  test("dev: the ALB serves plain HTTP on 80 only", () => {
    const listeners = Object.values(stackOf("dev").resources("aws_lb_listener"));
    expect(listeners.map((l) => [l.port, l.protocol])).toEqual([[80, "HTTP"]]);
    expect((listeners[0]!.default_action as { type: string }[])[0]!.type).toBe("fixed-response");
  });

  test("prod: HTTPS on 443 with the configured certificate, and HTTP only redirects to it", () => {
    const synth = stackOf("prod");
    const byPort = Object.fromEntries(
      Object.values(synth.resources("aws_lb_listener")).map((l) => [l.port as number, l]),
    );
    expect(Object.keys(byPort).sort()).toEqual(["443", "80"]);
    expect(byPort[443]).toMatchObject({
      protocol: "HTTPS",
      certificate_arn: configs.prod!.systems.fileflow!.alb.certificate_arn,
    });
    expect(byPort[443]!.ssl_policy).toMatch(/^ELBSecurityPolicy-TLS13-/);
    expect(byPort[80]).toMatchObject({
      protocol: "HTTP",
      default_action: [
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } },
      ],
    });
    // The web API is routed on the HTTPS listener, not on the redirect.
    const https = Object.entries(synth.resources("aws_lb_listener")).find(([, l]) => l.port === 443)![0];
    expect(synth.only("aws_lb_listener_rule").listener_arn).toBe(ref("aws_lb_listener", https, "arn"));
  });

  test("dev runs both schedulers on FARGATE_SPOT, prod on FARGATE; the web API is on FARGATE in both", () => {
    const provider = (env: "dev" | "prod", key: ServiceKey) =>
      (
        serviceView(stackOf(env), SERVICES[key].name).service.capacity_provider_strategy as {
          capacity_provider: string;
        }[]
      ).map((s) => s.capacity_provider);
    expect(configs.dev!.systems.fileflow!.download_scheduler.fargate_spot).toBe(true);
    expect(provider("dev", "download")).toEqual(["FARGATE_SPOT"]);
    expect(provider("dev", "pipeline")).toEqual(["FARGATE_SPOT"]);
    expect(provider("prod", "download")).toEqual(["FARGATE"]);
    expect(provider("prod", "pipeline")).toEqual(["FARGATE"]);
    expect(provider("dev", "web")).toEqual(["FARGATE"]);
    expect(provider("prod", "web")).toEqual(["FARGATE"]);
  });

  test("web API capacity follows each file: dev 1..2, prod 2..8", () => {
    const range = (env: "dev" | "prod") => {
      const t = stackOf(env).only("aws_appautoscaling_target");
      return [t.min_capacity, t.max_capacity];
    };
    expect(range("dev")).toEqual([
      configs.dev!.systems.fileflow!.web_api.min_capacity,
      configs.dev!.systems.fileflow!.web_api.max_capacity,
    ]);
    expect(range("prod")).toEqual([
      configs.prod!.systems.fileflow!.web_api.min_capacity,
      configs.prod!.systems.fileflow!.web_api.max_capacity,
    ]);
    expect(range("dev")).toEqual([1, 2]);
    expect(range("prod")).toEqual([2, 8]);
  });
});

describe("FileflowStack built from a changed config", () => {
  /** dev.tfvars as loaded, with `change` applied to a deep copy, synthesized directly. */
  async function synthDevWith(change: (config: EnvironmentConfig) => void): Promise<SynthesizedJson> {
    const config = structuredClone(await loadEnvironmentConfig(configFileOf("dev")));
    change(config);
    const app = Testing.app();
    return synthStack(new FileflowStack(app, config, config.systems.fileflow!, sharedNetworkIn(app, config)));
  }

  test("shared_account = true suffixes log groups and the repository with -<env>; service names stay exact", async () => {
    const synth = await synthDevWith((c) => {
      c.shared_account = true;
    });
    for (const key of Object.keys(SERVICES) as ServiceKey[]) {
      const v = serviceView(synth, SERVICES[key].name);
      expect(v.logGroupName).toBe(`${SERVICES[key].logGroup}-dev`);
    }
    expect(synth.only("aws_ecr_repository").name).toBe("fileflow-dev");
    expect(synth.only("aws_ecs_cluster").name).toBe("fileflow-dev");
    expect(outputTarget(synth, "cloudwatch_log_group_name", "aws_cloudwatch_log_group", "name").name).toBe(
      "/aws/ecs/fileflow-dev",
    );
  });

  test("metrics_allowed_cidrs open the scheduler's actuator to those CIDRs too, and nothing else changes", async () => {
    const synth = await synthDevWith((c) => {
      c.systems.fileflow!.download_scheduler.metrics_allowed_cidrs = ["10.50.0.0/16", "192.168.10.0/24"];
    });
    const download = serviceView(synth, SERVICES.download.name);
    expect(download.ingress.map((r) => r.cidr_ipv4).sort()).toEqual([
      "10.10.0.0/16",
      "10.50.0.0/16",
      "192.168.10.0/24",
    ]);
    for (const rule of download.ingress) expect([rule.from_port, rule.to_port]).toEqual([9091, 9091]);
    const pipeline = serviceView(synth, SERVICES.pipeline.name);
    expect(pipeline.ingress.map((r) => r.cidr_ipv4)).toEqual(["10.10.0.0/16"]);
  });

  test("secrets in the config reach the container by reference and the execution role by exact ARN", async () => {
    const parameter = "arn:aws:ssm:ap-northeast-2:111111111111:parameter/fileflow/dev/db-password";
    const synth = await synthDevWith((c) => {
      c.systems.fileflow!.web_api.secrets = { DB_PASSWORD: parameter };
    });
    const web = serviceView(synth, SERVICES.web.name);
    expect(web.container.secrets).toEqual([{ name: "DB_PASSWORD", valueFrom: parameter }]);
    const statements = Object.values(synth.resources("aws_iam_role_policy")).flatMap(
      (p) =>
        (
          JSON.parse(p.policy as string) as {
            Statement: { Sid?: string; Action: unknown; Resource: unknown }[];
          }
        ).Statement,
    );
    expect(statements.filter((s) => s.Sid === "ReadParameters")).toEqual([
      expect.objectContaining({ Action: "ssm:GetParameters", Resource: [parameter] }),
    ]);
    expect(statements.filter((s) => s.Sid === "ReadSecrets")).toEqual([]);
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { configFileOf, loadEnvironmentConfig } from "../../config/load";
import { EnvironmentConfig } from "../../config/schema/environment";
import { SynthesizedStack, synthApp } from "../harness/synth-app";
import { SynthesizedJson } from "../harness/synth-scope";
import { containersOf } from "../modules/ecs/ecs-fixtures";
import { ref, target } from "../modules/refs";

/**
 * The ECG pipeline as the committed config builds it: CloudFront (WAF) in front of the frontend
 * bucket, the videos and /api/* → ALB that admits only CloudFront → Fargate API → GPU model server.
 */
type Env = "dev" | "prod";
const stacks: Partial<Record<Env, SynthesizedStack>> = {};
const configs: Partial<Record<Env, EnvironmentConfig>> = {};
let outdir: string;

beforeAll(async () => {
  outdir = mkdtempSync(path.join(tmpdir(), "ecg-pipeline-stack-"));
  const synthesized = await synthApp({
    stacks: new Set(["ecg-pipeline-dev", "ecg-pipeline-prod"]),
    environments: ["dev", "prod"],
    outdir,
  });
  for (const env of ["dev", "prod"] as const) {
    stacks[env] = synthesized.find((s) => s.name === `ecg-pipeline-${env}`)!;
    configs[env] = await loadEnvironmentConfig(configFileOf(env));
  }
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const synthOf = (env: Env): SynthesizedJson => stacks[env]!.synth;
const ecgOf = (env: Env) => configs[env]!.systems["ecg-pipeline"]!;
const nameOf = (synth: SynthesizedJson, type: string, where: (r: Record<string, unknown>) => boolean) => {
  const names = Object.entries(synth.resources(type))
    .filter(([, r]) => where(r))
    .map(([n]) => n);
  expect(names).toHaveLength(1);
  return names[0]!;
};
type Statement = {
  Sid?: string;
  Effect: string;
  Principal?: Record<string, string> | string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
};
const bucketNamed = (synth: SynthesizedJson, part: string) =>
  nameOf(synth, "aws_s3_bucket", (b) => String(b.bucket).includes(part));
const bucketPolicyOf = (synth: SynthesizedJson, bucket: string): Statement[] => {
  const policy = Object.values(synth.resources("aws_s3_bucket_policy")).find(
    (p) => p.bucket === ref("aws_s3_bucket", bucket),
  )!;
  return (JSON.parse(policy.policy as string) as { Statement: Statement[] }).Statement;
};
const roleNamed = (synth: SynthesizedJson, suffix: string) =>
  nameOf(synth, "aws_iam_role", (r) => String(r.name ?? r.name_prefix).endsWith(suffix));

describe.each(["dev", "prod"] as const)("ecg-pipeline-%s", (env) => {
  const synth = () => synthOf(env);

  test("names and outputs as its source lists them, plus the model servers' group", () => {
    expect(synth().only("aws_ecr_repository").name).toBe(`ecg-video-pipeline-${env}-api`);
    expect(synth().only("aws_ecs_cluster").name).toBe(`ecg-pipeline-${env}-cluster`);
    for (const output of [
      "cloudfront_url",
      "cloudfront_distribution_id",
      "alb_dns_name",
      "s3_video_storage_bucket",
      "s3_frontend_bucket",
      "ecr_api_repository_url",
      "ecs_cluster_name",
      "ecs_service_name",
      "model_server_asg_name",
    ]) {
      expect(synth().output(output)).toBeDefined();
    }
    const group = Object.keys(synth().resources("aws_autoscaling_group"))[0]!;
    expect(synth().output("model_server_asg_name")!.value).toBe(ref("aws_autoscaling_group", group, "name"));
  });

  test("the API knows where the model server and the videos are", () => {
    const container = containersOf(synth().only("aws_ecs_task_definition"))[0]!;
    expect(container.portMappings).toEqual([expect.objectContaining({ containerPort: 8000 })]);
    const variables = Object.fromEntries(container.environment!.map((e) => [e.name, e.value]));
    const zone = Object.keys(synth().resources("aws_route53_zone"))[0]!;
    expect(synth().resources("aws_route53_zone")[zone]!.vpc).toBeDefined();
    expect(variables.MODEL_SERVER_URL).toMatch(/^http:\/\/[a-z0-9.-]+\.internal:8080$/);
    expect(variables.MODEL_SERVER_URL).toContain(synth().resources("aws_route53_zone")[zone]!.name as string);
    expect(variables.S3_VIDEO_BUCKET).toBe(
      ref("aws_s3_bucket", bucketNamed(synth(), "video-storage"), "bucket"),
    );
    expect(variables).toMatchObject({ S3_VIDEO_PREFIX: "videos/", S3_RESULTS_PREFIX: "results/" });
  });

  test("the model port is open to the API's security group only", () => {
    const modelGroup = nameOf(synth(), "aws_security_group", (g) => String(g.name).endsWith("-model"));
    const apiGroup = nameOf(synth(), "aws_security_group", (g) => String(g.name).endsWith("-api"));
    const ingress = Object.values(synth().resources("aws_vpc_security_group_ingress_rule")).filter(
      (r) => r.security_group_id === ref("aws_security_group", modelGroup),
    );
    expect(ingress).toEqual([
      expect.objectContaining({
        from_port: 8080,
        to_port: 8080,
        ip_protocol: "tcp",
        referenced_security_group_id: ref("aws_security_group", apiGroup),
      }),
    ]);
  });

  test("video bucket: the API reads all and writes uploads, the model server reads uploads and writes results", () => {
    const statements = bucketPolicyOf(synth(), bucketNamed(synth(), "video-storage"));
    const api = ref("aws_iam_role", roleNamed(synth(), "-api-task"), "arn");
    const model = ref("aws_iam_role", roleNamed(synth(), "-model-instance"), "arn");
    const videos = ref("aws_s3_bucket", bucketNamed(synth(), "video-storage"), "arn");
    const grants = statements
      .filter((s) => s.Effect === "Allow" && typeof s.Principal === "object" && "AWS" in s.Principal)
      .map((s) => [(s.Principal as Record<string, string>).AWS, s.Action, s.Resource]);
    expect(grants).toEqual(
      expect.arrayContaining([
        [api, "s3:GetObject", `${videos}/*`],
        [api, ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], `${videos}/videos/*`],
        [model, "s3:GetObject", `${videos}/videos/*`],
        [model, ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], `${videos}/results/*`],
      ]),
    );
    // Nobody else, and no identity policy grants S3 on top.
    const principals = new Set(grants.map(([principal]) => principal));
    expect([...principals].sort()).toEqual([api, model].sort());
    for (const policy of Object.values(synth().resources("aws_iam_role_policy"))) {
      expect(policy.policy as string).not.toMatch(/"s3:(Put|Get|Delete)Object"/);
    }
  });

  test("CloudFront reads the buckets through its origin access control, for this distribution only", () => {
    const distribution = Object.keys(synth().resources("aws_cloudfront_distribution"))[0]!;
    const sourceArn = {
      StringEquals: { "AWS:SourceArn": ref("aws_cloudfront_distribution", distribution, "arn") },
    };
    const cloudFrontGrants = (part: string) =>
      bucketPolicyOf(synth(), bucketNamed(synth(), part)).filter(
        (s) => typeof s.Principal === "object" && s.Principal.Service === "cloudfront.amazonaws.com",
      );
    const frontend = ref("aws_s3_bucket", bucketNamed(synth(), "frontend"), "arn");
    const videos = ref("aws_s3_bucket", bucketNamed(synth(), "video-storage"), "arn");
    expect(cloudFrontGrants("frontend")).toEqual([
      expect.objectContaining({ Action: "s3:GetObject", Resource: `${frontend}/*`, Condition: sourceArn }),
    ]);
    expect(cloudFrontGrants("video-storage")).toEqual([
      expect.objectContaining({
        Action: "s3:GetObject",
        Resource: `${videos}/videos/*`,
        Condition: sourceArn,
      }),
    ]);
    const oac = Object.keys(synth().resources("aws_cloudfront_origin_access_control"))[0]!;
    const cdn = synth().only("aws_cloudfront_distribution");
    const s3Origins = (cdn.origin as Record<string, unknown>[]).filter((o) => !o.custom_origin_config);
    expect(s3Origins).toHaveLength(2);
    for (const origin of s3Origins) {
      expect(origin.origin_access_control_id).toBe(ref("aws_cloudfront_origin_access_control", oac));
    }
    const behaviors = cdn.ordered_cache_behavior as Record<string, unknown>[];
    expect(behaviors.map((b) => b.path_pattern).sort()).toEqual(["/api/*", "/videos/*"]);
  });

  test("the ALB answers only CloudFront: the origin-facing prefix list, and the secret header on every rule", () => {
    const albGroup = nameOf(synth(), "aws_security_group", (g) => String(g.name).endsWith("-alb"));
    const ingress = Object.values(synth().resources("aws_vpc_security_group_ingress_rule")).filter(
      (r) => r.security_group_id === ref("aws_security_group", albGroup),
    );
    const prefixList = Object.keys(synth().json.data!.aws_ec2_managed_prefix_list!)[0]!;
    expect(ingress).toEqual([
      expect.objectContaining({ prefix_list_id: `\${data.aws_ec2_managed_prefix_list.${prefixList}.id}` }),
    ]);
    expect(ingress[0]!.cidr_ipv4).toBeUndefined();
    const header = (synth().only("aws_cloudfront_distribution").origin as Record<string, unknown>[]).find(
      (o) => o.origin_id === "api",
    )!.custom_header as { name: string; value: string }[];
    for (const rule of Object.values(synth().resources("aws_lb_listener_rule"))) {
      expect(rule.condition).toContainEqual({
        http_header: { http_header_name: header[0]!.name, values: [header[0]!.value] },
      });
    }
    expect(header[0]!.value).toMatch(/^\$\{aws_secretsmanager_secret_version\.[^.]+\.secret_string\}$/);
  });
});

describe("dev: cheap by configuration", () => {
  test("the model server runs on Spot, 09:00-19:00 Seoul time on weekdays", () => {
    const synth = synthOf("dev");
    const group = synth.only("aws_autoscaling_group");
    expect(group.mixed_instances_policy).toMatchObject({
      instances_distribution: {
        on_demand_percentage_above_base_capacity: 0,
        spot_allocation_strategy: "capacity-optimized",
      },
    });
    const schedules = Object.values(synth.resources("aws_autoscaling_schedule"));
    expect(schedules.map((s) => [s.recurrence, s.time_zone, s.desired_capacity]).sort()).toEqual([
      ["0 19 * * MON-FRI", "Asia/Seoul", 0],
      ["0 9 * * MON-FRI", "Asia/Seoul", 1],
    ]);
  });

  test("no domain: CloudFront's default certificate and plain HTTP to the ALB (inside CloudFront-only ingress)", () => {
    const synth = synthOf("dev");
    const cdn = synth.only("aws_cloudfront_distribution");
    expect(cdn.aliases).toBeUndefined();
    expect(cdn.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    const api = (cdn.origin as Record<string, unknown>[]).find((o) => o.origin_id === "api")!;
    expect(api.custom_origin_config).toMatchObject({ origin_protocol_policy: "http-only" });
    expect(synth.count("aws_acm_certificate")).toBe(0);
  });

  test("the video bucket keeps uploads 30 days and accepts uploads from the local frontend", () => {
    const synth = synthOf("dev");
    const videos = bucketNamed(synth, "video-storage");
    const lifecycle = Object.values(synth.resources("aws_s3_bucket_lifecycle_configuration")).find(
      (l) => l.bucket === ref("aws_s3_bucket", videos),
    )!;
    expect(lifecycle.rule).toContainEqual(
      expect.objectContaining({ id: "old-videos", expiration: [{ days: 30 }] }),
    );
    expect(synth.only("aws_s3_bucket_cors_configuration").cors_rule).toEqual([
      expect.objectContaining({ allowed_origins: ["http://localhost:5173"] }),
    ]);
  });
});

describe("prod: on demand, HTTPS end to end, firewall", () => {
  test("the model server is on demand and always on", () => {
    const synth = synthOf("prod");
    const group = synth.only("aws_autoscaling_group");
    expect(group.mixed_instances_policy).toBeUndefined();
    expect(group.launch_template).toBeDefined();
    expect(synth.count("aws_autoscaling_schedule")).toBe(0);
  });

  test("the site's certificate is issued in us-east-1, the origin's in the stack's region", () => {
    const synth = synthOf("prod");
    const domain = ecgOf("prod").domain!.name;
    const certificates = Object.values(synth.resources("aws_acm_certificate"));
    expect(certificates.map((c) => [c.domain_name, c.provider]).sort()).toEqual([
      [domain, "aws.us-east-1"],
      [`origin.${domain}`, undefined],
    ]);
    const cdn = synth.only("aws_cloudfront_distribution");
    expect(cdn.aliases).toEqual([domain]);
    expect(cdn.viewer_certificate).toMatchObject({
      minimum_protocol_version: "TLSv1.2_2021",
      ssl_support_method: "sni-only",
    });
    const api = (cdn.origin as Record<string, unknown>[]).find((o) => o.origin_id === "api")!;
    expect(api).toMatchObject({
      domain_name: `origin.${domain}`,
      custom_origin_config: { origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] },
    });
  });

  test("the web ACL lives in us-east-1 and guards the distribution", () => {
    const synth = synthOf("prod");
    const acl = Object.keys(synth.resources("aws_wafv2_web_acl"))[0]!;
    expect(synth.resources("aws_wafv2_web_acl")[acl]).toMatchObject({
      scope: "CLOUDFRONT",
      provider: "aws.us-east-1",
    });
    expect(synth.only("aws_cloudfront_distribution").web_acl_id).toBe(ref("aws_wafv2_web_acl", acl, "arn"));
  });

  test("site and origin names are aliases in the configured zone", () => {
    const synth = synthOf("prod");
    const domain = ecgOf("prod").domain!;
    const distribution = Object.keys(synth.resources("aws_cloudfront_distribution"))[0]!;
    const lb = Object.keys(synth.resources("aws_lb"))[0]!;
    const aliases = Object.values(synth.resources("aws_route53_record")).filter((r) => r.alias);
    expect(
      aliases.map((r) => [r.name, r.type, (r.alias as Record<string, unknown>).name, r.zone_id]).sort(),
    ).toEqual(
      [
        [
          domain.name,
          "A",
          ref("aws_cloudfront_distribution", distribution, "domain_name"),
          domain.hosted_zone_id,
        ],
        [
          domain.name,
          "AAAA",
          ref("aws_cloudfront_distribution", distribution, "domain_name"),
          domain.hosted_zone_id,
        ],
        [`origin.${domain.name}`, "A", ref("aws_lb", lb, "dns_name"), domain.hosted_zone_id],
      ].sort(),
    );
  });

  test("buckets survive a destroy", () => {
    const synth = synthOf("prod");
    for (const bucket of Object.values(synth.resources("aws_s3_bucket"))) {
      expect(bucket.force_destroy).toBe(false);
    }
    expect(
      target(synth, "aws_s3_bucket", ref("aws_s3_bucket", bucketNamed(synth, "video-storage"))),
    ).toBeDefined();
  });
});

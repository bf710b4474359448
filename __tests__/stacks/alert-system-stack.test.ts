import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { configFileOf, loadEnvironmentConfig } from "../../config/load";
import { EnvironmentConfig } from "../../config/schema/environment";
import { SynthesizedStack, synthApp } from "../harness/synth-app";
import { SynthesizedJson } from "../harness/synth-scope";
import { containersOf } from "../modules/ecs/ecs-fixtures";
import { ref } from "../modules/refs";

/**
 * The Alert System as the committed config builds it: api.<domain> → HTTPS ALB → NestJS API on 3000,
 * RDS, EventBridge Scheduler calling back through the trigger, alarms to the on-call topic, and a CI
 * role trusted for one repository and branch.
 */
type Env = "dev" | "prod";
const stacks: Partial<Record<Env, SynthesizedStack>> = {};
const configs: Partial<Record<Env, EnvironmentConfig>> = {};
let outdir: string;

beforeAll(async () => {
  outdir = mkdtempSync(path.join(tmpdir(), "alert-system-stack-"));
  const synthesized = await synthApp({
    stacks: new Set(["alert-system-dev", "alert-system-prod"]),
    environments: ["dev", "prod"],
    outdir,
  });
  for (const env of ["dev", "prod"] as const) {
    stacks[env] = synthesized.find((s) => s.name === `alert-system-${env}`)!;
    configs[env] = await loadEnvironmentConfig(configFileOf(env));
  }
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const synthOf = (env: Env): SynthesizedJson => stacks[env]!.synth;
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
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
};
const statementsOfRole = (synth: SynthesizedJson, roleName: string): Statement[] => {
  const role = nameOf(synth, "aws_iam_role", (r) => r.name === roleName);
  return Object.values(synth.resources("aws_iam_role_policy"))
    .filter((p) => p.role === ref("aws_iam_role", role, "id"))
    .flatMap((p) => (JSON.parse(p.policy as string) as { Statement: Statement[] }).Statement);
};
const trustOf = (synth: SynthesizedJson, roleName: string) =>
  JSON.parse(
    synth.resources("aws_iam_role")[nameOf(synth, "aws_iam_role", (r) => r.name === roleName)]!
      .assume_role_policy as string,
  ).Statement as Record<string, unknown>[];

describe("prod: HTTPS at api.<domain>", () => {
  test("the certificate is validated in the configured zone and the HTTPS listener waits for it", () => {
    const synth = synthOf("prod");
    const domain = configs.prod!.systems["alert-system"]!.domain!;
    expect(synth.only("aws_acm_certificate")).toMatchObject({
      domain_name: domain.name,
      validation_method: "DNS",
    });
    const validation = Object.keys(synth.resources("aws_acm_certificate_validation"))[0]!;
    const record = nameOf(synth, "aws_route53_record", (r) =>
      String(r.name).includes("resource_record_name"),
    );
    expect(synth.resources("aws_route53_record")[record]!.zone_id).toBe(domain.hosted_zone_id);
    expect(synth.only("aws_acm_certificate_validation").validation_record_fqdns).toEqual([
      ref("aws_route53_record", record, "fqdn"),
    ]);
    const https = nameOf(synth, "aws_lb_listener", (l) => l.port === 443);
    expect(synth.resources("aws_lb_listener")[https]).toMatchObject({
      protocol: "HTTPS",
      certificate_arn: ref("aws_acm_certificate_validation", validation, "certificate_arn"),
    });
    const http = nameOf(synth, "aws_lb_listener", (l) => l.port === 80);
    expect(JSON.stringify(synth.resources("aws_lb_listener")[http]!.default_action)).toContain('"redirect"');
  });

  test("api.<domain> is an alias of the ALB", () => {
    const synth = synthOf("prod");
    const lb = Object.keys(synth.resources("aws_lb"))[0]!;
    const alias = nameOf(synth, "aws_route53_record", (r) => r.type === "A");
    expect(synth.resources("aws_route53_record")[alias]).toMatchObject({
      name: configs.prod!.systems["alert-system"]!.domain!.name,
      alias: {
        name: ref("aws_lb", lb, "dns_name"),
        zone_id: ref("aws_lb", lb, "zone_id"),
        evaluate_target_health: true,
      },
    });
  });

  test("two tasks at least, Multi-AZ database with deletion protection", () => {
    const synth = synthOf("prod");
    expect(synth.only("aws_appautoscaling_target").min_capacity).toBe(2);
    expect(synth.only("aws_db_instance")).toMatchObject({
      instance_class: "db.t4g.micro",
      multi_az: true,
      deletion_protection: true,
    });
  });
});

test("dev without a domain: no certificate, plain HTTP, nothing in Route 53", () => {
  const synth = synthOf("dev");
  expect(synth.count("aws_acm_certificate")).toBe(0);
  expect(synth.count("aws_route53_record")).toBe(0);
  expect(Object.values(synth.resources("aws_lb_listener")).map((l) => [l.port, l.protocol])).toEqual([
    [80, "HTTP"],
  ]);
});

describe.each(["dev", "prod"] as const)("alert-system-%s", (env) => {
  const synth = () => synthOf(env);
  const container = () => containersOf(synth().only("aws_ecs_task_definition"))[0]!;

  test("the API listens on 3000 with the environment its source lists", () => {
    const c = container();
    expect(c.portMappings).toEqual([expect.objectContaining({ containerPort: 3000 })]);
    const variables = Object.fromEntries(c.environment!.map((e) => [e.name, e.value]));
    const group = nameOf(synth(), "aws_scheduler_schedule_group", () => true);
    expect(variables).toMatchObject({
      AWS_REGION: "ap-northeast-2",
      AWS_SCHEDULER_ENABLED: "true",
      QUEUE_ENABLED: "true",
      PORT: "3000",
      SCHEDULE_GROUP_NAME: ref("aws_scheduler_schedule_group", group, "name"),
    });
    expect(variables.SCHEDULER_ROLE_ARN).toMatch(
      /^\$\{aws_iam_role\.scheduler_scheduler-role_[0-9A-F]+\.arn\}$/,
    );
    expect(synth().resources("aws_scheduler_schedule_group")[group]!.name).toBe(`alert-system-${env}-alerts`);
  });

  test("secrets arrive by reference, and the execution role reads exactly those ARNs", () => {
    const prefix = `arn:aws:ssm:ap-northeast-2:${configs[env]!.aws_account_id}:parameter/alert-system/${env}`;
    const secrets = Object.fromEntries(container().secrets!.map((s) => [s.name, s.valueFrom]));
    expect(secrets).toMatchObject({
      JWT_SECRET: `${prefix}/jwt-secret`,
      VAPID_PRIVATE_KEY: `${prefix}/vapid-private-key`,
      AIR_QUALITY_API_KEY: `${prefix}/air-quality-api-key`,
    });
    expect(Object.keys(secrets).sort()).toEqual([
      "AIR_QUALITY_API_KEY",
      "DATABASE_URL",
      "JWT_SECRET",
      "REDIS_URL",
      "SCHEDULER_SECRET",
      "VAPID_PRIVATE_KEY",
    ]);
    const exec = statementsOfRole(synth(), `alert-system-${env}-exec`);
    expect(exec.find((s) => s.Sid === "ReadParameters")!.Resource).toEqual([
      `${prefix}/air-quality-api-key`,
      `${prefix}/jwt-secret`,
      `${prefix}/vapid-private-key`,
    ]);
    expect(
      ([] as string[]).concat(exec.find((s) => s.Sid === "ReadSecrets")!.Resource as string[]),
    ).toHaveLength(3);
  });

  test("the scheduler role is trusted by Scheduler for this account's group and may only invoke the trigger and fill the DLQ", () => {
    const [trust] = trustOf(synth(), `alert-system-${env}-alerts-scheduler`);
    expect(trust).toMatchObject({
      Principal: { Service: "scheduler.amazonaws.com" },
      Action: "sts:AssumeRole",
    });
    const condition = trust!.Condition as {
      StringEquals: Record<string, string>;
      ArnLike: Record<string, string>;
    };
    expect(condition.StringEquals["aws:SourceAccount"]).toMatch(/^\$\{data\.aws_caller_identity\./);
    const group = nameOf(synth(), "aws_scheduler_schedule_group", () => true);
    // Scheduler sends the schedule group's ARN as aws:SourceArn (not the schedule's).
    expect(condition.ArnLike["aws:SourceArn"]).toBe(ref("aws_scheduler_schedule_group", group, "arn"));
    const actions = statementsOfRole(synth(), `alert-system-${env}-alerts-scheduler`).flatMap((s) =>
      ([] as string[]).concat(s.Action),
    );
    expect(actions.sort()).toEqual(["lambda:InvokeFunction", "sqs:SendMessage"]);
  });

  test("the API's task role manages schedules in its group only and passes only the scheduler role", () => {
    const task = statementsOfRole(synth(), `alert-system-${env}-task`);
    const manage = task.find((s) => ([] as string[]).concat(s.Action).includes("scheduler:CreateSchedule"))!;
    const group = nameOf(synth(), "aws_scheduler_schedule_group", () => true);
    expect(String(manage.Resource)).toMatch(
      new RegExp(`:schedule/\\$\\{aws_scheduler_schedule_group\\.${group}\\.name\\}/\\*$`),
    );
    const pass = task.find((s) => s.Action === "iam:PassRole")!;
    expect(pass.Resource).toMatch(/^\$\{aws_iam_role\.scheduler_scheduler-role_[0-9A-F]+\.arn\}$/);
    expect(pass.Condition).toEqual({ StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } });
  });

  test("alarms as the source lists them, each to the on-call topic", () => {
    const alarms = Object.values(synth().resources("aws_cloudwatch_metric_alarm"));
    const byMetric = (metric: string, namespace: string) =>
      alarms.filter((a) => a.metric_name === metric && a.namespace === namespace);
    const expectOne = (metric: string, namespace: string, threshold: number, comparison: string) => {
      const found = byMetric(metric, namespace);
      expect([metric, found.length]).toEqual([metric, 1]);
      expect(found[0]).toMatchObject({ threshold, comparison_operator: comparison });
    };
    expectOne("CPUUtilization", "AWS/ECS", 80, "GreaterThanThreshold");
    expectOne("MemoryUtilization", "AWS/ECS", 80, "GreaterThanThreshold");
    expectOne("HTTPCode_ELB_5XX_Count", "AWS/ApplicationELB", 10, "GreaterThanThreshold");
    expectOne("HTTPCode_Target_5XX_Count", "AWS/ApplicationELB", 10, "GreaterThanThreshold");
    expectOne("CPUUtilization", "AWS/RDS", 80, "GreaterThanThreshold");
    expectOne("FreeStorageSpace", "AWS/RDS", 5 * 1024 ** 3, "LessThanThreshold");
    expectOne("ApproximateNumberOfMessagesVisible", "AWS/SQS", 0, "GreaterThanThreshold");
    const topic = ref("aws_sns_topic", Object.keys(synth().resources("aws_sns_topic"))[0]!, "arn");
    for (const alarm of alarms) expect(alarm.alarm_actions).toEqual([topic]);
    const emails = Object.values(synth().resources("aws_sns_topic_subscription")).map((s) => [
      s.protocol,
      s.endpoint,
    ]);
    expect(emails).toEqual(configs[env]!.systems["alert-system"]!.alarms.emails.map((e) => ["email", e]));
  });

  test("the CI role is trusted for exactly the configured repository and branch, and releases only this service", () => {
    const ci = configs[env]!.systems["alert-system"]!.ci!;
    const [trust] = trustOf(synth(), `alert-system-${env}-deploy`);
    expect(trust).toMatchObject({
      Effect: "Allow",
      Action: "sts:AssumeRoleWithWebIdentity",
      Principal: {
        Federated: `arn:aws:iam::${configs[env]!.aws_account_id}:oidc-provider/token.actions.githubusercontent.com`,
      },
      Condition: {
        StringEquals: {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": `repo:${ci.repository}:ref:refs/heads/${ci.branch}`,
        },
      },
    });
    const deploy = statementsOfRole(synth(), `alert-system-${env}-deploy`);
    const service = Object.keys(synth().resources("aws_ecs_service"))[0]!;
    const update = deploy.find((s) => ([] as string[]).concat(s.Action).includes("ecs:UpdateService"))!;
    expect(update.Resource).toBe(ref("aws_ecs_service", service, "id"));
    // CI owns the revision: terraform ignores which task definition runs.
    expect(
      (synth().resources("aws_ecs_service")[service]!.lifecycle as { ignore_changes: string[] })
        .ignore_changes,
    ).toContain("task_definition");
  });

  test("the cache: encrypted, password-less until ops set one, reachable on 6379 from the API only", () => {
    const group = synth().only("aws_elasticache_replication_group");
    expect(group).toMatchObject({
      // A string in this provider version's schema.
      at_rest_encryption_enabled: "true",
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
      node_type: "cache.t4g.micro",
      engine: "redis",
    });
    expect(group.auth_token).toBeUndefined();
    const expectedNodes = env === "prod" ? 2 : 1;
    expect(Number(group.num_cache_clusters)).toBe(expectedNodes);
    expect(group.automatic_failover_enabled).toBe(env === "prod");
    expect(group.multi_az_enabled).toBe(env === "prod");
    expect(group.snapshot_retention_limit).toBe(env === "prod" ? 7 : 0);
    const cacheGroup = (group.security_group_ids as string[])[0]!;
    const rules = Object.values(synth().resources("aws_vpc_security_group_ingress_rule")).filter(
      (r) => r.security_group_id === cacheGroup,
    );
    expect(rules.map((r) => [r.from_port, r.to_port])).toEqual([[6379, 6379]]);
    expect(String(rules[0]!.referenced_security_group_id)).toMatch(
      /^\$\{aws_security_group\.api_security-group_/,
    );
    const egress = Object.values(synth().resources("aws_vpc_security_group_egress_rule")).filter(
      (r) => r.security_group_id === cacheGroup,
    );
    expect(egress).toEqual([]);
  });

  test("outputs name everything ops and CI need", () => {
    for (const name of [
      "alb_dns_name",
      "cloudwatch_dashboard_url",
      "schedule_group_name",
      "scheduler_role_arn",
      "ecr_repository_url",
      "ecs_cluster_name",
      "ecs_service_name",
      "ci_deploy_role_arn",
    ])
      expect([name, synth().output(name)?.value]).toEqual([name, expect.stringMatching(/\S/)]);
    expect(synth().output("cloudwatch_dashboard_url")?.value).toMatch(
      /^https:\/\/ap-northeast-2\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=ap-northeast-2#dashboards:name=alert-system-/,
    );
  });
});

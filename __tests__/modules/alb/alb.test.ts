import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { Alb, AlbProps, AlbTarget } from "../../../modules/alb/alb";
import { ELB_LOG_DELIVERY_SERVICE } from "../../../modules/alb/access-log-bucket";
import { DEFAULT_ALB_TLS_POLICY } from "../../../modules/alb/tls-policies";
import { Port } from "../../../modules/network/port";
import { SecurityGroup } from "../../../modules/network/security-group";
import { ref, target } from "../refs";

const CERT = "arn:aws:acm:ap-northeast-2:123456789012:certificate/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9";
const BASE: AlbProps = {
  name: "acme-web-dev",
  vpcId: "vpc-0abc",
  subnetIds: ["subnet-a", "subnet-b"],
  certificateArn: CERT,
};

interface Built {
  synth: SynthesizedJson;
  alb: Alb;
  targets: AlbTarget[];
}

function build(overrides: Partial<AlbProps> = {}, addTargets?: (alb: Alb) => AlbTarget[]): Built {
  let alb: Alb | undefined;
  let targets: AlbTarget[] = [];
  const synth = synthScope((scope) => {
    alb = new Alb(scope, "web", { ...BASE, ...overrides });
    targets = addTargets?.(alb) ?? [];
    exposeAttributes(scope, alb, targets);
  });
  return { synth, alb: alb!, targets };
}

const ALB_ATTRIBUTES = [
  "albArn",
  "albArnSuffix",
  "dnsName",
  "zoneId",
  "securityGroupId",
  "listenerArn",
] as const;
const TARGET_ATTRIBUTES = ["targetGroupArn", "targetGroupArnSuffix", "resourceLabel"] as const;

/** Outputs resolving the construct's token attributes, so tests can read what they point at. */
function exposeAttributes(scope: Construct, alb: Alb, targets: AlbTarget[]): void {
  for (const attribute of ALB_ATTRIBUTES) new TerraformOutput(scope, attribute, { value: alb[attribute] });
  targets.forEach((t, i) => {
    for (const attribute of TARGET_ATTRIBUTES)
      new TerraformOutput(scope, `target${i}-${attribute}`, { value: t[attribute] });
  });
}

/** What an attribute resolves to in the synthesized JSON. */
function resolved(synth: SynthesizedJson, output: string): unknown {
  return synth.output(output)?.value;
}

/** Throws what constructing the ALB (and running `after`) throws. */
function construct(overrides: Partial<AlbProps>, after?: (alb: Alb) => void): () => void {
  return () =>
    synthScope((scope) => {
      const alb = new Alb(scope, "web", { ...BASE, ...overrides });
      after?.(alb);
    });
}

function listenersByPort(synth: SynthesizedJson): Record<number, Record<string, unknown>> {
  return Object.fromEntries(
    Object.values(synth.resources("aws_lb_listener")).map((l) => [l.port as number, l]),
  );
}

function listenerName(synth: SynthesizedJson, port: number): string {
  return Object.entries(synth.resources("aws_lb_listener")).find(([, l]) => l.port === port)![0];
}

function ingressPorts(synth: SynthesizedJson): Array<[string, number, number]> {
  return Object.values(synth.resources("aws_vpc_security_group_ingress_rule"))
    .map(
      (r) => [r.cidr_ipv4 as string, r.from_port as number, r.to_port as number] as [string, number, number],
    )
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

function bucketPolicyStatements(synth: SynthesizedJson): Array<Record<string, unknown>> {
  const policy = JSON.parse(synth.only("aws_s3_bucket_policy").policy as string) as {
    Statement: Record<string, unknown>[];
  };
  return policy.Statement;
}

describe("Alb", () => {
  describe("with a certificate (HTTPS)", () => {
    const { synth } = build();
    const lbName = Object.keys(synth.resources("aws_lb"))[0]!;

    it("is an internet-facing application load balancer that drops invalid headers", () => {
      expect(synth.only("aws_lb")).toMatchObject({
        name: "acme-web-dev",
        load_balancer_type: "application",
        internal: false,
        subnets: ["subnet-a", "subnet-b"],
        drop_invalid_header_fields: true,
        desync_mitigation_mode: "defensive",
        idle_timeout: 60,
        enable_deletion_protection: true,
      });
    });

    it("serves HTTPS on 443 with the default TLS 1.2+ policy and a 404 default action", () => {
      const https = listenersByPort(synth)[443]!;
      expect(https).toMatchObject({
        protocol: "HTTPS",
        ssl_policy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        certificate_arn: CERT,
        load_balancer_arn: ref("aws_lb", lbName, "arn"),
        default_action: [
          { type: "fixed-response", fixed_response: { status_code: "404", content_type: "text/plain" } },
        ],
      });
      expect(DEFAULT_ALB_TLS_POLICY).toBe("ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
    });

    it("only redirects HTTP:80 to HTTPS with a 301", () => {
      const http = listenersByPort(synth)[80]!;
      expect(http.protocol).toBe("HTTP");
      expect(http.default_action).toEqual([
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } },
      ]);
      expect(synth.count("aws_lb_listener")).toBe(2);
    });

    it("exposes the HTTPS listener as the serving listener and the LB's attributes", () => {
      expect(resolved(synth, "listenerArn")).toBe(ref("aws_lb_listener", listenerName(synth, 443), "arn"));
      expect(resolved(synth, "albArn")).toBe(ref("aws_lb", lbName, "arn"));
      expect(resolved(synth, "albArnSuffix")).toBe(ref("aws_lb", lbName, "arn_suffix"));
      expect(resolved(synth, "dnsName")).toBe(ref("aws_lb", lbName, "dns_name"));
      expect(resolved(synth, "zoneId")).toBe(ref("aws_lb", lbName, "zone_id"));
    });

    it("opens its security group on 80 and 443 only, from the internet by default", () => {
      const groupName = Object.keys(synth.resources("aws_security_group"))[0]!;
      expect(synth.only("aws_lb").security_groups).toEqual([ref("aws_security_group", groupName)]);
      expect(resolved(synth, "securityGroupId")).toBe(ref("aws_security_group", groupName));
      expect(ingressPorts(synth)).toEqual([
        ["0.0.0.0/0", 80, 80],
        ["0.0.0.0/0", 443, 443],
      ]);
      for (const rule of Object.values(synth.resources("aws_vpc_security_group_ingress_rule"))) {
        expect(rule.security_group_id).toBe(ref("aws_security_group", groupName));
        expect(rule.ip_protocol).toBe("tcp");
      }
    });
  });

  describe("access logs (default on)", () => {
    const { synth } = build();
    const bucketName = Object.keys(synth.resources("aws_s3_bucket"))[0]!;

    it("writes to a bucket it creates, after the bucket policy exists", () => {
      const lb = synth.only("aws_lb");
      expect(lb.access_logs).toEqual({
        bucket: ref("aws_s3_bucket", bucketName, "bucket"),
        prefix: "acme-web-dev",
        enabled: true,
      });
      const policyName = Object.keys(synth.resources("aws_s3_bucket_policy"))[0]!;
      expect(lb.depends_on).toEqual([`aws_s3_bucket_policy.${policyName}`]);
    });

    it("encrypts the bucket with SSE-S3 (AES256), blocks public access and expires logs after 90 days", () => {
      const encryption = synth.only("aws_s3_bucket_server_side_encryption_configuration");
      expect(encryption.bucket).toBe(ref("aws_s3_bucket", bucketName));
      expect(encryption.rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: false },
      ]);
      expect(synth.only("aws_s3_bucket_public_access_block")).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      const lifecycle = synth.only("aws_s3_bucket_lifecycle_configuration").rule as Array<
        Record<string, unknown>
      >;
      expect(lifecycle[0]!.expiration).toEqual([{ days: 90 }]);
    });

    it("names the bucket after the ALB and the account by default", () => {
      const accountData = Object.keys(synth.json.data!.aws_caller_identity as object)[0]!;
      expect(synth.only("aws_s3_bucket").bucket).toBe(
        `acme-web-dev-alb-logs-\${data.aws_caller_identity.${accountData}.account_id}`,
      );
      expect(synth.only("aws_s3_bucket").force_destroy).toBe(false);
    });

    it("lets both ELB delivery principals put objects only under <prefix>/AWSLogs/<account>/", () => {
      const data = synth.json.data! as Record<string, Record<string, unknown>>;
      const account = Object.keys(data.aws_caller_identity!)[0]!;
      const elbAccount = Object.keys(data.aws_elb_service_account!)[0]!;
      const statements = bucketPolicyStatements(synth);
      const allows = statements.filter((s) => s.Effect === "Allow");
      expect(allows.map((s) => s.Principal)).toEqual([
        { AWS: `\${data.aws_elb_service_account.${elbAccount}.arn}` },
        { Service: ELB_LOG_DELIVERY_SERVICE },
      ]);
      for (const statement of allows) {
        expect(statement.Action).toBe("s3:PutObject");
        expect(statement.Resource).toBe(
          `${ref("aws_s3_bucket", bucketName, "arn")}/acme-web-dev/AWSLogs/\${data.aws_caller_identity.${account}.account_id}/*`,
        );
      }
      // The Sids the policy had before the grants moved into SecureBucket: no diff on existing ALBs.
      expect(statements.map((s) => s.Sid)).toEqual([
        "DenyInsecureTransport",
        "AllowElbLogDeliveryLegacyRegions",
        "AllowElbLogDeliveryService",
      ]);
      expect(synth.count("aws_s3_bucket_policy")).toBe(1);
    });

    it("takes an explicit bucket name and retention", () => {
      const custom = build({ accessLogBucketName: "acme-alb-logs", accessLogRetentionDays: 30 }).synth;
      expect(custom.only("aws_s3_bucket").bucket).toBe("acme-alb-logs");
      const lifecycle = custom.only("aws_s3_bucket_lifecycle_configuration").rule as Array<
        Record<string, unknown>
      >;
      expect(lifecycle[0]!.expiration).toEqual([{ days: 30 }]);
      const customBucket = Object.keys(custom.resources("aws_s3_bucket"))[0]!;
      expect(JSON.stringify(bucketPolicyStatements(custom))).toContain(
        `${ref("aws_s3_bucket", customBucket, "arn")}/acme-web-dev/AWSLogs/`,
      );
    });

    it("can be turned off, leaving no bucket and no access_logs block", () => {
      const off = build({ accessLogs: false }).synth;
      expect(off.count("aws_s3_bucket")).toBe(0);
      expect(off.only("aws_lb")).not.toHaveProperty("access_logs");
      expect(off.only("aws_lb")).not.toHaveProperty("depends_on");
    });
  });

  describe("deletion protection", () => {
    it("is on by default", () => {
      const { synth } = build();
      expect(synth.only("aws_lb").enable_deletion_protection).toBe(true);
    });

    it.each([true, false])(
      "with deletionProtection %s the log bucket still keeps its logs (force_destroy false)",
      (deletionProtection) => {
        const { synth } = build({ deletionProtection });
        expect(synth.only("aws_lb").enable_deletion_protection).toBe(deletionProtection);
        expect(synth.only("aws_s3_bucket").force_destroy).toBe(false);
      },
    );

    it.each([true, false])(
      "only accessLogForceDestroy lets destroy delete the logs (deletionProtection %s)",
      (deletionProtection) => {
        const { synth } = build({ deletionProtection, accessLogForceDestroy: true });
        expect(synth.only("aws_lb").enable_deletion_protection).toBe(deletionProtection);
        expect(synth.only("aws_s3_bucket").force_destroy).toBe(true);
      },
    );
  });

  describe("without a certificate", () => {
    it("throws unless allowPlainHttp is set", () => {
      expect(construct({ certificateArn: undefined })).toThrow(
        "web: set certificateArn to serve HTTPS, or set allowPlainHttp: true to serve plain HTTP (dev only)",
      );
    });

    it("with allowPlainHttp serves HTTP:80 directly and opens only port 80", () => {
      const { synth } = build({ certificateArn: undefined, allowPlainHttp: true });
      expect(synth.count("aws_lb_listener")).toBe(1);
      const http = listenersByPort(synth)[80]!;
      expect(http).toMatchObject({ protocol: "HTTP", default_action: [{ type: "fixed-response" }] });
      expect(http).not.toHaveProperty("ssl_policy");
      expect(resolved(synth, "listenerArn")).toBe(ref("aws_lb_listener", listenerName(synth, 80), "arn"));
      expect(ingressPorts(synth)).toEqual([["0.0.0.0/0", 80, 80]]);
    });
  });

  describe("TLS policy", () => {
    it("accepts another allow-listed TLS 1.2+ policy", () => {
      const { synth } = build({ sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" });
      expect(listenersByPort(synth)[443]!.ssl_policy).toBe("ELBSecurityPolicy-TLS13-1-3-2021-06");
    });

    it.each([
      "ELBSecurityPolicy-2016-08",
      "ELBSecurityPolicy-TLS13-1-0-2021-06",
      "ELBSecurityPolicy-TLS13-1-1-2021-06",
      "ELBSecurityPolicy-TLS-1-1-2017-01",
      "ELBSecurityPolicy-FS-2018-06",
      "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04",
    ])("rejects %s, which allows TLS 1.0 or 1.1", (policy) => {
      expect(construct({ sslPolicy: policy })).toThrow(
        `web: sslPolicy "${policy}" is not an allowed TLS 1.2+ policy`,
      );
    });
  });

  describe("ingress", () => {
    it("opens 80/443 to the given CIDRs only", () => {
      const { synth } = build({ ingressCidrs: ["10.0.0.0/16", "192.168.0.0/24"] });
      expect(ingressPorts(synth)).toEqual([
        ["10.0.0.0/16", 80, 80],
        ["192.168.0.0/24", 80, 80],
        ["10.0.0.0/16", 443, 443],
        ["192.168.0.0/24", 443, 443],
      ]);
    });

    it("makes an internal ALB name its CIDRs", () => {
      expect(construct({ internal: true })).toThrow(
        "web: an internal ALB needs ingressCidrs (e.g. the VPC CIDR)",
      );
      const { synth } = build({ internal: true, ingressCidrs: ["10.0.0.0/16"] });
      expect(synth.only("aws_lb").internal).toBe(true);
      expect(ingressPorts(synth).map(([cidr]) => cidr)).toEqual(["10.0.0.0/16", "10.0.0.0/16"]);
    });

    it("lets a service open its port to the ALB through connections", () => {
      let groupName = "";
      const synth = synthScope((scope) => {
        const alb = new Alb(scope, "web", BASE);
        const service = new SecurityGroup(scope, "service", {
          vpcId: "vpc-0abc",
          name: "acme-api",
          description: "api",
        });
        service.connections.allowFrom(alb, Port.tcp(8080));
        groupName = alb.connections.ownerName;
      });
      expect(groupName).toBe("acme-web-dev-alb");
      const fromAlb = Object.values(synth.resources("aws_vpc_security_group_ingress_rule")).filter(
        (r) => r.referenced_security_group_id !== undefined,
      );
      expect(fromAlb).toHaveLength(1);
      expect(fromAlb[0]).toMatchObject({ from_port: 8080, to_port: 8080 });
      const albGroup = target(synth, "aws_security_group", fromAlb[0]!.referenced_security_group_id);
      expect(synth.resources("aws_security_group")[albGroup]!.name).toBe("acme-web-dev-alb");
    });
  });

  describe("egress", () => {
    const EGRESS = "aws_vpc_security_group_egress_rule";
    const albGroupOf = (synth: SynthesizedJson) =>
      ref(
        "aws_security_group",
        Object.entries(synth.resources("aws_security_group")).find(
          ([, g]) => g.name === "acme-web-dev-alb",
        )![0],
      );

    it("has none of its own: no allow-all rule, nothing until a target's group admits it", () => {
      const { synth } = build({}, (a) => [a.addTarget("api", { port: 8080 })]);
      expect(synth.count(EGRESS)).toBe(0);
      expect(synth.only("aws_security_group")).not.toHaveProperty("egress");
    });

    it("sends only to its targets' groups, each on its target port", () => {
      const groupRefs: Record<string, string> = {};
      const synth = synthScope((scope) => {
        const alb = new Alb(scope, "web", BASE);
        for (const [name, port] of [
          ["api", 8080],
          ["admin", 9000],
        ] as const) {
          alb.addTarget(name, { port, pathPatterns: [`/${name}/*`] });
          const service = new SecurityGroup(scope, name, {
            vpcId: "vpc-0abc",
            name: `acme-${name}`,
            description: name,
            allowAllOutbound: true,
          });
          service.connections.allowFrom(alb, Port.tcp(port), "from the load balancer");
          new TerraformOutput(scope, `${name}-group`, { value: service.securityGroupId });
        }
      });
      for (const name of ["api", "admin"]) groupRefs[name] = resolved(synth, `${name}-group`) as string;
      const albGroup = albGroupOf(synth);
      const byPort = (a: Record<string, unknown>, b: Record<string, unknown>) =>
        (a.from_port as number) - (b.from_port as number);
      const fromAlb = Object.values(synth.resources(EGRESS))
        .filter((r) => r.security_group_id === albGroup)
        .sort(byPort);
      expect(
        fromAlb.map((r) => [r.referenced_security_group_id, r.ip_protocol, r.from_port, r.to_port]),
      ).toEqual([
        [groupRefs.api, "tcp", 8080, 8080],
        [groupRefs.admin, "tcp", 9000, 9000],
      ]);
      for (const rule of fromAlb) {
        expect(rule).not.toHaveProperty("cidr_ipv4");
        expect(rule).not.toHaveProperty("prefix_list_id");
      }
      // The matching ingress on each target's group, from the ALB's group only.
      const ingressFromAlb = Object.values(synth.resources("aws_vpc_security_group_ingress_rule"))
        .filter((r) => r.referenced_security_group_id === albGroup)
        .sort(byPort);
      expect(ingressFromAlb.map((r) => [r.security_group_id, r.from_port])).toEqual([
        [groupRefs.api, 8080],
        [groupRefs.admin, 9000],
      ]);
    });
  });

  describe("addTarget", () => {
    const { synth } = build({}, (a) => [
      a.addTarget("api", { port: 8080, healthCheck: { path: "/healthz" } }),
      a.addTarget("admin", { port: 9000, pathPatterns: ["/admin/*"], deregistrationDelaySeconds: 10 }),
    ]);
    const groups = synth.resources("aws_lb_target_group");
    const groupNamed = (tag: string) =>
      Object.entries(groups).find(([, g]) => (g.tags as Record<string, string>).Name === tag)!;
    const rules = Object.values(synth.resources("aws_lb_listener_rule"));
    const ruleFor = (groupName: string) =>
      rules.find(
        (r) =>
          (r.action as Array<Record<string, unknown>>)[0]!.target_group_arn ===
          ref("aws_lb_target_group", groupName, "arn"),
      )!;

    it("creates an ip target group with the health check defaults", () => {
      const [, api] = groupNamed("acme-web-dev-api");
      expect(api).toMatchObject({
        target_type: "ip",
        port: 8080,
        protocol: "HTTP",
        vpc_id: "vpc-0abc",
        deregistration_delay: "30",
        lifecycle: { create_before_destroy: true },
        health_check: {
          enabled: true,
          path: "/healthz",
          interval: 30,
          timeout: 5,
          healthy_threshold: 3,
          unhealthy_threshold: 3,
          matcher: "200-399",
          port: "traffic-port",
          protocol: "HTTP",
        },
      });
      expect(groupNamed("acme-web-dev-admin")[1].deregistration_delay).toBe("10");
    });

    it("routes path patterns on the HTTPS listener with priorities counting up from 100", () => {
      const https = listenerName(synth, 443);
      const [apiName] = groupNamed("acme-web-dev-api");
      const [adminName] = groupNamed("acme-web-dev-admin");
      expect(ruleFor(apiName)).toMatchObject({
        listener_arn: ref("aws_lb_listener", https, "arn"),
        priority: 100,
        condition: [{ path_pattern: { values: ["/*"] } }],
        action: [{ type: "forward" }],
      });
      expect(ruleFor(adminName)).toMatchObject({
        priority: 101,
        condition: [{ path_pattern: { values: ["/admin/*"] } }],
      });
    });

    it("returns the target group ARN, its suffix and the ALBRequestCountPerTarget resource label", () => {
      const [apiName] = groupNamed("acme-web-dev-api");
      const lbName = Object.keys(synth.resources("aws_lb"))[0]!;
      expect(resolved(synth, "target0-targetGroupArn")).toBe(ref("aws_lb_target_group", apiName, "arn"));
      expect(resolved(synth, "target0-targetGroupArnSuffix")).toBe(
        ref("aws_lb_target_group", apiName, "arn_suffix"),
      );
      expect(resolved(synth, "target0-resourceLabel")).toBe(
        `${ref("aws_lb", lbName, "arn_suffix")}/${ref("aws_lb_target_group", apiName, "arn_suffix")}`,
      );
    });

    it("skips explicit priorities when counting", () => {
      const { synth: s } = build({}, (a) => [
        a.addTarget("one", { port: 80, priority: 100 }),
        a.addTarget("two", { port: 80, pathPatterns: ["/two/*"] }),
      ]);
      expect(
        Object.values(s.resources("aws_lb_listener_rule"))
          .map((r) => r.priority)
          .sort(),
      ).toEqual([100, 101]);
    });

    it("routes on the HTTP listener when there is no certificate", () => {
      const { synth: s } = build({ certificateArn: undefined, allowPlainHttp: true }, (a) => [
        a.addTarget("api", { port: 8080 }),
      ]);
      expect(s.only("aws_lb_listener_rule").listener_arn).toBe(
        ref("aws_lb_listener", listenerName(s, 80), "arn"),
      );
    });
  });

  describe("validation", () => {
    it.each<[string, Partial<AlbProps>, string]>([
      [
        "a name longer than 32 characters",
        { name: "a".repeat(33) },
        "web: name must be 1-32 letters, digits or hyphens",
      ],
      ["a name starting with internal-", { name: "internal-web" }, 'nor starting with "internal-"'],
      [
        "a single subnet",
        { subnetIds: ["subnet-a"] },
        "web: subnetIds needs at least two subnets in different availability zones, got 1",
      ],
      [
        "a malformed certificate ARN",
        { certificateArn: "my-cert" },
        'web: certificateArn must be an ACM certificate ARN, got "my-cert"',
      ],
      [
        "allowPlainHttp with a certificate",
        { allowPlainHttp: true },
        "web: allowPlainHttp only applies without certificateArn",
      ],
      [
        "an idle timeout of 0",
        { idleTimeoutSeconds: 0 },
        "web: idleTimeoutSeconds must be a whole number from 1 to 4000, got 0",
      ],
      ["an empty ingressCidrs", { ingressCidrs: [] }, "web: ingressCidrs is empty"],
      [
        "a host-bits CIDR",
        { ingressCidrs: ["10.0.0.1/16"] },
        'web: ingressCidrs entry "10.0.0.1/16" is not an IPv4 CIDR with no host bits set',
      ],
      [
        "log settings with logs off",
        { accessLogs: false, accessLogRetentionDays: 30 },
        "web: accessLogBucketName, accessLogRetentionDays and accessLogForceDestroy need accessLogs",
      ],
      [
        "accessLogForceDestroy with logs off",
        { accessLogs: false, accessLogForceDestroy: false },
        "web: accessLogBucketName, accessLogRetentionDays and accessLogForceDestroy need accessLogs; remove them or drop accessLogs: false",
      ],
      [
        "a zero log retention",
        { accessLogRetentionDays: 0 },
        "web/access-logs: retentionDays must be a whole number of days >= 1, got 0",
      ],
      [
        "an uppercase bucket name",
        { accessLogBucketName: "Acme-Logs" },
        "web/access-logs: bucketName must be an S3 bucket name",
      ],
    ])("rejects %s", (_what, overrides, message) => {
      expect(construct(overrides)).toThrow(message);
    });

    it.each<[string, Parameters<Alb["addTarget"]>[1], string]>([
      ["port 0", { port: 0 }, 'web: addTarget("api"): port must be a whole number from 1 to 65535, got 0'],
      [
        "a timeout not below the interval",
        { port: 80, healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } },
        "healthCheck.timeoutSeconds (10) must be less than intervalSeconds (10)",
      ],
      [
        "a relative health check path",
        { port: 80, healthCheck: { path: "health" } },
        'healthCheck.path must start with "/"',
      ],
      [
        "a threshold of 1",
        { port: 80, healthCheck: { healthyThreshold: 1 } },
        "healthCheck.healthyThreshold must be a whole number from 2 to 10, got 1",
      ],
      [
        "a 5xx matcher",
        { port: 80, healthCheck: { matcher: "200-599" } },
        "healthCheck.matcher must list HTTP codes 200-499",
      ],
      [
        "a non-numeric matcher",
        { port: 80, healthCheck: { matcher: "ok" } },
        "healthCheck.matcher must list HTTP codes 200-499",
      ],
      [
        "six path patterns",
        { port: 80, pathPatterns: ["/a", "/b", "/c", "/d", "/e", "/f"] },
        "pathPatterns needs 1-5 patterns, got 6",
      ],
      ["no path patterns", { port: 80, pathPatterns: [] }, "pathPatterns needs 1-5 patterns, got 0"],
      ["priority 0", { port: 80, priority: 0 }, "priority must be a whole number from 1 to 50000, got 0"],
      [
        "a deregistration delay over an hour",
        { port: 80, deregistrationDelaySeconds: 3601 },
        "deregistrationDelaySeconds must be a whole number from 0 to 3600",
      ],
    ])("addTarget rejects %s", (_what, props, message) => {
      expect(construct({}, (alb) => alb.addTarget("api", props))).toThrow(message);
    });

    it("addTarget rejects a priority already in use", () => {
      expect(
        construct({}, (alb) => {
          alb.addTarget("one", { port: 80, priority: 120 });
          alb.addTarget("two", { port: 80, priority: 120 });
        }),
      ).toThrow('web: addTarget("two"): priority 120 is already used on this ALB; pick another or omit it');
    });
  });

  describe("CloudFront-only mode", () => {
    const SECRET = "s3cr3tHeaderValue0123456789abcdefXYZ";
    const cloudFrontOnly = { originHeaderName: "X-Origin-Verify", originHeaderValue: SECRET };
    const prefixListData = (synth: SynthesizedJson) =>
      (synth.json.data!.aws_ec2_managed_prefix_list ?? {}) as Record<string, Record<string, unknown>>;
    const ingressRules = (synth: SynthesizedJson) =>
      Object.values(synth.resources("aws_vpc_security_group_ingress_rule"));

    describe.each([
      ["with a certificate", { certificateArn: CERT }, 443, "HTTPS"],
      ["without a certificate (dev)", { certificateArn: undefined, allowPlainHttp: true }, 80, "HTTP"],
    ] as const)("%s", (_what, overrides, servingPort, protocol) => {
      const { synth } = build({ ...overrides, cloudFrontOnly }, (alb) => [
        alb.addTarget("api", { port: 8000, pathPatterns: ["/api/*"] }),
        alb.addTarget("docs", { port: 8080, pathPatterns: ["/docs/*"] }),
      ]);

      it("looks up CloudFront's origin-facing managed prefix list by name", () => {
        expect(Object.values(prefixListData(synth))).toEqual([
          expect.objectContaining({ name: "com.amazonaws.global.cloudfront.origin-facing" }),
        ]);
      });

      it(`admits that prefix list on ${servingPort} only, and no CIDR at all`, () => {
        const listName = Object.keys(prefixListData(synth))[0]!;
        expect(ingressRules(synth)).toEqual([
          expect.objectContaining({
            prefix_list_id: `\${data.aws_ec2_managed_prefix_list.${listName}.id}`,
            ip_protocol: "tcp",
            from_port: servingPort,
            to_port: servingPort,
            description: `${protocol} from CloudFront`,
          }),
        ]);
        for (const rule of ingressRules(synth)) expect(rule.cidr_ipv4).toBeUndefined();
      });

      it("answers 403 on the serving listener to anything no rule takes", () => {
        expect(listenersByPort(synth)[servingPort]!.default_action).toEqual([
          {
            type: "fixed-response",
            fixed_response: { content_type: "text/plain", message_body: "Forbidden", status_code: "403" },
          },
        ]);
      });

      it("forwards to a target only with the origin header's secret value", () => {
        const rules = Object.values(synth.resources("aws_lb_listener_rule"));
        expect(rules).toHaveLength(2);
        for (const rule of rules) {
          expect(rule.condition).toEqual([
            { path_pattern: { values: [expect.stringMatching(/^\/(api|docs)\/\*$/)] } },
            { http_header: { http_header_name: "X-Origin-Verify", values: [SECRET] } },
          ]);
        }
      });
    });

    it("keeps the HTTP redirect listener, which no rule opens", () => {
      const { synth } = build({ cloudFrontOnly });
      expect(listenersByPort(synth)[80]!.default_action).toEqual([
        { type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } },
      ]);
      expect(ingressRules(synth).map((r) => r.from_port)).toEqual([443]);
    });

    it("leaves the default mode as it was: no prefix list, 404, path conditions only", () => {
      const { synth } = build({}, (alb) => [alb.addTarget("api", { port: 8000 })]);
      expect(synth.json.data?.aws_ec2_managed_prefix_list).toBeUndefined();
      expect(listenersByPort(synth)[443]!.default_action).toEqual([
        { type: "fixed-response", fixed_response: expect.objectContaining({ status_code: "404" }) },
      ]);
      expect(synth.only("aws_lb_listener_rule").condition).toEqual([{ path_pattern: { values: ["/*"] } }]);
    });

    it("takes the header value as a reference (OriginSecret.headerValue)", () => {
      const { synth } = build(
        {
          cloudFrontOnly: {
            originHeaderName: "X-Origin-Verify",
            originHeaderValue: "${aws_secretsmanager_secret_version.v.secret_string}",
          },
        },
        (alb) => [alb.addTarget("api", { port: 8000 })],
      );
      expect(synth.only("aws_lb_listener_rule").condition).toContainEqual({
        http_header: {
          http_header_name: "X-Origin-Verify",
          values: ["${aws_secretsmanager_secret_version.v.secret_string}"],
        },
      });
    });

    it.each<[string, Partial<AlbProps>, string]>([
      [
        "ingressCidrs",
        { cloudFrontOnly, ingressCidrs: ["0.0.0.0/0"] },
        "web: cloudFrontOnly admits CloudFront's origin-facing addresses only, so it cannot be combined with ingressCidrs; drop ingressCidrs",
      ],
      [
        "an internal ALB",
        { cloudFrontOnly, internal: true },
        "web: cloudFrontOnly needs an internet-facing ALB (CloudFront reaches it over the internet), got internal: true",
      ],
      [
        "a header CloudFront may not send",
        { cloudFrontOnly: { ...cloudFrontOnly, originHeaderName: "Host" } },
        "web: cloudFrontOnly.originHeaderName must be a header name of 1-40 letters",
      ],
      [
        "a guessable header value",
        { cloudFrontOnly: { ...cloudFrontOnly, originHeaderValue: "letmein" } },
        "web: cloudFrontOnly.originHeaderValue must be a value of 16-128 printable characters",
      ],
    ])("refuses cloudFrontOnly with %s", (_what, overrides, message) => {
      expect(construct(overrides)).toThrow(message);
    });

    it("refuses a fifth path pattern: the origin header takes the rule's fifth condition value", () => {
      expect(
        construct({ cloudFrontOnly }, (alb) =>
          alb.addTarget("api", { port: 80, pathPatterns: ["/a", "/b", "/c", "/d", "/e"] }),
        ),
      ).toThrow(
        'web: addTarget("api"): pathPatterns needs 1-4 patterns (the CloudFront origin header takes the fifth condition value), got 5',
      );
      expect(() =>
        construct({ cloudFrontOnly }, (alb) =>
          alb.addTarget("api", { port: 80, pathPatterns: ["/a", "/b", "/c", "/d"] }),
        )(),
      ).not.toThrow();
    });
  });
});

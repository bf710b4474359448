import { EcrRepository as AwsEcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { Construct } from "constructs";
import { Alb } from "../../modules/alb/alb";
import { ALLOWED_ALB_TLS_POLICIES } from "../../modules/alb/tls-policies";
import { EcrRepository } from "../../modules/ecr/ecr-repository";
import { synthScope } from "../harness/synth-scope";
import { evaluate } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * The ALB and ECR rules on what cdktf really emits: bare provider resources break them, the Alb and
 * EcrRepository modules break no rule at all. The hand-written bad fixtures live in each rule's
 * `examples` and run in rules.test.ts.
 */
const rules = loadRules();
const CERT = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc";

function rulesBroken(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return [...new Set(evaluate([stack], rules).map((f) => f.rule))].sort();
}

test("the ALB and ECR rules are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(
    expect.arrayContaining([
      "alb-drops-invalid-header-fields",
      "alb-access-logs-enabled",
      "alb-https-listener-tls-policy",
      "ecr-scan-on-push",
      "ecr-encryption-configured",
    ]),
  );
});

test("a bare aws_lb with an HTTPS listener on the AWS default policy breaks every ALB rule", () => {
  expect(
    rulesBroken((s) => {
      const lb = new Lb(s, "lb", { name: "bare", subnets: ["a", "b"] });
      new LbListener(s, "https", {
        loadBalancerArn: lb.arn,
        port: 443,
        protocol: "HTTPS",
        certificateArn: CERT,
        defaultAction: [
          { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } },
        ],
      });
    }),
  ).toEqual(["alb-access-logs-enabled", "alb-drops-invalid-header-fields", "alb-https-listener-tls-policy"]);
});

test("an aws_lb with access logs switched off is flagged", () => {
  expect(
    rulesBroken(
      (s) =>
        new Lb(s, "lb", {
          name: "off",
          dropInvalidHeaderFields: true,
          accessLogs: { bucket: "logs", enabled: false },
        }),
    ),
  ).toEqual(["alb-access-logs-enabled"]);
});

test("the Alb module breaks no rule, with HTTPS or with plain HTTP and targets", () => {
  expect(
    rulesBroken((s) => {
      const alb = new Alb(s, "web", {
        name: "web",
        vpcId: "vpc-1",
        subnetIds: ["a", "b"],
        certificateArn: CERT,
      });
      alb.addTarget("api", { port: 8080 });
    }),
  ).toEqual([]);
  expect(
    rulesBroken((s) => {
      const alb = new Alb(s, "dev", {
        name: "dev",
        vpcId: "vpc-1",
        subnetIds: ["a", "b"],
        allowPlainHttp: true,
        deletionProtection: false,
      });
      alb.addTarget("api", { port: 8080 });
    }),
  ).toEqual([]);
});

test("a bare aws_ecr_repository breaks both ECR rules; EcrRepository breaks none", () => {
  expect(rulesBroken((s) => new AwsEcrRepository(s, "r", { name: "bare" }))).toEqual([
    "ecr-encryption-configured",
    "ecr-scan-on-push",
  ]);
  expect(
    rulesBroken(
      (s) =>
        new AwsEcrRepository(s, "r", {
          name: "aes",
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfiguration: [{ encryptionType: "AES256" }],
        }),
    ),
  ).toEqual(["ecr-encryption-configured"]);
  expect(
    rulesBroken((s) => new EcrRepository(s, "r", { name: "acme/api", tagPrefixes: ["release-"] })),
  ).toEqual([]);
});

describe("the TLS rule, stated independently of the module's allow-list", () => {
  const tlsRule = rules.find((r) => r.name === "alb-https-listener-tls-policy")!;
  const listenerWith = (ssl_policy: string) =>
    new PolicyStack("s", {
      resource: {
        aws_lb_listener: { l: { port: 443, protocol: "HTTPS", certificate_arn: CERT, ssl_policy } },
      },
    });

  test.each([...ALLOWED_ALB_TLS_POLICIES])("accepts %s, which the Alb module offers", (policy) => {
    expect(tlsRule.check(listenerWith(policy))).toEqual([]);
  });

  test.each([
    "ELBSecurityPolicy-2016-08",
    "ELBSecurityPolicy-TLS13-1-0-2021-06",
    "ELBSecurityPolicy-TLS13-1-1-2021-06",
    "ELBSecurityPolicy-TLS-1-1-2017-01",
    "ELBSecurityPolicy-FS-2018-06",
    "ELBSecurityPolicy-FS-1-1-2019-08",
    "ELBSecurityPolicy-2015-05",
  ])("refuses %s, which still accepts TLS 1.0 or 1.1", (policy) => {
    expect(tlsRule.check(listenerWith(policy))).toHaveLength(1);
  });
});

import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Construct } from "constructs";
import { CloudFrontDistribution } from "../../modules/cdn/cloudfront-distribution";
import { WebAcl } from "../../modules/cdn/web-acl";
import { SecureBucket } from "../../modules/s3/secure-bucket";
import { synthScope } from "../harness/synth-scope";
import { evaluate } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";
import { environmentOf } from "./rules/cloudfront";

/**
 * The CloudFront and WAF rules on what cdktf really emits: bare provider resources break them, the
 * CloudFrontDistribution and WebAcl modules break none. The hand-written fixtures live in each rule's
 * `examples` and run in rules.test.ts.
 */
const rules = loadRules();
const CERT = "arn:aws:acm:us-east-1:111111111111:certificate/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9";
const CLOUDFRONT_RULES = [
  "cloudfront-custom-origin-tls",
  "cloudfront-logging",
  "cloudfront-s3-origin-access-control",
  "cloudfront-viewer-certificate-tls",
  "cloudfront-viewer-https",
  "cloudfront-web-acl-in-prod",
];
const WAF_RULES = ["waf-common-rule-set", "waf-rate-based-rule", "waf-visibility-metrics"];

/** Providers as BaseStack makes them: the environment's region and us-east-1, both tagged. */
function providers(scope: Construct, environment: string): AwsProvider {
  const tags = [{ tags: { Environment: environment, Project: "platform" } }];
  new AwsProvider(scope, "aws", { region: "ap-northeast-2", defaultTags: tags });
  return new AwsProvider(scope, "aws-us-east-1", {
    region: "us-east-1",
    alias: "us-east-1",
    defaultTags: tags,
  });
}

function rulesBroken(build: (scope: Construct) => void, name = "scope"): string[] {
  const stack = new PolicyStack(name, synthScope(build).json);
  return [...new Set(evaluate([stack], rules).map((f) => f.rule))].sort();
}

function moduleStack(
  scope: Construct,
  environment: string,
  options: { waf: boolean; domain: boolean },
): void {
  const usEast1 = providers(scope, environment);
  const frontend = new SecureBucket(scope, "frontend", { bucketName: "ecg-frontend" });
  const videos = new SecureBucket(scope, "videos", { bucketName: "ecg-videos" });
  const waf = options.waf ? new WebAcl(scope, "waf", { name: "ecg", provider: usEast1 }) : undefined;
  new CloudFrontDistribution(scope, "cdn", {
    name: "ecg",
    defaultOrigin: { bucket: frontend },
    s3Behaviors: [{ pathPattern: "/videos/*", bucket: videos }],
    apiOrigin: {
      domainName: "origin.example.com",
      protocol: "https-only",
      originHeader: { name: "X-Origin-Verify", value: "s3cr3tHeaderValue0123456789abcdefXYZ" },
    },
    ...(options.domain ? { domain: { aliases: ["www.example.com"], certificateArn: CERT } } : {}),
    logBucket: { bucketDomainName: "ecg-logs.s3.amazonaws.com" },
    ...(waf ? { webAclArn: waf.webAclArn } : {}),
  });
}

test("the CloudFront and WAF rules are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining([...CLOUDFRONT_RULES, ...WAF_RULES]));
});

test("a bare prod distribution (HTTP allowed, unsigned S3, old TLS, no logs, no WAF) breaks every CloudFront rule", () => {
  expect(
    rulesBroken((s) => {
      providers(s, "prod");
      new CloudfrontDistribution(s, "d", {
        enabled: true,
        origin: [
          { originId: "s3", domainName: "site.s3.ap-northeast-2.amazonaws.com" },
          {
            originId: "api",
            domainName: "api.example.com",
            customOriginConfig: {
              httpPort: 80,
              httpsPort: 443,
              originProtocolPolicy: "https-only",
              originSslProtocols: ["TLSv1", "TLSv1.2"],
            },
          },
        ],
        defaultCacheBehavior: {
          targetOriginId: "s3",
          viewerProtocolPolicy: "allow-all",
          allowedMethods: ["GET", "HEAD"],
          cachedMethods: ["GET", "HEAD"],
        },
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: { acmCertificateArn: CERT, sslSupportMethod: "sni-only" },
      });
    }),
  ).toEqual(CLOUDFRONT_RULES);
});

test("a bare web ACL with no rules and metrics off breaks every WAF rule", () => {
  expect(
    rulesBroken((s) => {
      const usEast1 = providers(s, "dev");
      new Wafv2WebAcl(s, "w", {
        name: "bare",
        scope: "CLOUDFRONT",
        provider: usEast1,
        defaultAction: { allow: {} },
        visibilityConfig: {
          cloudwatchMetricsEnabled: false,
          sampledRequestsEnabled: false,
          metricName: "bare",
        },
      });
    }),
  ).toEqual(WAF_RULES);
});

test.each([
  ["prod with WAF and a custom domain", "prod", { waf: true, domain: true }],
  ["dev without WAF nor domain", "dev", { waf: false, domain: false }],
])("the CDN modules break no rule: %s", (_what, environment, options) => {
  expect(rulesBroken((s) => moduleStack(s, environment, options))).toEqual([]);
});

test("the same distribution without WAF is flagged in prod only", () => {
  expect(rulesBroken((s) => moduleStack(s, "prod", { waf: false, domain: true }))).toEqual([
    "cloudfront-web-acl-in-prod",
  ]);
  expect(rulesBroken((s) => moduleStack(s, "staging", { waf: false, domain: true }))).toEqual([]);
});

describe("the environment a resource is deployed for", () => {
  const stackOf = (json: Record<string, unknown>, name = "ecg-pipeline-dev") =>
    new PolicyStack(name, { resource: { aws_cloudfront_distribution: { d: {} } }, ...json });

  test("is its provider's Environment default tag, alias included", () => {
    const stack = new PolicyStack("x", {
      provider: {
        aws: [
          { region: "ap-northeast-2", default_tags: [{ tags: { Environment: "staging" } }] },
          { region: "us-east-1", alias: "us-east-1", default_tags: [{ tags: { Environment: "prod" } }] },
        ],
      },
      resource: { aws_cloudfront_distribution: { a: {}, b: { provider: "aws.us-east-1" } } },
    });
    const [a, b] = stack.resources("aws_cloudfront_distribution");
    expect([environmentOf(stack, a!), environmentOf(stack, b!)]).toEqual(["staging", "prod"]);
  });

  test("falls back to the stack name's suffix without tags", () => {
    const stack = stackOf({}, "ecg-pipeline-prod");
    expect(environmentOf(stack, stack.resources("aws_cloudfront_distribution")[0]!)).toBe("prod");
    const unnamed = stackOf({}, "scope");
    expect(environmentOf(unnamed, unnamed.resources("aws_cloudfront_distribution")[0]!)).toBeUndefined();
  });
});

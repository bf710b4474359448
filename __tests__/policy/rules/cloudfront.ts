import {
  PolicyStack,
  StackResource,
  blockList,
  isPureReference,
  singleBlock,
  stringsIn,
} from "../policy-stack";
import { PolicyRule, Violation, stackJson } from "../rule";

/**
 * CloudFront distributions. Stated from CloudFront's behaviour, not from the module: viewers over
 * plain HTTP are readable and alterable on the way; a legacy origin access identity or a public
 * website endpoint leaves the bucket readable outside the distribution's rules; an origin reached
 * over SSLv3/TLS 1.0/1.1 or a viewer certificate accepting them allows downgrade attacks; without
 * logs a request leaves no trace; a production distribution without WAF meets the internet alone.
 */

const DISTRIBUTION = "aws_cloudfront_distribution";

function behaviorsOf(
  distribution: StackResource,
): Array<{ where: string; behavior: Record<string, unknown> }> {
  const found: Array<{ where: string; behavior: Record<string, unknown> }> = [];
  const fallback = singleBlock(distribution.config.default_cache_behavior);
  if (fallback) found.push({ where: "default_cache_behavior", behavior: fallback });
  for (const behavior of blockList(distribution.config.ordered_cache_behavior)) {
    found.push({ where: `ordered_cache_behavior ${JSON.stringify(behavior.path_pattern)}`, behavior });
  }
  return found;
}

function originsOf(distribution: StackResource): Record<string, unknown>[] {
  return blockList(distribution.config.origin);
}

const originName = (origin: Record<string, unknown>) =>
  JSON.stringify(origin.origin_id ?? origin.domain_name);

const isEmpty = (value: unknown) => value === undefined || value === null || value === "";

/** An S3 REST endpoint: a literal `<bucket>.s3[.<region>].amazonaws.com`, or a bucket's domain attribute. */
function isS3RestOrigin(stack: PolicyStack, origin: Record<string, unknown>): boolean {
  const domain = origin.domain_name;
  if (typeof domain !== "string") return false;
  if (/\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com(\.cn)?$/.test(domain) && !isWebsiteEndpoint(domain)) return true;
  return /\.bucket_(regional_)?domain_name\}$/.test(domain) && referencesType(stack, domain, "aws_s3_bucket");
}

/** An S3 static website endpoint (`s3-website`), which serves the bucket publicly over HTTP. */
function isWebsiteEndpoint(domain: string): boolean {
  if (/\.s3-website[.-]/.test(domain)) return true;
  return /\.website_(endpoint|domain)\}$/.test(domain);
}

function referencesType(stack: PolicyStack, value: unknown, type: string): boolean {
  return stack.referencedBy(value).some((r) => r.type === type);
}

const viewerHttps: PolicyRule = {
  name: "cloudfront-viewer-https",
  check: (stack) =>
    stack.resources(DISTRIBUTION).flatMap((distribution): Violation[] => {
      const bad = behaviorsOf(distribution).filter(
        ({ behavior }) =>
          !["redirect-to-https", "https-only"].includes(String(behavior.viewer_protocol_policy)),
      );
      return bad.length === 0
        ? []
        : [
            {
              address: distribution.address,
              why: `${bad.map((b) => `${b.where} has viewer_protocol_policy ${JSON.stringify(b.behavior.viewer_protocol_policy)}`).join("; ")}: viewers may use plain HTTP; use "redirect-to-https" (or "https-only" for APIs)`,
            },
          ];
    }),
  examples: {
    violating: [
      {
        description: "allow-all on the default behavior and on an ordered one (one finding per distribution)",
        json: stackJson({
          aws_cloudfront_distribution: {
            d: {
              default_cache_behavior: { viewer_protocol_policy: "allow-all" },
              ordered_cache_behavior: [
                { path_pattern: "/api/*", viewer_protocol_policy: "https-only" },
                { path_pattern: "/old/*", viewer_protocol_policy: "allow-all" },
              ],
            },
          },
        }),
        flags: ["aws_cloudfront_distribution.d"],
      },
      {
        description: "an ordered behavior on allow-all behind a secure default",
        json: stackJson({
          aws_cloudfront_distribution: {
            d: {
              default_cache_behavior: [{ viewer_protocol_policy: "redirect-to-https" }],
              ordered_cache_behavior: { path_pattern: "/x/*", viewer_protocol_policy: "allow-all" },
            },
          },
        }),
        flags: ["aws_cloudfront_distribution.d"],
      },
    ],
    passing: [
      {
        description: "redirect-to-https for S3, https-only for the API",
        json: stackJson({
          aws_cloudfront_distribution: {
            d: {
              default_cache_behavior: { viewer_protocol_policy: "redirect-to-https" },
              ordered_cache_behavior: [{ path_pattern: "/api/*", viewer_protocol_policy: "https-only" }],
            },
          },
        }),
      },
    ],
  },
};

const s3OriginAccessControl: PolicyRule = {
  name: "cloudfront-s3-origin-access-control",
  check: (stack) =>
    stack.resources(DISTRIBUTION).flatMap((distribution): Violation[] => {
      const problems: string[] = [];
      for (const origin of originsOf(distribution)) {
        const domain = origin.domain_name;
        const identity = singleBlock(origin.s3_origin_config)?.origin_access_identity;
        if (typeof domain === "string" && isWebsiteEndpoint(domain)) {
          problems.push(
            `origin ${originName(origin)} is an S3 website endpoint: the bucket must be public and is served over HTTP; use the bucket's REST endpoint with origin access control`,
          );
        } else if (!isEmpty(identity)) {
          problems.push(
            `origin ${originName(origin)} uses a legacy origin access identity: use origin access control (SigV4, SSE-KMS, every region)`,
          );
        } else if (isS3RestOrigin(stack, origin) && isEmpty(origin.origin_access_control_id)) {
          problems.push(
            `S3 origin ${originName(origin)} has no origin_access_control_id: CloudFront reads it unsigned, so the bucket would have to be public`,
          );
        }
      }
      return problems.length === 0 ? [] : [{ address: distribution.address, why: problems.join("; ") }];
    }),
  examples: {
    violating: [
      {
        description: "an S3 origin without origin access control (bucket by reference)",
        json: stackJson({
          aws_s3_bucket: { b: { bucket: "site" } },
          aws_cloudfront_distribution: {
            d: {
              origin: [{ origin_id: "s3", domain_name: "${aws_s3_bucket.b.bucket_regional_domain_name}" }],
            },
          },
        }),
        flags: ["aws_cloudfront_distribution.d"],
      },
      {
        description: "a legacy origin access identity, and a literal S3 domain without OAC",
        json: stackJson({
          aws_cloudfront_distribution: {
            oai: {
              origin: {
                origin_id: "s3",
                domain_name: "site.s3.ap-northeast-2.amazonaws.com",
                s3_origin_config: {
                  origin_access_identity: "${aws_cloudfront_origin_access_identity.i.path}",
                },
              },
            },
            bare: { origin: [{ origin_id: "s3", domain_name: "site.s3.amazonaws.com" }] },
          },
        }),
        flags: ["aws_cloudfront_distribution.bare", "aws_cloudfront_distribution.oai"],
      },
      {
        description: "an S3 website endpoint, literal and by reference",
        json: stackJson({
          aws_s3_bucket_website_configuration: { w: { bucket: "site" } },
          aws_cloudfront_distribution: {
            literal: {
              origin: [
                {
                  origin_id: "web",
                  domain_name: "site.s3-website.ap-northeast-2.amazonaws.com",
                  custom_origin_config: { origin_protocol_policy: "http-only" },
                },
              ],
            },
            ref: {
              origin: [
                {
                  origin_id: "web",
                  domain_name: "${aws_s3_bucket_website_configuration.w.website_endpoint}",
                },
              ],
            },
          },
        }),
        flags: ["aws_cloudfront_distribution.literal", "aws_cloudfront_distribution.ref"],
      },
    ],
    passing: [
      {
        description: "S3 through origin access control, and a custom (ALB) origin",
        json: stackJson({
          aws_s3_bucket: { b: { bucket: "site" } },
          aws_cloudfront_origin_access_control: { oac: { name: "s3" } },
          aws_cloudfront_distribution: {
            d: {
              origin: [
                {
                  origin_id: "s3",
                  domain_name: "${aws_s3_bucket.b.bucket_regional_domain_name}",
                  origin_access_control_id: "${aws_cloudfront_origin_access_control.oac.id}",
                },
                {
                  origin_id: "api",
                  domain_name: "${aws_lb.a.dns_name}",
                  custom_origin_config: {
                    origin_protocol_policy: "https-only",
                    origin_ssl_protocols: ["TLSv1.2"],
                  },
                },
              ],
            },
          },
        }),
      },
    ],
  },
};

const OLD_ORIGIN_PROTOCOLS = ["SSLv3", "TLSv1", "TLSv1.1"];

const customOriginTls: PolicyRule = {
  name: "cloudfront-custom-origin-tls",
  check: (stack) =>
    stack.resources(DISTRIBUTION).flatMap((distribution): Violation[] => {
      const problems = originsOf(distribution).flatMap((origin) => {
        const custom = singleBlock(origin.custom_origin_config);
        if (!custom || custom.origin_protocol_policy === "http-only") return [];
        const protocols = Array.isArray(custom.origin_ssl_protocols)
          ? custom.origin_ssl_protocols.map(String)
          : [];
        const old = protocols.filter((p) => OLD_ORIGIN_PROTOCOLS.includes(p));
        if (protocols.length === 0 || old.length > 0 || !protocols.includes("TLSv1.2")) {
          return [
            `origin ${originName(origin)} (${String(custom.origin_protocol_policy)}) allows ${JSON.stringify(protocols)}: reach HTTPS origins with ["TLSv1.2"] only`,
          ];
        }
        return [];
      });
      return problems.length === 0 ? [] : [{ address: distribution.address, why: problems.join("; ") }];
    }),
  examples: {
    violating: [
      {
        description: "an HTTPS origin that still allows TLS 1.0 and 1.1",
        json: stackJson({
          aws_cloudfront_distribution: {
            d: {
              origin: {
                origin_id: "api",
                domain_name: "api.example.com",
                custom_origin_config: {
                  origin_protocol_policy: "https-only",
                  origin_ssl_protocols: ["TLSv1", "TLSv1.1", "TLSv1.2"],
                },
              },
            },
          },
        }),
        flags: ["aws_cloudfront_distribution.d"],
      },
      {
        description: "match-viewer with SSLv3 only",
        json: stackJson({
          aws_cloudfront_distribution: {
            d: {
              origin: [
                {
                  origin_id: "api",
                  domain_name: "api.example.com",
                  custom_origin_config: [
                    { origin_protocol_policy: "match-viewer", origin_ssl_protocols: ["SSLv3"] },
                  ],
                },
              ],
            },
          },
        }),
        flags: ["aws_cloudfront_distribution.d"],
      },
    ],
    passing: [
      {
        description: "https-only with TLSv1.2, and an http-only dev origin (no TLS to choose)",
        json: stackJson({
          aws_cloudfront_distribution: {
            https: {
              origin: [
                {
                  origin_id: "api",
                  domain_name: "api.example.com",
                  custom_origin_config: {
                    origin_protocol_policy: "https-only",
                    origin_ssl_protocols: ["TLSv1.2"],
                  },
                },
              ],
            },
            http: {
              origin: [
                {
                  origin_id: "api",
                  domain_name: "dev-alb.elb.amazonaws.com",
                  custom_origin_config: {
                    origin_protocol_policy: "http-only",
                    origin_ssl_protocols: ["TLSv1.2"],
                  },
                },
              ],
            },
          },
        }),
      },
    ],
  },
};

/** Security policies of TLS 1.2 and later with the 2021 (or newer) cipher suites. */
const MODERN_VIEWER_POLICIES = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

const viewerCertificateTls: PolicyRule = {
  name: "cloudfront-viewer-certificate-tls",
  check: (stack) =>
    stack.resources(DISTRIBUTION).flatMap((distribution): Violation[] => {
      const certificate = singleBlock(distribution.config.viewer_certificate);
      if (
        !certificate ||
        (isEmpty(certificate.acm_certificate_arn) && isEmpty(certificate.iam_certificate_id))
      ) {
        return [];
      }
      const version = certificate.minimum_protocol_version;
      return MODERN_VIEWER_POLICIES.includes(String(version))
        ? []
        : [
            {
              address: distribution.address,
              why: `a custom certificate with minimum_protocol_version ${JSON.stringify(version ?? "TLSv1 (the default)")}: viewers may use old TLS and ciphers; use "TLSv1.2_2021"`,
            },
          ];
    }),
  examples: {
    violating: [
      {
        description: "an ACM certificate with the default (TLSv1) policy, and one with TLSv1.2_2019",
        json: stackJson({
          aws_cloudfront_distribution: {
            none: { viewer_certificate: { acm_certificate_arn: "arn:aws:acm:us-east-1:1:certificate/a" } },
            old: {
              viewer_certificate: [
                {
                  acm_certificate_arn: "${aws_acm_certificate_validation.v.certificate_arn}",
                  ssl_support_method: "sni-only",
                  minimum_protocol_version: "TLSv1.2_2019",
                },
              ],
            },
          },
        }),
        flags: ["aws_cloudfront_distribution.none", "aws_cloudfront_distribution.old"],
      },
    ],
    passing: [
      {
        description: "TLSv1.2_2021 on a custom certificate; the default certificate (not configurable)",
        json: stackJson({
          aws_cloudfront_distribution: {
            custom: {
              viewer_certificate: {
                acm_certificate_arn: "arn:aws:acm:us-east-1:1:certificate/a",
                ssl_support_method: "sni-only",
                minimum_protocol_version: "TLSv1.2_2021",
              },
            },
            default: { viewer_certificate: { cloudfront_default_certificate: true } },
          },
        }),
      },
    ],
  },
};

/** Standard logs to S3, or a CloudWatch log delivery source for the distribution (logging v2). */
function logs(stack: PolicyStack, distribution: StackResource): boolean {
  const bucket = singleBlock(distribution.config.logging_config)?.bucket;
  if (typeof bucket === "string" && bucket !== "") return true;
  return stack
    .resources("aws_cloudwatch_log_delivery_source")
    .some((source) => stack.referencedBy(source.config.resource_arn).includes(distribution));
}

const loggingConfigured: PolicyRule = {
  name: "cloudfront-logging",
  check: (stack) =>
    stack
      .resources(DISTRIBUTION)
      .filter((distribution) => !logs(stack, distribution))
      .map((distribution) => ({
        address: distribution.address,
        why: "no logging_config bucket nor log delivery source: requests leave no trace for incident response; give CloudFrontDistribution a logBucket",
      })),
  examples: {
    violating: [
      {
        description: "no logging at all, and a logging_config without a bucket",
        json: stackJson({
          aws_cloudfront_distribution: { none: { comment: "x" }, empty: { logging_config: { bucket: "" } } },
        }),
        flags: ["aws_cloudfront_distribution.empty", "aws_cloudfront_distribution.none"],
      },
    ],
    passing: [
      {
        description: "standard logs to a bucket, and a v2 log delivery source",
        json: stackJson({
          aws_cloudfront_distribution: {
            standard: {
              logging_config: { bucket: "${aws_s3_bucket.logs.bucket_domain_name}", prefix: "cf/" },
            },
            v2: { comment: "v2" },
          },
          aws_cloudwatch_log_delivery_source: {
            s: { log_type: "ACCESS_LOGS", resource_arn: "${aws_cloudfront_distribution.v2.arn}" },
          },
        }),
      },
    ],
  },
};

/**
 * The environment a resource is deployed for: the Environment default tag of the provider it uses
 * (every stack's providers carry it, see stacks/base-stack.ts), else the stack's name suffix.
 */
export function environmentOf(stack: PolicyStack, resource: StackResource): string | undefined {
  const providers = blockList(stack.json.provider?.aws);
  const wanted =
    typeof resource.config.provider === "string" ? resource.config.provider.replace(/^aws\.?/, "") : "";
  const provider = providers.find((p) => (typeof p.alias === "string" ? p.alias : "") === wanted);
  for (const defaults of blockList(provider?.default_tags)) {
    const environment = (defaults.tags as Record<string, unknown> | undefined)?.Environment;
    if (typeof environment === "string" && !isPureReference(environment)) return environment;
  }
  return /-(dev|staging|prod)$/.exec(stack.name)?.[1];
}

const webAclInProd: PolicyRule = {
  name: "cloudfront-web-acl-in-prod",
  check: (stack) =>
    stack
      .resources(DISTRIBUTION)
      .filter((distribution) => environmentOf(stack, distribution) === "prod")
      .filter((distribution) => stringsIn(distribution.config.web_acl_id).every((v) => v === ""))
      .map((distribution) => ({
        address: distribution.address,
        why: "a production distribution without web_acl_id: no WAF (managed rules, rate limit) in front of the site; attach a WebAcl",
      })),
  examples: {
    violating: [
      {
        description: "a prod distribution (provider default tag) without a web ACL",
        json: {
          provider: {
            aws: [{ region: "ap-northeast-2", default_tags: [{ tags: { Environment: "prod" } }] }],
          },
          resource: { aws_cloudfront_distribution: { d: { comment: "site" } } },
        },
        flags: ["aws_cloudfront_distribution.d"],
      },
      {
        description: "a distribution on the aliased prod provider with an empty web_acl_id",
        json: {
          provider: {
            aws: [
              { region: "ap-northeast-2", default_tags: [{ tags: { Environment: "prod" } }] },
              { region: "us-east-1", alias: "us-east-1", default_tags: [{ tags: { Environment: "prod" } }] },
            ],
          },
          resource: { aws_cloudfront_distribution: { d: { provider: "aws.us-east-1", web_acl_id: "" } } },
        },
        flags: ["aws_cloudfront_distribution.d"],
      },
    ],
    passing: [
      {
        description: "prod with a web ACL; dev without one",
        json: {
          provider: {
            aws: [{ region: "ap-northeast-2", default_tags: [{ tags: { Environment: "prod" } }] }],
          },
          resource: {
            aws_cloudfront_distribution: { d: { web_acl_id: "${aws_wafv2_web_acl.w.arn}" } },
          },
        },
      },
      {
        description: "a dev distribution without a web ACL",
        json: {
          provider: { aws: { region: "ap-northeast-2", default_tags: { tags: { Environment: "dev" } } } },
          resource: { aws_cloudfront_distribution: { d: { comment: "site" } } },
        },
      },
    ],
  },
};

export const rules: PolicyRule[] = [
  viewerHttps,
  s3OriginAccessControl,
  customOriginTls,
  viewerCertificateTls,
  loggingConfigured,
  webAclInProd,
];

import {
  CloudfrontDistribution,
  CloudfrontDistributionOrderedCacheBehavior,
  CloudfrontDistributionOrigin,
} from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontFunction } from "@cdktf/provider-aws/lib/cloudfront-function";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { domainNameProblem } from "../dns/dns-names";
import { PolicyStatement } from "../iam/policy-document";
import { cloudFrontCertificateArnProblem } from "./certificate-region";
import { originHeaderNameProblem, originHeaderValueProblem } from "./origin-header";
import { CloudFrontPriceClass, DEFAULT_CLOUDFRONT_PRICE_CLASS, priceClassProblem } from "./price-classes";
import { SecurityHeadersPolicy } from "./security-headers-policy";

/**
 * What the distribution needs of an S3 bucket it serves from: SecureBucket has this shape. Objects
 * are read through origin access control, so the bucket stays private and only its policy changes.
 */
export interface S3OriginBucket {
  readonly bucketArn: string;
  /** `<bucket>.s3.<region>.amazonaws.com`: the regional name, so no redirect while DNS propagates. */
  readonly bucketRegionalDomainName: string;
  addToResourcePolicy(statement: PolicyStatement): void;
}

export interface CloudFrontS3Behavior {
  /** CloudFront path pattern, e.g. "/videos/*"; objects under the matching keys ("videos/*") are served. */
  readonly pathPattern: string;
  readonly bucket: S3OriginBucket;
}

export interface CloudFrontApiOrigin {
  /** @default "/api/*" */
  readonly pathPattern?: string;
  /** The load balancer's DNS name (or a name pointing at it), without scheme or port. */
  readonly domainName: string;
  /**
   * How CloudFront reaches the origin: "https-only" (TLS 1.2, the origin's certificate must match
   * `domainName`) or "http-only" (port 80, for a dev load balancer without a certificate: requests and
   * the origin header then cross the internet in clear).
   */
  readonly protocol: "https-only" | "http-only";
  /**
   * Header sent on every request to the origin, which the load balancer requires
   * (`Alb` cloudFrontOnly, value from `OriginSecret`): requests that bypass CloudFront are refused.
   */
  readonly originHeader: { readonly name: string; readonly value: string };
  /** Seconds CloudFront waits for the origin's response, 1-180 (above 60 needs a quota increase). @default 30 */
  readonly readTimeoutSeconds?: number;
}

export interface CloudFrontDomain {
  /** Names the distribution answers to, e.g. ["www.example.com"]; the first one is `url`'s. */
  readonly aliases: readonly string[];
  /** ACM certificate covering every alias; it must be in us-east-1 (CloudFront reads certificates only there). */
  readonly certificateArn: string;
}

export interface CloudFrontDistributionProps {
  /** Names the distribution (comment, tags) and its policies: 1-50 letters, digits or hyphens. */
  readonly name: string;
  /** The frontend: what every path no other behavior claims is served from. */
  readonly defaultOrigin: {
    readonly bucket: S3OriginBucket;
    /**
     * Folder in the bucket the frontend lives in, e.g. "/web" (then only "web/*" is readable).
     * @default the bucket's root (every object readable by the distribution)
     */
    readonly originPath?: string;
  };
  /** More S3 paths, e.g. { pathPattern: "/videos/*", bucket: videoBucket }, cached like the frontend. @default none */
  readonly s3Behaviors?: readonly CloudFrontS3Behavior[];
  /** The API behind a load balancer, never cached. @default none */
  readonly apiOrigin?: CloudFrontApiOrigin;
  /** Custom names and their certificate. @default none: `<id>.cloudfront.net` with CloudFront's certificate */
  readonly domain?: CloudFrontDomain;
  /** Object served for "/", without a leading "/". @default "index.html" */
  readonly defaultRootObject?: string;
  /**
   * Single-page-application routing: a CloudFront Function on the default (frontend) behavior serves
   * the root object for every path whose last segment has no "." (an application route such as
   * "/patients/42"), and passes paths of files ("/assets/app.js") through unchanged. It is
   * per-behavior on purpose: distribution-wide custom error responses (403/404 → /index.html) would
   * also turn the API's 403 and 404 answers, and missing videos, into "200 index.html".
   * A route whose last segment contains a dot needs a path without one.
   * @default true
   */
  readonly spaFallback?: boolean;
  /** Edge locations that serve the distribution. @default "PriceClass_200" (includes Korea and Japan) */
  readonly priceClass?: CloudFrontPriceClass;
  /**
   * Bucket for CloudFront's standard access logs (a bucket that accepts them: ACLs enabled, the
   * awslogsdelivery grant). The policy suite requires logging.
   * @default none: no access logs
   */
  readonly logBucket?: { readonly bucketDomainName: string };
  /** Key prefix of the access logs, without a leading "/". @default "<name>/" */
  readonly logPrefix?: string;
  /** WAFv2 web ACL of scope CLOUDFRONT (`WebAcl` webAclArn). @default none: no WAF */
  readonly webAclArn?: string;
  /** @default the stack's default provider (CloudFront is global; this only picks the account) */
  readonly provider?: TerraformProvider;
}

/**
 * AWS managed cache and origin request policies, by their documented ids (the same in every
 * commercial region and account). Taken by id rather than looked up by name: the lookup would need
 * ListCachePolicies at every plan for a value that never changes.
 */
export const MANAGED_CACHE_POLICY = {
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
} as const;
export const MANAGED_ORIGIN_REQUEST_POLICY = {
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
} as const;

const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/;
const PATH_PATTERN = /^[A-Za-z0-9_\-.*$/~"'@:+&?]{1,255}$/;
const ORIGIN_PATH = /^(\/[A-Za-z0-9_\-.~]+)+$/;
const WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[A-Za-z0-9_-]+\/[0-9a-f-]+$/;

/**
 * A CloudFront distribution for a frontend in S3, optional further S3 paths (videos) and an optional
 * API behind a load balancer:
 * - S3 origins are private and read through one origin access control (SigV4, every request signed);
 *   each bucket's policy lets `cloudfront.amazonaws.com` get exactly the keys this distribution serves
 *   from it, and only on behalf of this distribution (`AWS:SourceArn`);
 * - S3 behaviors are cached (Managed-CachingOptimized), compressed, GET/HEAD/OPTIONS only; the API
 *   behavior is never cached (Managed-CachingDisabled), forwards every viewer header but Host, every
 *   cookie and query string (Managed-AllViewerExceptHostHeader), allows every method, and reaches the
 *   origin with the secret origin header;
 * - viewers: HTTPS only (S3 paths redirect HTTP, the API refuses it so no body is lost to a redirect),
 *   HTTP/2 and HTTP/3, IPv6, security headers on every response (SecurityHeadersPolicy), TLS 1.2+ with
 *   SNI on a custom domain.
 */
export class CloudFrontDistribution extends Construct {
  public readonly distributionId: string;
  public readonly distributionArn: string;
  /** `<id>.cloudfront.net`. */
  public readonly domainName: string;
  /** Zone of alias records pointing at the distribution. */
  public readonly hostedZoneId: string;
  /** `https://<first alias>`, or `https://<id>.cloudfront.net` without a domain. */
  public readonly url: string;
  public readonly responseHeadersPolicyId: string;
  public readonly originAccessControlId: string;

  constructor(scope: Construct, id: string, props: CloudFrontDistributionProps) {
    super(scope, id);
    const rootObject = props.defaultRootObject ?? "index.html";
    const s3Behaviors = props.s3Behaviors ?? [];
    const apiPattern = props.apiOrigin ? (props.apiOrigin.pathPattern ?? "/api/*") : undefined;
    this.validate(props, rootObject, apiPattern);
    const provider = props.provider;
    const name = props.name;

    const oac = new CloudfrontOriginAccessControl(this, "origin-access-control", {
      name: `${name}-s3`,
      description: `S3 origins of ${name}`,
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
      provider,
    });
    const headers = new SecurityHeadersPolicy(this, "security-headers", {
      name: `${name}-security-headers`,
      provider,
    });

    const origins: CloudfrontDistributionOrigin[] = [
      {
        originId: "frontend",
        domainName: props.defaultOrigin.bucket.bucketRegionalDomainName,
        originAccessControlId: oac.id,
        ...(props.defaultOrigin.originPath ? { originPath: props.defaultOrigin.originPath } : {}),
      },
    ];
    const s3OriginIds = s3Behaviors.map((_, i) => `s3-${i + 1}`);
    s3Behaviors.forEach((behavior, i) => {
      origins.push({
        originId: s3OriginIds[i]!,
        domainName: behavior.bucket.bucketRegionalDomainName,
        originAccessControlId: oac.id,
      });
    });

    const cachedS3 = {
      allowedMethods: ["GET", "HEAD", "OPTIONS"],
      cachedMethods: ["GET", "HEAD"],
      cachePolicyId: MANAGED_CACHE_POLICY.cachingOptimized,
      responseHeadersPolicyId: headers.policyId,
      viewerProtocolPolicy: "redirect-to-https",
      compress: true,
    };
    const ordered: CloudfrontDistributionOrderedCacheBehavior[] = [];
    const api = props.apiOrigin;
    if (api && apiPattern) {
      origins.push({
        originId: "api",
        domainName: api.domainName,
        customOriginConfig: {
          httpPort: 80,
          httpsPort: 443,
          originProtocolPolicy: api.protocol,
          originSslProtocols: ["TLSv1.2"],
          originReadTimeout: api.readTimeoutSeconds ?? 30,
          originKeepaliveTimeout: 5,
        },
        customHeader: [{ name: api.originHeader.name, value: api.originHeader.value }],
      });
      // First, so no broader S3 pattern can take the API's paths.
      ordered.push({
        pathPattern: apiPattern,
        targetOriginId: "api",
        allowedMethods: ALL_METHODS,
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: MANAGED_CACHE_POLICY.cachingDisabled,
        originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY.allViewerExceptHostHeader,
        responseHeadersPolicyId: headers.policyId,
        viewerProtocolPolicy: "https-only",
        compress: false,
      });
    }
    s3Behaviors.forEach((behavior, i) => {
      ordered.push({ pathPattern: behavior.pathPattern, targetOriginId: s3OriginIds[i]!, ...cachedS3 });
    });

    const spaFunction =
      (props.spaFallback ?? true)
        ? new CloudfrontFunction(this, "spa-fallback", {
            name: `${name}-spa-fallback`,
            comment: `Serves /${rootObject} for the application routes of ${name}`,
            runtime: "cloudfront-js-2.0",
            code: spaFallbackCode(rootObject),
            publish: true,
            provider,
          })
        : undefined;

    const domain = props.domain;
    const distribution = new CloudfrontDistribution(this, "distribution", {
      enabled: true,
      comment: name,
      ...(domain ? { aliases: [...domain.aliases] } : {}),
      defaultRootObject: rootObject,
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      priceClass: props.priceClass ?? DEFAULT_CLOUDFRONT_PRICE_CLASS,
      webAclId: props.webAclArn,
      origin: origins,
      defaultCacheBehavior: {
        targetOriginId: "frontend",
        ...cachedS3,
        ...(spaFunction
          ? { functionAssociation: [{ eventType: "viewer-request", functionArn: spaFunction.arn }] }
          : {}),
      },
      orderedCacheBehavior: ordered,
      restrictions: { geoRestriction: { restrictionType: "none", locations: [] } },
      viewerCertificate: domain
        ? {
            acmCertificateArn: domain.certificateArn,
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: "TLSv1.2_2021",
          }
        : { cloudfrontDefaultCertificate: true },
      ...(props.logBucket
        ? {
            loggingConfig: {
              bucket: props.logBucket.bucketDomainName,
              prefix: props.logPrefix ?? `${name}/`,
              includeCookies: false,
            },
          }
        : {}),
      tags: { Name: name },
      provider,
    });

    const readOnly = (bucket: S3OriginBucket, keys: string): void =>
      bucket.addToResourcePolicy({
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: `${bucket.bucketArn}/${keys}`,
        Condition: { StringEquals: { "AWS:SourceArn": distribution.arn } },
      });
    const originPath = props.defaultOrigin.originPath;
    readOnly(props.defaultOrigin.bucket, originPath ? `${originPath.slice(1)}/*` : "*");
    for (const behavior of s3Behaviors) readOnly(behavior.bucket, objectKeysOf(behavior.pathPattern));

    this.distributionId = distribution.id;
    this.distributionArn = distribution.arn;
    this.domainName = distribution.domainName;
    this.hostedZoneId = distribution.hostedZoneId;
    this.url = `https://${domain ? domain.aliases[0] : distribution.domainName}`;
    this.responseHeadersPolicyId = headers.policyId;
    this.originAccessControlId = oac.id;
  }

  private validate(props: CloudFrontDistributionProps, rootObject: string, apiPattern?: string): void {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    const literal = (value: string | undefined): value is string =>
      value !== undefined && !Token.isUnresolved(value);

    if (literal(props.name) && !NAME.test(props.name)) {
      fail(
        `name must be 1-50 letters, digits or hyphens, not starting or ending with "-", got "${props.name}"`,
      );
    }
    if (literal(rootObject) && (rootObject === "" || rootObject.startsWith("/") || rootObject.length > 255)) {
      fail(
        `defaultRootObject must be an object key without a leading "/", e.g. "index.html", got "${rootObject}"`,
      );
    }
    const originPath = props.defaultOrigin.originPath;
    if (literal(originPath) && !ORIGIN_PATH.test(originPath)) {
      fail(
        `defaultOrigin.originPath must start with "/" and not end with one, without wildcards, e.g. "/web", got "${originPath}"`,
      );
    }
    if (props.priceClass !== undefined) {
      const problem = priceClassProblem(props.priceClass);
      if (problem) fail(problem);
    }

    const patterns = [
      ...(apiPattern !== undefined ? [{ prop: "apiOrigin.pathPattern", pattern: apiPattern }] : []),
      ...(props.s3Behaviors ?? []).map((b, i) => ({
        prop: `s3Behaviors[${i}].pathPattern`,
        pattern: b.pathPattern,
      })),
    ];
    const seen = new Map<string, string>();
    for (const { prop, pattern } of patterns) {
      if (!literal(pattern)) continue;
      if (!PATH_PATTERN.test(pattern) || pattern === "*" || pattern === "/*") {
        fail(
          `${prop} must be a CloudFront path pattern of 1-255 characters other than the default "*", e.g. "/videos/*", got "${pattern}"`,
        );
      }
      const key = pattern.replace(/^\//, "");
      const earlier = seen.get(key);
      if (earlier) fail(`${prop} "${pattern}" repeats ${earlier}; each behavior needs its own path pattern`);
      seen.set(key, prop);
    }

    const api = props.apiOrigin;
    if (api) {
      if (literal(api.domainName)) {
        const problem = domainNameProblem(api.domainName.toLowerCase(), { wildcard: false });
        if (problem) fail(`apiOrigin.domainName ${problem}`);
      }
      if (api.protocol !== "https-only" && api.protocol !== "http-only") {
        fail(`apiOrigin.protocol must be "https-only" or "http-only", got "${String(api.protocol)}"`);
      }
      if (literal(api.originHeader.name)) {
        const problem = originHeaderNameProblem(api.originHeader.name, "apiOrigin.originHeader.name");
        if (problem) fail(problem);
      }
      if (literal(api.originHeader.value)) {
        const problem = originHeaderValueProblem(api.originHeader.value, "apiOrigin.originHeader.value");
        if (problem) fail(problem);
      }
      const timeout = api.readTimeoutSeconds ?? 30;
      if (!Number.isInteger(timeout) || timeout < 1 || timeout > 180) {
        fail(`apiOrigin.readTimeoutSeconds must be a whole number from 1 to 180, got ${timeout}`);
      }
    }

    const domain = props.domain;
    if (domain) {
      if (domain.aliases.length === 0)
        fail("domain.aliases is empty; list at least one name, or drop domain");
      for (const alias of domain.aliases) {
        if (!literal(alias)) continue;
        const problem = domainNameProblem(alias, { wildcard: true });
        if (problem) fail(`domain.aliases entry ${problem}`);
      }
      if (new Set(domain.aliases).size !== domain.aliases.length) {
        fail(`domain.aliases lists a name twice: ${domain.aliases.join(", ")}`);
      }
      if (literal(domain.certificateArn)) {
        const problem = cloudFrontCertificateArnProblem(domain.certificateArn, "domain.certificateArn");
        if (problem) fail(problem);
      }
    }

    if (props.logPrefix !== undefined) {
      if (!props.logBucket) fail("logPrefix needs logBucket; set logBucket or drop logPrefix");
      if (literal(props.logPrefix) && (props.logPrefix.startsWith("/") || props.logPrefix.length > 256)) {
        fail(`logPrefix must be a key prefix without a leading "/", e.g. "web/", got "${props.logPrefix}"`);
      }
    }
    if (literal(props.webAclArn) && !WEB_ACL_ARN.test(props.webAclArn)) {
      fail(
        `webAclArn must be the ARN of a WAFv2 web ACL of scope CLOUDFRONT ("arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>"), got "${props.webAclArn}"`,
      );
    }
  }
}

/** The object keys a behavior's path pattern serves: "/videos/*" → "videos/*". */
function objectKeysOf(pathPattern: string): string {
  return pathPattern.replace(/^\//, "");
}

/**
 * Viewer-request handler of the SPA fallback: a path whose last segment has no "." is an application
 * route and gets the root object; anything else is a file and goes to S3 as asked.
 */
function spaFallbackCode(rootObject: string): string {
  return [
    "function handler(event) {",
    "  var request = event.request;",
    '  var last = request.uri.substring(request.uri.lastIndexOf("/") + 1);',
    '  if (last.indexOf(".") === -1) {',
    `    request.uri = ${JSON.stringify(`/${rootObject}`)};`,
    "  }",
    "  return request;",
    "}",
    "",
  ].join("\n");
}

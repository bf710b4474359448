import { Lazy, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import {
  CloudFrontDistribution,
  CloudFrontDistributionProps,
  MANAGED_CACHE_POLICY,
  MANAGED_ORIGIN_REQUEST_POLICY,
  S3OriginBucket,
} from "../../../modules/cdn/cloudfront-distribution";
import { PolicyStatement } from "../../../modules/iam/policy-document";
import { SecureBucket } from "../../../modules/s3/secure-bucket";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

const CERT = "arn:aws:acm:us-east-1:111111111111:certificate/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9";
const WEB_ACL = "arn:aws:wafv2:us-east-1:111111111111:global/webacl/ecg/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9";
const SECRET = "s3cr3tHeaderValue0123456789abcdefXYZ";
const API = {
  domainName: "ecg-123456789.ap-northeast-2.elb.amazonaws.com",
  protocol: "https-only" as const,
  originHeader: { name: "X-Origin-Verify", value: SECRET },
};

/** A bucket that only records the statements it is given; `statementsIn` reads them resolved. */
class RecordingBucket implements S3OriginBucket {
  private readonly statements: PolicyStatement[] = [];
  constructor(
    readonly bucketArn: string,
    readonly bucketRegionalDomainName: string,
  ) {}
  addToResourcePolicy(statement: PolicyStatement): void {
    this.statements.push(statement);
  }
  /** An output holding the statements, so the synthesized JSON shows their references resolved. */
  expose(scope: Construct, id: string): void {
    new TerraformOutput(scope, id, {
      value: Lazy.stringValue({ produce: () => JSON.stringify(this.statements) }),
    });
  }
  statementsIn(synth: SynthesizedJson, id: string): PolicyStatement[] {
    return JSON.parse(synth.output(id)!.value as string) as PolicyStatement[];
  }
}

const frontendBucket = () =>
  new RecordingBucket("arn:aws:s3:::frontend", "frontend.s3.ap-northeast-2.amazonaws.com");
const videoBucket = () =>
  new RecordingBucket("arn:aws:s3:::videos", "videos.s3.ap-northeast-2.amazonaws.com");

interface Built {
  synth: SynthesizedJson;
  distribution: Record<string, unknown>;
  distributionName: string;
}

function build(
  overrides: Partial<CloudFrontDistributionProps> = {},
  extra?: (scope: Construct) => void,
): Built {
  const synth = synthScope((scope) => {
    const cdn = new CloudFrontDistribution(scope, "cdn", {
      name: "ecg-dev",
      defaultOrigin: { bucket: frontendBucket() },
      ...overrides,
    });
    for (const attribute of [
      "distributionId",
      "distributionArn",
      "domainName",
      "hostedZoneId",
      "url",
    ] as const) {
      new TerraformOutput(scope, attribute, { value: cdn[attribute] });
    }
    const buckets = [overrides.defaultOrigin?.bucket, ...(overrides.s3Behaviors ?? []).map((b) => b.bucket)];
    buckets.forEach((bucket, i) => {
      if (bucket instanceof RecordingBucket) bucket.expose(scope, `statements-${i}`);
    });
    extra?.(scope);
  });
  const distributionName = Object.keys(synth.resources("aws_cloudfront_distribution"))[0]!;
  return { synth, distribution: synth.only("aws_cloudfront_distribution"), distributionName };
}

function buildError(overrides: Partial<CloudFrontDistributionProps>): string {
  try {
    build(overrides);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected CloudFrontDistribution to refuse these props");
}

type Behavior = Record<string, unknown>;
const orderedBehaviors = (d: Record<string, unknown>) => (d.ordered_cache_behavior ?? []) as Behavior[];
const behaviorFor = (d: Record<string, unknown>, pattern: string) =>
  orderedBehaviors(d).find((b) => b.path_pattern === pattern)!;
const origins = (d: Record<string, unknown>) => d.origin as Array<Record<string, unknown>>;
const originById = (d: Record<string, unknown>, id: string) => origins(d).find((o) => o.origin_id === id)!;

describe("CloudFrontDistribution", () => {
  describe("S3 origins through origin access control", () => {
    const frontend = frontendBucket();
    const videos = videoBucket();
    const { synth, distribution, distributionName } = build({
      defaultOrigin: { bucket: frontend },
      s3Behaviors: [{ pathPattern: "/videos/*", bucket: videos }],
    });
    const oacName = Object.keys(synth.resources("aws_cloudfront_origin_access_control"))[0]!;

    it("has one origin access control: S3, SigV4, every request signed", () => {
      expect(synth.only("aws_cloudfront_origin_access_control")).toMatchObject({
        name: "ecg-dev-s3",
        origin_access_control_origin_type: "s3",
        signing_behavior: "always",
        signing_protocol: "sigv4",
      });
    });

    it("reads both buckets by their regional names through it, with no legacy identity", () => {
      expect(originById(distribution, "frontend")).toEqual({
        origin_id: "frontend",
        domain_name: "frontend.s3.ap-northeast-2.amazonaws.com",
        origin_access_control_id: ref("aws_cloudfront_origin_access_control", oacName),
      });
      expect(originById(distribution, "s3-1")).toEqual({
        origin_id: "s3-1",
        domain_name: "videos.s3.ap-northeast-2.amazonaws.com",
        origin_access_control_id: ref("aws_cloudfront_origin_access_control", oacName),
      });
      for (const origin of origins(distribution)) expect(origin.s3_origin_config).toBeUndefined();
    });

    it("lets CloudFront read every frontend object, on behalf of this distribution only", () => {
      expect(frontend.statementsIn(synth, "statements-0")).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "cloudfront.amazonaws.com" },
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::frontend/*",
          Condition: {
            StringEquals: { "AWS:SourceArn": ref("aws_cloudfront_distribution", distributionName, "arn") },
          },
        },
      ]);
    });

    it("lets CloudFront read only the served videos/* keys of the video bucket", () => {
      expect(videos.statementsIn(synth, "statements-1")).toEqual([
        expect.objectContaining({
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::videos/videos/*",
          Condition: {
            StringEquals: { "AWS:SourceArn": ref("aws_cloudfront_distribution", distributionName, "arn") },
          },
        }),
      ]);
    });

    it("caches S3 paths with the managed CachingOptimized policy, compressed, GET/HEAD/OPTIONS, HTTPS", () => {
      const headersName = Object.keys(synth.resources("aws_cloudfront_response_headers_policy"))[0]!;
      const expected = {
        allowed_methods: ["GET", "HEAD", "OPTIONS"],
        cached_methods: ["GET", "HEAD"],
        cache_policy_id: "658327ea-f89d-4fab-a63d-7e88639e58f6",
        compress: true,
        viewer_protocol_policy: "redirect-to-https",
        response_headers_policy_id: ref("aws_cloudfront_response_headers_policy", headersName),
      };
      expect(distribution.default_cache_behavior).toMatchObject({
        target_origin_id: "frontend",
        ...expected,
      });
      expect(behaviorFor(distribution, "/videos/*")).toMatchObject({ target_origin_id: "s3-1", ...expected });
      expect(MANAGED_CACHE_POLICY.cachingOptimized).toBe(expected.cache_policy_id);
      for (const behavior of [
        distribution.default_cache_behavior as Behavior,
        ...orderedBehaviors(distribution),
      ]) {
        expect(behavior.forwarded_values).toBeUndefined();
      }
    });

    it("limits the frontend grant to the origin path when there is one", () => {
      const bucket = frontendBucket();
      const built = build({ defaultOrigin: { bucket, originPath: "/web" } });
      expect(originById(built.distribution, "frontend").origin_path).toBe("/web");
      expect(bucket.statementsIn(built.synth, "statements-0").map((s) => s.Resource)).toEqual([
        "arn:aws:s3:::frontend/web/*",
      ]);
    });

    it("adds its statements to a SecureBucket's one policy, after the TLS deny", () => {
      const synth = synthScope((scope) => {
        const bucket = new SecureBucket(scope, "frontend", { bucketName: "ecg-frontend" });
        new CloudFrontDistribution(scope, "cdn", { name: "ecg-dev", defaultOrigin: { bucket } });
      });
      const bucketName = Object.keys(synth.resources("aws_s3_bucket"))[0]!;
      const distributionName = Object.keys(synth.resources("aws_cloudfront_distribution"))[0]!;
      const policy = JSON.parse(synth.only("aws_s3_bucket_policy").policy as string);
      expect(policy.Statement.map((s: PolicyStatement) => s.Sid ?? s.Effect)).toEqual([
        "DenyInsecureTransport",
        "Allow",
      ]);
      expect(policy.Statement[1]).toMatchObject({
        Resource: `${ref("aws_s3_bucket", bucketName, "arn")}/*`,
        Condition: {
          StringEquals: { "AWS:SourceArn": ref("aws_cloudfront_distribution", distributionName, "arn") },
        },
      });
      expect(originById(synth.only("aws_cloudfront_distribution"), "frontend").domain_name).toBe(
        ref("aws_s3_bucket", bucketName, "bucket_regional_domain_name"),
      );
    });
  });

  describe("API behavior", () => {
    const { distribution } = build({
      apiOrigin: API,
      s3Behaviors: [{ pathPattern: "/videos/*", bucket: videoBucket() }],
    });
    const api = behaviorFor(distribution, "/api/*");

    it("is never cached and forwards every viewer value but Host (AWS managed policies)", () => {
      expect(api).toMatchObject({
        target_origin_id: "api",
        cache_policy_id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
        origin_request_policy_id: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
      });
      expect(MANAGED_CACHE_POLICY.cachingDisabled).toBe(api.cache_policy_id);
      expect(MANAGED_ORIGIN_REQUEST_POLICY.allViewerExceptHostHeader).toBe(api.origin_request_policy_id);
      expect(api.forwarded_values).toBeUndefined();
    });

    it("allows every method and refuses plain HTTP (no redirect that would drop a body)", () => {
      expect(api.allowed_methods).toEqual(["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]);
      expect(api.viewer_protocol_policy).toBe("https-only");
    });

    it("comes before the S3 behaviors, so no broader S3 pattern takes the API's paths", () => {
      expect(orderedBehaviors(distribution).map((b) => b.path_pattern)).toEqual(["/api/*", "/videos/*"]);
    });

    it("reaches the load balancer over TLS 1.2 with the origin header on every request", () => {
      expect(originById(distribution, "api")).toEqual({
        origin_id: "api",
        domain_name: API.domainName,
        custom_header: [{ name: "X-Origin-Verify", value: SECRET }],
        custom_origin_config: {
          http_port: 80,
          https_port: 443,
          origin_protocol_policy: "https-only",
          origin_ssl_protocols: ["TLSv1.2"],
          origin_read_timeout: 30,
          origin_keepalive_timeout: 5,
        },
      });
    });

    it("takes another path pattern, plain HTTP to a dev origin, and a longer read timeout", () => {
      const { distribution } = build({
        apiOrigin: { ...API, pathPattern: "/v1/*", protocol: "http-only", readTimeoutSeconds: 60 },
      });
      expect(behaviorFor(distribution, "/v1/*").target_origin_id).toBe("api");
      expect(originById(distribution, "api").custom_origin_config).toMatchObject({
        origin_protocol_policy: "http-only",
        origin_read_timeout: 60,
      });
    });

    it("has no API origin or behavior without apiOrigin", () => {
      const { distribution } = build();
      expect(origins(distribution).map((o) => o.origin_id)).toEqual(["frontend"]);
      expect(orderedBehaviors(distribution)).toEqual([]);
    });
  });

  describe("viewers", () => {
    it("without a domain: CloudFront's certificate, and url is the cloudfront.net name", () => {
      const { synth, distribution, distributionName } = build();
      expect(distribution.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
      expect(distribution.aliases).toBeUndefined();
      expect(synth.output("url")?.value).toBe(
        `https://${ref("aws_cloudfront_distribution", distributionName, "domain_name")}`,
      );
    });

    it("with a domain: the ACM certificate over SNI with TLS 1.2 (2021 ciphers), and url is the first alias", () => {
      const { synth, distribution } = build({
        domain: { aliases: ["www.example.com", "example.com"], certificateArn: CERT },
      });
      expect(distribution.aliases).toEqual(["www.example.com", "example.com"]);
      expect(distribution.viewer_certificate).toEqual({
        acm_certificate_arn: CERT,
        ssl_support_method: "sni-only",
        minimum_protocol_version: "TLSv1.2_2021",
      });
      expect(synth.output("url")?.value).toBe("https://www.example.com");
    });

    it("speaks HTTP/2 and HTTP/3 and IPv6, serves index.html for / and is enabled", () => {
      const { distribution } = build();
      expect(distribution).toMatchObject({
        enabled: true,
        http_version: "http2and3",
        is_ipv6_enabled: true,
        default_root_object: "index.html",
        comment: "ecg-dev",
        restrictions: { geo_restriction: { restriction_type: "none", locations: [] } },
      });
    });

    it("exposes the distribution's attributes", () => {
      const { synth, distributionName } = build();
      expect(synth.output("distributionId")?.value).toBe(
        ref("aws_cloudfront_distribution", distributionName),
      );
      expect(synth.output("distributionArn")?.value).toBe(
        ref("aws_cloudfront_distribution", distributionName, "arn"),
      );
      expect(synth.output("domainName")?.value).toBe(
        ref("aws_cloudfront_distribution", distributionName, "domain_name"),
      );
      expect(synth.output("hostedZoneId")?.value).toBe(
        ref("aws_cloudfront_distribution", distributionName, "hosted_zone_id"),
      );
    });
  });

  describe("price class", () => {
    it("is PriceClass_200 by default (Korea and Japan are in it)", () => {
      expect(build().distribution.price_class).toBe("PriceClass_200");
    });

    it.each(["PriceClass_100", "PriceClass_All"] as const)("takes %s", (priceClass) => {
      expect(build({ priceClass }).distribution.price_class).toBe(priceClass);
    });
  });

  describe("SPA fallback", () => {
    it("is on by default: a viewer-request function on the frontend behavior only", () => {
      const { synth, distribution } = build({
        apiOrigin: API,
        s3Behaviors: [{ pathPattern: "/videos/*", bucket: videoBucket() }],
      });
      const functionName = Object.keys(synth.resources("aws_cloudfront_function"))[0]!;
      expect(synth.only("aws_cloudfront_function")).toMatchObject({
        name: "ecg-dev-spa-fallback",
        runtime: "cloudfront-js-2.0",
        publish: true,
      });
      expect((distribution.default_cache_behavior as Behavior).function_association).toEqual([
        { event_type: "viewer-request", function_arn: ref("aws_cloudfront_function", functionName, "arn") },
      ]);
      for (const behavior of orderedBehaviors(distribution))
        expect(behavior.function_association).toBeUndefined();
      // Distribution-wide error responses would also rewrite the API's 403 and 404 answers.
      expect(distribution.custom_error_response).toBeUndefined();
    });

    it.each([
      ["/", "/index.html"],
      ["/patients/42", "/index.html"],
      ["/studies/7/report", "/index.html"],
      ["/assets/app.3f2a.js", "/assets/app.3f2a.js"],
      ["/favicon.ico", "/favicon.ico"],
    ])("the function sends %s to %s", (uri, expected) => {
      const { synth } = build();
      const code = synth.only("aws_cloudfront_function").code as string;
      const handler = new Function(`${code}; return handler;`)() as (event: unknown) => { uri: string };
      expect(handler({ request: { uri } }).uri).toBe(expected);
    });

    it("serves the configured root object", () => {
      const { synth } = build({ defaultRootObject: "app.html" });
      const code = synth.only("aws_cloudfront_function").code as string;
      const handler = new Function(`${code}; return handler;`)() as (event: unknown) => { uri: string };
      expect(handler({ request: { uri: "/route" } }).uri).toBe("/app.html");
      expect(build({ defaultRootObject: "app.html" }).distribution.default_root_object).toBe("app.html");
    });

    it("is off with spaFallback: false: no function, no association", () => {
      const { synth, distribution } = build({ spaFallback: false });
      expect(synth.count("aws_cloudfront_function")).toBe(0);
      expect((distribution.default_cache_behavior as Behavior).function_association).toBeUndefined();
    });
  });

  describe("logging and WAF", () => {
    it("writes standard logs under <name>/ by default, without cookies", () => {
      const { distribution } = build({ logBucket: { bucketDomainName: "logs.s3.amazonaws.com" } });
      expect(distribution.logging_config).toEqual({
        bucket: "logs.s3.amazonaws.com",
        prefix: "ecg-dev/",
        include_cookies: false,
      });
    });

    it("takes a log prefix, and logs nothing without a log bucket", () => {
      expect(
        build({ logBucket: { bucketDomainName: "logs.s3.amazonaws.com" }, logPrefix: "cloudfront/" })
          .distribution.logging_config,
      ).toMatchObject({ prefix: "cloudfront/" });
      expect(build().distribution.logging_config).toBeUndefined();
    });

    it("attaches the web ACL by ARN", () => {
      expect(build({ webAclArn: WEB_ACL }).distribution.web_acl_id).toBe(WEB_ACL);
      expect(build().distribution.web_acl_id).toBeUndefined();
    });
  });

  describe("security headers", () => {
    it("attaches one response headers policy to every behavior", () => {
      const { synth, distribution } = build({
        apiOrigin: API,
        s3Behaviors: [{ pathPattern: "/videos/*", bucket: videoBucket() }],
      });
      const policy = ref(
        "aws_cloudfront_response_headers_policy",
        Object.keys(synth.resources("aws_cloudfront_response_headers_policy"))[0]!,
      );
      expect(synth.only("aws_cloudfront_response_headers_policy").name).toBe("ecg-dev-security-headers");
      for (const behavior of [
        distribution.default_cache_behavior as Behavior,
        ...orderedBehaviors(distribution),
      ]) {
        expect(behavior.response_headers_policy_id).toBe(policy);
      }
    });
  });

  describe("validation", () => {
    it.each([
      [
        "a certificate in the stack's region",
        "arn:aws:acm:ap-northeast-2:111111111111:certificate/0f1e2d3c-4b5a",
      ],
      ["a certificate in eu-west-1", "arn:aws:acm:eu-west-1:111111111111:certificate/0f1e2d3c-4b5a"],
      ["an IAM server certificate", "arn:aws:iam::111111111111:server-certificate/site"],
      ["a malformed ARN", "arn:aws:acm:us-east-1:certificate/0f1e"],
      ["not an ARN", "www.example.com"],
    ])("refuses %s as the domain's certificate", (_what, certificateArn) => {
      const error = buildError({ domain: { aliases: ["www.example.com"], certificateArn } });
      expect(error).toBe(
        `stack/cdn: domain.certificateArn must be an ACM certificate in us-east-1 (CloudFront reads certificates only there), got "${certificateArn}"`,
      );
    });

    it.each<[string, Partial<CloudFrontDistributionProps>, RegExp]>([
      [
        "a name with a dot",
        { name: "ecg.dev" },
        /name must be 1-50 letters, digits or hyphens.*got "ecg.dev"/,
      ],
      ["a name of 51 characters", { name: "a".repeat(51) }, /name must be 1-50 letters/],
      [
        "an unknown price class",
        { priceClass: "PriceClass_300" as never },
        /priceClass must be one of PriceClass_100, PriceClass_200, PriceClass_All, got "PriceClass_300"/,
      ],
      [
        "a root object with a leading slash",
        { defaultRootObject: "/index.html" },
        /defaultRootObject must be an object key without a leading "\/"/,
      ],
      [
        "an origin path with a trailing slash",
        { defaultOrigin: { bucket: frontendBucket(), originPath: "/web/" } },
        /defaultOrigin.originPath must start with "\/" and not end with one/,
      ],
      [
        "an S3 behavior on the default pattern",
        { s3Behaviors: [{ pathPattern: "/*", bucket: videoBucket() }] },
        /s3Behaviors\[0\].pathPattern must be a CloudFront path pattern .* other than the default "\*"/,
      ],
      [
        "two behaviors on one pattern",
        { apiOrigin: API, s3Behaviors: [{ pathPattern: "api/*", bucket: videoBucket() }] },
        /s3Behaviors\[0\].pathPattern "api\/\*" repeats apiOrigin.pathPattern/,
      ],
      [
        "an API origin with a scheme",
        { apiOrigin: { ...API, domainName: "https://api.example.com" } },
        /apiOrigin.domainName must be a lowercase domain name/,
      ],
      [
        "a refused origin header",
        { apiOrigin: { ...API, originHeader: { name: "X-Amz-Verify", value: SECRET } } },
        /apiOrigin.originHeader.name must be a header name .* got "X-Amz-Verify"/,
      ],
      [
        "a short origin header value",
        { apiOrigin: { ...API, originHeader: { name: "X-Origin-Verify", value: "short" } } },
        /apiOrigin.originHeader.value must be a value of 16-128 .* got a value of 5 characters/,
      ],
      [
        "a wildcard in the origin header value",
        { apiOrigin: { ...API, originHeader: { name: "X-Origin-Verify", value: `${SECRET}*` } } },
        /apiOrigin.originHeader.value must be .*"\*" or "\?"/,
      ],
      [
        "a read timeout of 181 s",
        { apiOrigin: { ...API, readTimeoutSeconds: 181 } },
        /apiOrigin.readTimeoutSeconds must be a whole number from 1 to 180, got 181/,
      ],
      ["no aliases", { domain: { aliases: [], certificateArn: CERT } }, /domain.aliases is empty/],
      [
        "an alias with a trailing dot",
        { domain: { aliases: ["www.example.com."], certificateArn: CERT } },
        /domain.aliases entry must be a lowercase domain name/,
      ],
      ["a log prefix without a log bucket", { logPrefix: "cloudfront/" }, /logPrefix needs logBucket/],
      [
        "a log prefix with a leading slash",
        { logBucket: { bucketDomainName: "logs.s3.amazonaws.com" }, logPrefix: "/cf/" },
        /logPrefix must be a key prefix without a leading "\/"/,
      ],
      [
        "a regional web ACL",
        { webAclArn: "arn:aws:wafv2:ap-northeast-2:111111111111:regional/webacl/ecg/0f1e2d3c" },
        /webAclArn must be the ARN of a WAFv2 web ACL of scope CLOUDFRONT/,
      ],
    ])("refuses %s", (_what, overrides, message) => {
      const error = buildError(overrides);
      expect(error).toMatch(/^stack\/cdn: /);
      expect(error).toMatch(message);
    });

    it("accepts tokens where only apply time knows the value", () => {
      expect(() =>
        synthScope((scope) => {
          const bucket = new SecureBucket(scope, "frontend", { bucketName: "ecg-frontend" });
          const other = new CloudFrontDistribution(scope, "other", {
            name: "other",
            defaultOrigin: { bucket },
          });
          new CloudFrontDistribution(scope, "cdn", {
            name: "ecg-dev",
            defaultOrigin: { bucket },
            apiOrigin: {
              ...API,
              domainName: other.domainName,
              originHeader: { name: "X-Origin-Verify", value: other.distributionId },
            },
            domain: { aliases: ["www.example.com"], certificateArn: other.distributionArn },
            webAclArn: other.distributionArn,
          });
        }),
      ).not.toThrow();
    });
  });
});

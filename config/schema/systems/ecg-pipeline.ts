import { z } from "zod";
import { CERTIFICATE_ARN, CERTIFICATE_ARN_EXPECTED } from "../../../modules/alb/certificate-arn";
import { CLOUDFRONT_PRICE_CLASSES, DEFAULT_CLOUDFRONT_PRICE_CLASS } from "../../../modules/cdn/price-classes";
import { cloudFrontCertificateArnProblem } from "../../../modules/cdn/certificate-region";
import { DEFAULT_WAF_RATE_LIMIT, rateLimitProblem } from "../../../modules/cdn/web-acl-rules";
import { gpuInstanceTypeProblem } from "../../../modules/ec2/gpu-instance-types";
import { capacityProblems } from "../../../modules/ec2/capacity";
import { DEFAULT_ROOT_VOLUME_GIB, rootVolumeProblem } from "../../../modules/ec2/root-volume";
import { workingHoursProblems } from "../../../modules/ec2/working-hours";
import { expectedOf } from "../module-problem";
import { networkSchema } from "../network";
import { overrideReason, positiveInt } from "../primitives";
import { edgeAlbFields, checkAlbForEnvironment } from "./alb";
import { corsOriginsSchema, lifecycleRulesSchema } from "./bucket";
import { domainSchema } from "./domain";
import { ecrSchema } from "./ecr";
import { autoscaledServiceSchema } from "./fargate-service";

/**
 * The site's host name: CloudFront serves it with a certificate in us-east-1, and the ALB gets
 * `origin.<name>` with a regional certificate so CloudFront reaches the API over HTTPS.
 */
const ecgDomainSchema = domainSchema.extend({
  /**
   * An existing ACM certificate for `name`, in us-east-1 (CloudFront reads certificates only there).
   * @default issued and DNS-validated by the stack
   */
  certificate_arn: z
    .string()
    .regex(CERTIFICATE_ARN, { message: CERTIFICATE_ARN_EXPECTED })
    .superRefine((arn, ctx) => {
      const problem = cloudFrontCertificateArnProblem(arn);
      if (problem) ctx.addIssue({ code: "custom", message: expectedOf(problem, "CloudFront"), input: arn });
    })
    .optional(),
});

/** The 09:00–19:00-style window the model servers run in; outside it they scale to zero. */
const workingHoursSchema = z
  .strictObject({
    /** IANA time zone of the two crons, e.g. "Asia/Seoul". */
    time_zone: z.string(),
    /** 5-field cron when the servers start, e.g. "0 9 * * MON-FRI". */
    start: z.string(),
    /** 5-field cron when they stop, e.g. "0 19 * * MON-FRI". */
    stop: z.string(),
  })
  .superRefine((hours, ctx) => {
    const keys = { timeZone: "time_zone", start: "start", stop: "stop" } as const;
    for (const problem of workingHoursProblems(
      { timeZone: hours.time_zone, start: hours.start, stop: hours.stop },
      "",
    )) {
      const prop = problem.split(" ", 1)[0] as keyof typeof keys;
      const key = keys[prop] ?? "start";
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: expectedOf(problem, "Auto Scaling"),
        input: hours[key],
      });
    }
  });

/** The GPU model servers the API calls (modules/ec2/gpu-model-server.ts). */
const modelServerSchema = z
  .strictObject({
    /** A GPU instance type. @default "g4dn.xlarge" */
    instance_type: z
      .string()
      .superRefine((type, ctx) => {
        const problem = gpuInstanceTypeProblem(type);
        if (problem) ctx.addIssue({ code: "custom", message: expectedOf(problem, "EC2"), input: type });
      })
      .default("g4dn.xlarge"),
    /** An explicit AMI. @default the AWS Deep Learning AMI, resolved at launch from its SSM parameter */
    ami_id: z
      .string()
      .regex(/^ami-[0-9a-f]{8}([0-9a-f]{9})?$/, { message: 'an AMI id, e.g. "ami-0123456789abcdef0"' })
      .optional(),
    /** @default 1 */
    min_size: z.number().default(1),
    /** @default 1 */
    max_size: z.number().default(1),
    /** @default 1 */
    desired_capacity: z.number().default(1),
    /**
     * Spot capacity (about a third of the on-demand price; AWS may take an instance back with two
     * minutes' notice). Prod refuses it unless `prod_overrides.spot` says why. @default false
     */
    spot: z.boolean().default(false),
    /** Root volume (gp3, encrypted) for the AMI, images and models. @default 100 */
    root_volume_gib: z.number().default(DEFAULT_ROOT_VOLUME_GIB),
    /** Run only in this window, zero servers outside it. @default none (always on) */
    working_hours: workingHoursSchema.optional(),
    /** `spot = "<why prod may lose a server to a Spot interruption>"`. @default none */
    prod_overrides: z.strictObject({ spot: overrideReason.optional() }).optional(),
  })
  .superRefine((server, ctx) => {
    const volumeProblem = rootVolumeProblem("root_volume_gib", server.root_volume_gib, !server.ami_id);
    if (volumeProblem) {
      ctx.addIssue({
        code: "custom",
        path: ["root_volume_gib"],
        message: expectedOf(volumeProblem, "EC2"),
        input: server.root_volume_gib,
      });
    }
    // The capacity rule is the module's; config only says which key it bites.
    const keys = { min: "min_size", max: "max_size", desired: "desired_capacity" } as const;
    const capacity = { min: server.min_size, max: server.max_size, desired: server.desired_capacity };
    for (const problem of capacityProblems(capacity)) {
      const field = /^capacity\.(min|max|desired) /.exec(problem)?.[1] as keyof typeof keys | undefined;
      const key = keys[field!];
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: expectedOf(problem, "Auto Scaling"),
        input: server[key],
      });
    }
  });

/** The bucket uploads and analysis results live in. */
const videoStorageSchema = z.strictObject({
  /** Transitions and expiry of old videos. @default [] (kept in Standard) */
  lifecycle_rules: lifecycleRulesSchema,
  /** Browser origins that upload directly (presigned PUT); never "*" in prod. @default [] (no CORS) */
  cors_origins: corsOriginsSchema.default([]),
  /** @default true */
  versioned: z.boolean().default(true),
  /** Let `destroy` delete the bucket with its videos (dev only; refused in prod). @default false */
  force_destroy: z.boolean().default(false),
});

/** CloudFront in front of the frontend, the videos and `/api/*`. */
const cdnSchema = z.strictObject({
  /** @default "PriceClass_200" (includes Korea and Japan; PriceClass_100 does not) */
  price_class: z.enum(CLOUDFRONT_PRICE_CLASSES).default(DEFAULT_CLOUDFRONT_PRICE_CLASS),
  /**
   * A single-page app's routes (paths whose last segment has no ".") answer /index.html, on the
   * frontend behavior only, so /api/* and /videos/* errors stay what they are. @default true
   */
  spa_fallback: z.boolean().default(true),
  /** The web application firewall. */
  waf: z
    .strictObject({
      /** Prod refuses false unless `prod_overrides.waf` says why. @default true */
      enabled: z.boolean().default(true),
      /** Requests per 5 minutes from one IP before it is blocked. @default 2000 */
      rate_limit: z
        .number()
        .superRefine((limit, ctx) => {
          const problem = rateLimitProblem(limit);
          if (problem) ctx.addIssue({ code: "custom", message: expectedOf(problem, "WAF"), input: limit });
        })
        .default(DEFAULT_WAF_RATE_LIMIT),
    })
    .prefault({}),
  /** Days CloudFront's standard logs are kept. @default 90 */
  log_retention_days: positiveInt("a whole number of days above 0").default(90),
  /** Let `destroy` delete the frontend and log buckets with their objects (dev only). @default false */
  force_destroy: z.boolean().default(false),
  /** `waf = "<why prod runs without a firewall>"`. @default none */
  prod_overrides: z.strictObject({ waf: overrideReason.optional() }).optional(),
});

export const ecgPipelineSchema = z.strictObject({
  /** The site's host name. Required in prod; without it (dev) CloudFront's own name and an HTTP origin. */
  domain: ecgDomainSchema.optional(),
  /** The API: an autoscaled Fargate service on port 8000, reached through CloudFront at /api/*. */
  api: autoscaledServiceSchema,
  /** @default {} */
  alb: z.strictObject(edgeAlbFields).prefault({}),
  /** @default {} (one on-demand g4dn.xlarge, always on) */
  model_server: modelServerSchema.prefault({}),
  /** @default {} */
  video_storage: videoStorageSchema.prefault({}),
  /** @default {} (WAF on, PriceClass_200) */
  cdn: cdnSchema.prefault({}),
  /** @default {} */
  ecr: ecrSchema.prefault({}),
  /** A dedicated VPC (same keys as `network`), as the source's isolated network. @default none */
  network: networkSchema.optional(),
});

export type EcgPipelineConfig = z.infer<typeof ecgPipelineSchema>;

/** The ECG pipeline's rules that depend on the environment. */
export function checkEcgPipelineForEnvironment(
  ecg: EcgPipelineConfig,
  environment: string,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  checkAlbForEnvironment(ecg.alb, environment, [...path, "alb"], ctx);
  if (environment !== "prod") return;
  const issue = (at: (string | number)[], message: string, input: unknown) =>
    ctx.addIssue({ code: "custom", path: [...path, ...at], message, input });
  if (!ecg.domain) {
    issue(
      ["domain"],
      "a domain in prod: CloudFront reaches the API over HTTPS only with a certificate (name and hosted_zone_id)",
      undefined,
    );
  }
  if (!ecg.cdn.waf.enabled && !ecg.cdn.prod_overrides?.waf) {
    issue(
      ["cdn", "waf", "enabled"],
      'true in prod (the firewall in front of the site), or cdn.prod_overrides = { waf = "<why>" }',
      false,
    );
  }
  if (ecg.model_server.spot && !ecg.model_server.prod_overrides?.spot) {
    issue(
      ["model_server", "spot"],
      'false in prod (on-demand: AWS never takes the server back), or model_server.prod_overrides = { spot = "<why>" }',
      true,
    );
  }
  ecg.video_storage.cors_origins.forEach((origin, i) => {
    if (origin === "*")
      issue(
        ["video_storage", "cors_origins", i],
        'named origins in prod, never "*" (any site could upload with a user\'s presigned URL)',
        origin,
      );
  });
  if (ecg.video_storage.force_destroy) {
    issue(["video_storage", "force_destroy"], "false in prod: destroy never deletes the videos", true);
  }
  if (ecg.cdn.force_destroy) {
    issue(["cdn", "force_destroy"], "false in prod: destroy never deletes the frontend and its logs", true);
  }
}

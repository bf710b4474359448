import { z } from "zod";
import { CERTIFICATE_ARN, CERTIFICATE_ARN_EXPECTED } from "../../../modules/alb/certificate-arn";
import { cidrBlock, overrideReason, positiveInt } from "../primitives";

export const albSchema = z
  .strictObject({
    /** ACM certificate for the HTTPS listener; HTTP then only redirects. @default none */
    certificate_arn: z.string().regex(CERTIFICATE_ARN, { message: CERTIFICATE_ARN_EXPECTED }).optional(),
    /** Serve plain HTTP when there is no certificate (dev only). @default false */
    allow_plain_http: z.boolean().default(false),
    /** Internal instead of internet-facing. @default false */
    internal: z.boolean().default(false),
    /** Prod refuses false unless `prod_overrides.deletion_protection` says why. @default true */
    deletion_protection: z.boolean().default(true),
    /**
     * Prod guard rails lifted on purpose, each with the reason (kept in the file for the reviewer):
     * `deletion_protection = "<why this ALB may be deleted by a deploy>"`. @default none
     */
    prod_overrides: z.strictObject({ deletion_protection: overrideReason.optional() }).optional(),
    /** @default 60 */
    idle_timeout_seconds: positiveInt("seconds between 1 and 4000").max(4000).default(60),
    /**
     * Who may reach the listeners. Required when internal (e.g. the VPC CIDR).
     * @default ["0.0.0.0/0"] when internet-facing (the Alb module's default)
     */
    ingress_cidrs: z.array(cidrBlock).min(1).optional(),
    /**
     * Let `terraform destroy` delete the access-log bucket with its logs (dev only: the logs are
     * evidence). Independent of deletion_protection. @default false
     */
    access_logs_force_destroy: z.boolean().default(false),
    /** Days access logs are kept. @default 90 */
    access_log_retention_days: positiveInt("a whole number of days above 0").default(90),
  })
  .superRefine((alb, ctx) => {
    if (!alb.certificate_arn && !alb.allow_plain_http) {
      ctx.addIssue({
        code: "custom",
        path: ["certificate_arn"],
        message: "an ACM certificate ARN for HTTPS (or allow_plain_http = true, meant for dev only)",
        input: undefined,
      });
    }
    if (alb.certificate_arn && alb.allow_plain_http) {
      ctx.addIssue({
        code: "custom",
        path: ["allow_plain_http"],
        message: "allow_plain_http left out when certificate_arn is set (HTTP then only redirects to HTTPS)",
        input: alb.allow_plain_http,
      });
    }
    if (alb.internal && alb.ingress_cidrs === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["ingress_cidrs"],
        message: "the CIDRs that may reach an internal ALB (e.g. the VPC CIDR); it gets no internet default",
        input: undefined,
      });
    }
  });

export type AlbConfig = z.infer<typeof albSchema>;

/**
 * A system's own internet-facing ALB whose certificate the stack provides (from the system's
 * domain), so the section has only the operational keys.
 */
export const edgeAlbFields = {
  /** Prod refuses false unless `prod_overrides.deletion_protection` says why. @default true */
  deletion_protection: z.boolean().default(true),
  /** @default 60 */
  idle_timeout_seconds: positiveInt("seconds between 1 and 4000").max(4000).default(60),
  /** Days access logs are kept. @default 90 */
  access_log_retention_days: positiveInt("a whole number of days above 0").default(90),
  /** Let `destroy` delete the access-log bucket with its logs (dev only). @default false */
  access_logs_force_destroy: z.boolean().default(false),
  /** `deletion_protection = "<why>"`. @default none */
  prod_overrides: z.strictObject({ deletion_protection: overrideReason.optional() }).optional(),
};

/** The production guard rails of a load balancer (prod may lift one only with a written reason). */
export function checkAlbForEnvironment(
  alb: Pick<AlbConfig, "deletion_protection" | "prod_overrides">,
  environment: string,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  if (environment !== "prod" || alb.deletion_protection || alb.prod_overrides?.deletion_protection) return;
  ctx.addIssue({
    code: "custom",
    path: [...path, "deletion_protection"],
    message:
      'true in prod (a deploy or destroy must not delete the entry point), or prod_overrides = { deletion_protection = "<why>" }',
    input: alb.deletion_protection,
  });
}

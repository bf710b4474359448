import { z } from "zod";
import { CERTIFICATE_ARN, CERTIFICATE_ARN_EXPECTED } from "../../../modules/alb/certificate-arn";
import { cidrBlock, positiveInt } from "../primitives";

export const albSchema = z
  .strictObject({
    /** ACM certificate for the HTTPS listener; HTTP then only redirects. @default none */
    certificate_arn: z.string().regex(CERTIFICATE_ARN, { message: CERTIFICATE_ARN_EXPECTED }).optional(),
    /** Serve plain HTTP when there is no certificate (dev only). @default false */
    allow_plain_http: z.boolean().default(false),
    /** Internal instead of internet-facing. @default false */
    internal: z.boolean().default(false),
    /** @default true */
    deletion_protection: z.boolean().default(true),
    /** @default 60 */
    idle_timeout_seconds: positiveInt("seconds between 1 and 4000").max(4000).default(60),
    /**
     * Who may reach the listeners. Required when internal (e.g. the VPC CIDR).
     * @default ["0.0.0.0/0"] when internet-facing (the Alb module's default)
     */
    ingress_cidrs: z.array(cidrBlock).min(1).optional(),
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

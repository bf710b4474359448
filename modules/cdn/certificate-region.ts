import { CERTIFICATE_ARN } from "../alb/certificate-arn";

/**
 * CloudFront serves only ACM certificates from us-east-1, whatever region the rest of the stack is in:
 * a certificate requested in the stack's own region is refused when the distribution is created. One
 * rule for the CloudFront module and for config, so a wrong certificate reads the same from either side.
 */
export const CLOUDFRONT_CERTIFICATE_REGION = "us-east-1";

/** What a CloudFront certificate ARN must be, worded to follow "must be" and "expected". */
export const CLOUDFRONT_CERTIFICATE_EXPECTED = `an ACM certificate in ${CLOUDFRONT_CERTIFICATE_REGION} (CloudFront reads certificates only there)`;

/** The region an ACM certificate ARN names, or undefined when `arn` is not one. */
export function certificateRegionOf(arn: string): string | undefined {
  if (!CERTIFICATE_ARN.test(arn)) return undefined;
  return arn.split(":")[3];
}

/** Why `arn` cannot be a CloudFront certificate (`certificateArn must be ..., got "..."`), or undefined. */
export function cloudFrontCertificateArnProblem(arn: string, prop = "certificateArn"): string | undefined {
  return certificateRegionOf(arn) === CLOUDFRONT_CERTIFICATE_REGION
    ? undefined
    : `${prop} must be ${CLOUDFRONT_CERTIFICATE_EXPECTED}, got "${arn}"`;
}

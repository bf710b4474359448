/**
 * The certificates an ALB listener takes here: ACM's only. IAM server certificates would work on the
 * listener too, but nothing renews them, and an expired certificate is an outage. One pattern for the
 * Alb module and for config.
 */
export const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/;

/** What a certificate ARN must be, worded to follow "must be" and "expected". */
export const CERTIFICATE_ARN_EXPECTED = "an ACM certificate ARN";

/**
 * S3's general-purpose bucket naming rules, one definition for the bucket module and for config:
 * 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.
 */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** What a bucket name must be, worded to follow "must be" and "expected". */
export const BUCKET_NAME_EXPECTED = "an S3 bucket name: 3-63 lowercase letters, digits, dots, hyphens";

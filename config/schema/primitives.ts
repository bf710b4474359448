import { z } from "zod";
import { LOG_RETENTION_DAYS, isLogRetentionDays } from "../../modules/logs/retention";
import { BUCKET_NAME, BUCKET_NAME_EXPECTED } from "../../modules/s3/bucket-name";
import { LOCK_TABLE_NAME, LOCK_TABLE_NAME_EXPECTED } from "../../modules/state-backend/lock-table-name";
import { isCidr } from "../../modules/vpc/cidr";

/**
 * Reusable field types for environment files. Each carries the "expected ..." wording that
 * config errors print, so a message says what to write instead.
 */

export const cidrBlock = z.string().refine(isCidr, {
  message: 'an IPv4 CIDR with no host bits set, e.g. "10.0.0.0/16"',
});

export const awsAccountId = z
  .string()
  .regex(/^\d{12}$/, { message: 'a 12-digit AWS account id in quotes, e.g. "123456789012"' });

export const awsRegion = z
  .string()
  .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: 'an AWS region name, e.g. "ap-northeast-2"' });

/** Lowercase name usable in bucket, cluster and log group names. */
export const resourceName = z.string().regex(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/, {
  message: "3-32 lowercase letters, digits and hyphens, starting with a letter",
});

/** The periods are CloudWatch's (modules/logs/retention.ts); config only words the message. */
export const logRetentionDays = z.number().refine(isLogRetentionDays, {
  message: `one of the CloudWatch Logs retention periods (${LOG_RETENTION_DAYS.join(", ")})`,
});

export const s3BucketName = z.string().regex(BUCKET_NAME, { message: BUCKET_NAME_EXPECTED });

export const dynamoTableName = z.string().regex(LOCK_TABLE_NAME, { message: LOCK_TABLE_NAME_EXPECTED });

export const positiveInt = (what: string) => z.number().int({ message: what }).positive({ message: what });

export const stringMap = z.record(z.string(), z.string());

const CRON_FIELD = /^[0-9A-Za-z*?/,#L-]+$/;

/**
 * An EventBridge schedule: `cron(min hour day-of-month month day-of-week year)` (UTC) with `?` in one
 * of the two day fields, or `rate(n unit)`.
 */
export const scheduleExpression = z.string().refine(
  (text) => {
    const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(text);
    if (rate) return Number(rate[1]) > 0 && (rate[1] === "1") === !rate[2]!.endsWith("s");
    const cron = /^cron\((.*)\)$/.exec(text);
    if (!cron) return false;
    const fields = cron[1]!.trim().split(/\s+/);
    return (
      fields.length === 6 &&
      fields.every((f) => CRON_FIELD.test(f)) &&
      (fields[2] === "?") !== (fields[4] === "?")
    );
  },
  {
    message:
      'an EventBridge schedule such as "cron(0 0 ? * MON-FRI *)" (6 fields, UTC, "?" in day-of-month or day-of-week) or "rate(1 hour)"',
  },
);

/**
 * The reason a prod guard rail is lifted, written next to the override so a reviewer reads it in the
 * diff: a sentence, not a flag.
 */
export const overrideReason = z
  .string()
  .refine((text) => text.trim().length >= 10, { message: "a reason of at least 10 characters" });

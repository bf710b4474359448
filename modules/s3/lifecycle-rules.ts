/**
 * Lifecycle rules of a SecureBucket and the checks S3 applies to them (plus the ones that catch a rule
 * that would silently do nothing), one definition for the bucket module and for config. No construct
 * imports: config loads this file.
 */

/** The classes a lifecycle rule may move current objects to, in S3's waterfall order. */
export const TRANSITION_STORAGE_CLASSES = [
  "STANDARD_IA",
  "ONEZONE_IA",
  "INTELLIGENT_TIERING",
  "GLACIER_IR",
  "GLACIER",
  "DEEP_ARCHIVE",
] as const;

export type TransitionStorageClass = (typeof TRANSITION_STORAGE_CLASSES)[number];

export interface BucketLifecycleTransition {
  /** Days after creation; 0 (at once) is allowed except into an infrequent-access class. */
  readonly days: number;
  readonly storageClass: TransitionStorageClass;
}

export interface BucketLifecycleRule {
  /** Unique within the bucket, 1-255 characters. */
  readonly id: string;
  /** Key prefix the rule applies to, e.g. "videos/". @default every object */
  readonly prefix?: string;
  /** Moves to cheaper storage, in strictly increasing days and down S3's waterfall. @default none */
  readonly transitions?: readonly BucketLifecycleTransition[];
  /** Days after creation before objects expire. @default never */
  readonly expirationDays?: number;
  /**
   * Days before noncurrent versions are removed; only a shorter value than the bucket's has an
   * effect, since the bucket-wide rule covers every object.
   * @default the bucket's
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days before incomplete multipart uploads are aborted; only a shorter value than the bucket's
   * has an effect, for the same reason.
   * @default the bucket's (7)
   */
  readonly abortIncompleteMultipartUploadDays?: number;
}

/** Id of the rule every SecureBucket has, covering every object; no other rule may take it. */
export const BUCKET_WIDE_RULE_ID = "expire-noncurrent-and-abort-uploads";

/** The bucket-wide rule's defaults. */
export const DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS = 90;
export const ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS = 7;

/** S3 takes 1,000 rules per bucket; one is the bucket-wide rule. */
export const MAX_LIFECYCLE_RULES = 999;

/** S3 refuses a move into an infrequent-access class earlier, and a move out of it sooner after. */
const INFREQUENT_ACCESS_DAYS = 30;
const INFREQUENT_ACCESS: readonly TransitionStorageClass[] = ["STANDARD_IA", "ONEZONE_IA"];

/**
 * Where S3 lets a lifecycle rule move an object on from each class (its "supported lifecycle
 * transitions"; nothing ever moves back up, and One Zone-IA never moves to Glacier Instant Retrieval).
 */
const NEXT_CLASSES: Readonly<Record<TransitionStorageClass, readonly TransitionStorageClass[]>> = {
  STANDARD_IA: ["INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
  INTELLIGENT_TIERING: ["ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
  ONEZONE_IA: ["GLACIER", "DEEP_ARCHIVE"],
  GLACIER_IR: ["GLACIER", "DEEP_ARCHIVE"],
  GLACIER: ["DEEP_ARCHIVE"],
  DEEP_ARCHIVE: [],
};

const isWholeFrom = (n: unknown, min: number): n is number =>
  typeof n === "number" && Number.isInteger(n) && n >= min;

const show = (value: unknown): string => (typeof value === "string" ? `"${value}"` : String(value));

function daysProblem(field: string, value: unknown, min: number, why = ""): string | undefined {
  return isWholeFrom(value, min)
    ? undefined
    : `${field} must be a whole number of days from ${min}${why}, got ${show(value)}`;
}

/**
 * Problems of one rule, each "<field> must be <rule>, got <value>" with field names as in
 * BucketLifecycleRule ("transitions[1].days", "expirationDays"); empty when S3 would take the rule.
 */
export function lifecycleRuleProblems(rule: BucketLifecycleRule): string[] {
  const problems: string[] = [];
  const add = (problem: string | undefined) => {
    if (problem) problems.push(problem);
  };

  if (typeof rule.id !== "string" || rule.id.length < 1 || rule.id.length > 255) {
    add(`id must be 1-255 characters, got ${show(rule.id)}`);
  }
  if (rule.prefix !== undefined) {
    if (typeof rule.prefix !== "string" || rule.prefix.startsWith("/") || rule.prefix.includes("*")) {
      add(
        `prefix must be a key prefix without a leading "/" or "*" (S3 matches it literally; omit it for every object), got ${show(rule.prefix)}`,
      );
    } else if (rule.prefix.length > 1024) {
      add(`prefix must be at most 1024 characters (S3's longest key), got ${rule.prefix.length} characters`);
    }
  }

  const transitions = rule.transitions ?? [];
  transitions.forEach((transition, i) => {
    const field = `transitions[${i}]`;
    const storageClass = transition.storageClass;
    if (!(TRANSITION_STORAGE_CLASSES as readonly string[]).includes(storageClass)) {
      add(
        `${field}.storageClass must be one of ${TRANSITION_STORAGE_CLASSES.join(", ")}, got ${show(storageClass)}`,
      );
      return;
    }
    const ia = INFREQUENT_ACCESS.includes(storageClass);
    const dayProblem = ia
      ? daysProblem(
          `${field}.days`,
          transition.days,
          INFREQUENT_ACCESS_DAYS,
          ` (S3's minimum before ${storageClass})`,
        )
      : daysProblem(`${field}.days`, transition.days, 0);
    add(dayProblem);
    if (i === 0) return;
    const previous = transitions[i - 1]!;
    if (!(TRANSITION_STORAGE_CLASSES as readonly string[]).includes(previous.storageClass)) return;
    const next = NEXT_CLASSES[previous.storageClass];
    if (!next.includes(storageClass)) {
      add(
        next.length === 0
          ? `${field}.storageClass must be absent: S3 moves nothing on from ${previous.storageClass} (transitions[${i - 1}]), got "${storageClass}"`
          : `${field}.storageClass must be one S3 moves ${previous.storageClass} (transitions[${i - 1}]) to: ${next.join(", ")}, got "${storageClass}"`,
      );
    }
    if (dayProblem || !isWholeFrom(previous.days, 0)) return;
    if (INFREQUENT_ACCESS.includes(previous.storageClass)) {
      const earliest = previous.days + INFREQUENT_ACCESS_DAYS;
      if (transition.days < earliest) {
        add(
          `${field}.days must be at least ${earliest} (S3 keeps objects ${INFREQUENT_ACCESS_DAYS} days in ${previous.storageClass}, reached at day ${previous.days}), got ${transition.days}`,
        );
      }
    } else if (transition.days <= previous.days) {
      add(
        `${field}.days must be more than transitions[${i - 1}].days (${previous.days}), got ${transition.days}`,
      );
    }
  });

  if (rule.expirationDays !== undefined) {
    const expiryProblem = daysProblem("expirationDays", rule.expirationDays, 1);
    add(expiryProblem);
    if (!expiryProblem) {
      transitions.forEach((transition, i) => {
        if (isWholeFrom(transition.days, 0) && transition.days >= rule.expirationDays!) {
          add(
            `transitions[${i}].days must be less than expirationDays (${rule.expirationDays}): objects are gone by then, got ${transition.days}`,
          );
        }
      });
    }
  }
  if (rule.noncurrentVersionExpirationDays !== undefined) {
    add(daysProblem("noncurrentVersionExpirationDays", rule.noncurrentVersionExpirationDays, 1));
  }
  if (rule.abortIncompleteMultipartUploadDays !== undefined) {
    add(daysProblem("abortIncompleteMultipartUploadDays", rule.abortIncompleteMultipartUploadDays, 1));
  }
  if (
    transitions.length === 0 &&
    rule.expirationDays === undefined &&
    rule.noncurrentVersionExpirationDays === undefined &&
    rule.abortIncompleteMultipartUploadDays === undefined
  ) {
    add(
      "transitions must be at least one transition when the rule sets no expirationDays, noncurrentVersionExpirationDays or abortIncompleteMultipartUploadDays (S3 refuses a rule without an action), got none",
    );
  }
  return problems;
}

/** What the bucket-wide rule does to every object, which a narrower rule cannot undo. */
export interface BucketWideLifecycle {
  /** @default never */
  readonly expirationDays?: number;
  /** @default DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS */
  readonly noncurrentVersionExpirationDays?: number;
}

/**
 * Problems of a bucket's rules, each "lifecycleRules[i].<field> must be ..., got ...": every rule's
 * own, ids unique (and not the bucket-wide rule's), and no rule relying on something the bucket-wide
 * rule does first (where rules overlap the earliest expiry wins, so a later one would never act).
 */
export function lifecycleRulesProblems(
  rules: readonly BucketLifecycleRule[],
  bucket: BucketWideLifecycle = {},
): string[] {
  const problems: string[] = [];
  if (rules.length > MAX_LIFECYCLE_RULES) {
    problems.push(
      `lifecycleRules must be at most ${MAX_LIFECYCLE_RULES} rules (S3 takes 1,000 per bucket, one is the bucket-wide rule), got ${rules.length}`,
    );
  }
  const bucketExpiry = bucket.expirationDays;
  const bucketNoncurrent =
    bucket.noncurrentVersionExpirationDays ?? DEFAULT_NONCURRENT_VERSION_EXPIRATION_DAYS;
  const firstWithId = new Map<string, number>();
  rules.forEach((rule, i) => {
    const at = `lifecycleRules[${i}]`;
    for (const problem of lifecycleRuleProblems(rule)) problems.push(`${at}.${problem}`);
    if (rule.id === BUCKET_WIDE_RULE_ID) {
      problems.push(
        `${at}.id must be other than "${BUCKET_WIDE_RULE_ID}" (the bucket-wide rule's), got "${rule.id}"`,
      );
    } else if (firstWithId.has(rule.id)) {
      problems.push(
        `${at}.id must be unique in the bucket (lifecycleRules[${firstWithId.get(rule.id)}] has it), got ${show(rule.id)}`,
      );
    } else {
      firstWithId.set(rule.id, i);
    }
    if (isWholeFrom(bucketExpiry, 1)) {
      (rule.transitions ?? []).forEach((transition, t) => {
        if (isWholeFrom(transition.days, 0) && transition.days >= bucketExpiry) {
          problems.push(
            `${at}.transitions[${t}].days must be less than the bucket's expirationDays (${bucketExpiry}): every object is gone by then, got ${transition.days}`,
          );
        }
      });
      if (isWholeFrom(rule.expirationDays, 1) && rule.expirationDays > bucketExpiry) {
        problems.push(
          `${at}.expirationDays must be at most the bucket's expirationDays (${bucketExpiry}): every object is gone by then, got ${rule.expirationDays}`,
        );
      }
    }
    if (
      isWholeFrom(rule.noncurrentVersionExpirationDays, 1) &&
      rule.noncurrentVersionExpirationDays > bucketNoncurrent
    ) {
      problems.push(
        `${at}.noncurrentVersionExpirationDays must be at most the bucket's noncurrentVersionExpirationDays (${bucketNoncurrent}): the bucket-wide rule removes them first, got ${rule.noncurrentVersionExpirationDays}`,
      );
    }
    if (
      isWholeFrom(rule.abortIncompleteMultipartUploadDays, 1) &&
      rule.abortIncompleteMultipartUploadDays > ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS
    ) {
      problems.push(
        `${at}.abortIncompleteMultipartUploadDays must be at most ${ABORT_INCOMPLETE_MULTIPART_UPLOAD_DAYS} (the bucket-wide rule aborts uploads then), got ${rule.abortIncompleteMultipartUploadDays}`,
      );
    }
  });
  return problems;
}

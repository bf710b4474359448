import { z } from "zod";
import { corsOriginProblem } from "../../../modules/s3/cors-rules";
import {
  BucketLifecycleRule,
  TRANSITION_STORAGE_CLASSES,
  lifecycleRulesProblems,
} from "../../../modules/s3/lifecycle-rules";
import { expectedOf } from "../module-problem";
import { positiveInt } from "../primitives";

const days = positiveInt("a whole number of days above 0");

/** One lifecycle rule of a bucket; its rules (S3's minimums, transitions before expiry) are the module's. */
const lifecycleRuleSchema = z.strictObject({
  /** Unique in the bucket, e.g. "old-videos". */
  id: z.string().min(1).max(255),
  /** Key prefix the rule applies to, e.g. "videos/". @default every object */
  prefix: z.string().optional(),
  /** Moves to cheaper storage, in increasing days. @default [] */
  transitions: z
    .array(z.strictObject({ days, storage_class: z.enum(TRANSITION_STORAGE_CLASSES) }))
    .default([]),
  /** Days after creation before objects are deleted. @default never */
  expiration_days: days.optional(),
  /** Days before replaced or deleted versions are removed (at most the bucket's 90). @default the bucket's */
  noncurrent_version_expiration_days: days.optional(),
});

export type LifecycleRuleConfig = z.infer<typeof lifecycleRuleSchema>;

/** A bucket's lifecycle rules, checked together by the module's rules (ids once, within the bucket-wide rule). */
export const lifecycleRulesSchema = z
  .array(lifecycleRuleSchema)
  .superRefine((rules, ctx) => {
    for (const problem of lifecycleRulesProblems(rules.map(lifecycleRuleOf))) {
      const path = configPathOf(problem.replace(/^lifecycleRules/, ""));
      ctx.addIssue({ code: "custom", path, message: expectedOf(problem, "S3"), input: valueAt(rules, path) });
    }
  })
  .default([]);

/** Origins a browser may call the bucket from (presigned uploads); the rules are the module's. */
export const corsOriginsSchema = z.array(
  z.string().superRefine((origin, ctx) => {
    const problem = corsOriginProblem(origin);
    if (problem) ctx.addIssue({ code: "custom", message: expectedOf(problem, "S3 CORS"), input: origin });
  }),
);

/** A lifecycle rule of the config as the module's. */
export function lifecycleRuleOf(rule: LifecycleRuleConfig): BucketLifecycleRule {
  return {
    id: rule.id,
    ...(rule.prefix !== undefined ? { prefix: rule.prefix } : {}),
    transitions: rule.transitions.map((t) => ({ days: t.days, storageClass: t.storage_class })),
    ...(rule.expiration_days !== undefined ? { expirationDays: rule.expiration_days } : {}),
    ...(rule.noncurrent_version_expiration_days !== undefined
      ? { noncurrentVersionExpirationDays: rule.noncurrent_version_expiration_days }
      : {}),
  };
}

/** "[0].transitions[1].storageClass must be ..." → [0, "transitions", 1, "storage_class"]. */
function configPathOf(problem: string): (string | number)[] {
  const field = /^([A-Za-z0-9.[\]]+)/.exec(problem)?.[1] ?? "";
  return field
    .split(/[.[\]]/)
    .filter((part) => part !== "")
    .map((part) =>
      /^\d+$/.test(part) ? Number(part) : part.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
    );
}

function valueAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (at, key) => (at && typeof at === "object" ? (at as Record<string | number, unknown>)[key] : undefined),
    value,
  );
}

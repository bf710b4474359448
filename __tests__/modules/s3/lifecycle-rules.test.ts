import {
  BUCKET_WIDE_RULE_ID,
  BucketLifecycleRule,
  TRANSITION_STORAGE_CLASSES,
  TransitionStorageClass,
  lifecycleRuleProblems,
  lifecycleRulesProblems,
} from "../../../modules/s3/lifecycle-rules";

const rule = (fields: Partial<BucketLifecycleRule>): BucketLifecycleRule => ({ id: "r", ...fields });
const to = (storageClass: TransitionStorageClass, days: number) => ({ storageClass, days });

describe("lifecycleRuleProblems accepts what S3 accepts", () => {
  test.each<[string, BucketLifecycleRule]>([
    ["expiry only", rule({ expirationDays: 1 })],
    ["noncurrent expiry only", rule({ noncurrentVersionExpirationDays: 1 })],
    ["abort only, under a prefix", rule({ prefix: "uploads/", abortIncompleteMultipartUploadDays: 1 })],
    ["Glacier at once (day 0 is allowed outside the IA classes)", rule({ transitions: [to("GLACIER", 0)] })],
    ["Intelligent-Tiering at once", rule({ transitions: [to("INTELLIGENT_TIERING", 0)] })],
    ["Standard-IA on day 30, S3's earliest", rule({ transitions: [to("STANDARD_IA", 30)] })],
    [
      "the whole waterfall, 30 days out of each IA class, expiry after the last move",
      rule({
        transitions: [
          to("STANDARD_IA", 30),
          to("INTELLIGENT_TIERING", 60),
          to("ONEZONE_IA", 90),
          to("GLACIER", 120),
          to("DEEP_ARCHIVE", 210),
        ],
        expirationDays: 400,
      }),
    ],
    [
      "Glacier Instant Retrieval then Deep Archive a day later (only charged, not refused)",
      rule({ transitions: [to("GLACIER_IR", 0), to("DEEP_ARCHIVE", 1)] }),
    ],
  ])("%s", (_what, accepted) => {
    expect(lifecycleRuleProblems(accepted)).toEqual([]);
  });

  test("every storage class S3 takes for a transition is listed, in waterfall order", () => {
    expect(TRANSITION_STORAGE_CLASSES).toEqual([
      "STANDARD_IA",
      "ONEZONE_IA",
      "INTELLIGENT_TIERING",
      "GLACIER_IR",
      "GLACIER",
      "DEEP_ARCHIVE",
    ]);
  });
});

describe("lifecycleRuleProblems refuses", () => {
  test.each<[string, BucketLifecycleRule, string]>([
    [
      "a transition after the expiry",
      rule({ transitions: [to("GLACIER", 120)], expirationDays: 90 }),
      "transitions[0].days must be less than expirationDays (90): objects are gone by then, got 120",
    ],
    [
      "a transition on the day of the expiry",
      rule({ transitions: [to("GLACIER", 0), to("DEEP_ARCHIVE", 90)], expirationDays: 90 }),
      "transitions[1].days must be less than expirationDays (90): objects are gone by then, got 90",
    ],
    [
      "Standard-IA before day 30",
      rule({ transitions: [to("STANDARD_IA", 7)] }),
      "transitions[0].days must be a whole number of days from 30 (S3's minimum before STANDARD_IA), got 7",
    ],
    [
      "One Zone-IA at once",
      rule({ transitions: [to("ONEZONE_IA", 0)] }),
      "transitions[0].days must be a whole number of days from 30 (S3's minimum before ONEZONE_IA), got 0",
    ],
    [
      "leaving Standard-IA less than 30 days after reaching it",
      rule({ transitions: [to("STANDARD_IA", 30), to("GLACIER", 45)] }),
      "transitions[1].days must be at least 60 (S3 keeps objects 30 days in STANDARD_IA, reached at day 30), got 45",
    ],
    [
      "transitions on the same day",
      rule({ transitions: [to("GLACIER_IR", 60), to("GLACIER", 60)] }),
      "transitions[1].days must be more than transitions[0].days (60), got 60",
    ],
    [
      "transitions going back in time",
      rule({ transitions: [to("GLACIER_IR", 90), to("GLACIER", 30)] }),
      "transitions[1].days must be more than transitions[0].days (90), got 30",
    ],
    [
      "a move back up the waterfall",
      rule({ transitions: [to("GLACIER", 30), to("STANDARD_IA", 90)] }),
      'transitions[1].storageClass must be one S3 moves GLACIER (transitions[0]) to: DEEP_ARCHIVE, got "STANDARD_IA"',
    ],
    [
      "One Zone-IA to Glacier Instant Retrieval, which S3 does not support",
      rule({ transitions: [to("ONEZONE_IA", 30), to("GLACIER_IR", 60)] }),
      'transitions[1].storageClass must be one S3 moves ONEZONE_IA (transitions[0]) to: GLACIER, DEEP_ARCHIVE, got "GLACIER_IR"',
    ],
    [
      "a move out of Deep Archive",
      rule({ transitions: [to("DEEP_ARCHIVE", 0), to("DEEP_ARCHIVE", 180)] }),
      'transitions[1].storageClass must be absent: S3 moves nothing on from DEEP_ARCHIVE (transitions[0]), got "DEEP_ARCHIVE"',
    ],
    [
      "an unknown storage class",
      rule({ transitions: [{ days: 30, storageClass: "REDUCED_REDUNDANCY" as TransitionStorageClass }] }),
      'transitions[0].storageClass must be one of STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE, got "REDUCED_REDUNDANCY"',
    ],
    [
      "a negative transition day",
      rule({ transitions: [to("GLACIER", -1)] }),
      "transitions[0].days must be a whole number of days from 0, got -1",
    ],
    [
      "a fractional transition day",
      rule({ transitions: [to("GLACIER", 1.5)] }),
      "transitions[0].days must be a whole number of days from 0, got 1.5",
    ],
    [
      "expiry on day 0",
      rule({ expirationDays: 0 }),
      "expirationDays must be a whole number of days from 1, got 0",
    ],
    [
      "fractional expiry",
      rule({ expirationDays: 30.5 }),
      "expirationDays must be a whole number of days from 1, got 30.5",
    ],
    [
      "negative noncurrent expiry",
      rule({ noncurrentVersionExpirationDays: -7 }),
      "noncurrentVersionExpirationDays must be a whole number of days from 1, got -7",
    ],
    [
      "aborting uploads on day 0",
      rule({ abortIncompleteMultipartUploadDays: 0 }),
      "abortIncompleteMultipartUploadDays must be a whole number of days from 1, got 0",
    ],
    [
      "a rule without an action",
      rule({ prefix: "logs/" }),
      "transitions must be at least one transition when the rule sets no expirationDays, noncurrentVersionExpirationDays or abortIncompleteMultipartUploadDays (S3 refuses a rule without an action), got none",
    ],
    ["an empty id", rule({ id: "", expirationDays: 1 }), 'id must be 1-255 characters, got ""'],
    [
      "an id over 255 characters",
      rule({ id: "x".repeat(256), expirationDays: 1 }),
      `id must be 1-255 characters, got "${"x".repeat(256)}"`,
    ],
    [
      "a prefix with a leading slash",
      rule({ prefix: "/logs/", expirationDays: 1 }),
      'prefix must be a key prefix without a leading "/" or "*" (S3 matches it literally; omit it for every object), got "/logs/"',
    ],
    [
      "a wildcard prefix",
      rule({ prefix: "logs/*", expirationDays: 1 }),
      'prefix must be a key prefix without a leading "/" or "*" (S3 matches it literally; omit it for every object), got "logs/*"',
    ],
  ])("%s", (_what, refused, message) => {
    expect(lifecycleRuleProblems(refused)).toEqual([message]);
  });

  test("reports every problem of a rule, not just the first", () => {
    expect(lifecycleRuleProblems(rule({ transitions: [to("STANDARD_IA", 10)], expirationDays: 0 }))).toEqual([
      "transitions[0].days must be a whole number of days from 30 (S3's minimum before STANDARD_IA), got 10",
      "expirationDays must be a whole number of days from 1, got 0",
    ]);
  });
});

describe("lifecycleRulesProblems", () => {
  test("accepts distinct rules within what the bucket-wide rule leaves them", () => {
    expect(
      lifecycleRulesProblems(
        [
          rule({ id: "videos", prefix: "videos/", transitions: [to("GLACIER_IR", 30)], expirationDays: 300 }),
          rule({ id: "tmp", prefix: "tmp/", expirationDays: 1, noncurrentVersionExpirationDays: 1 }),
        ],
        { expirationDays: 365, noncurrentVersionExpirationDays: 30 },
      ),
    ).toEqual([]);
  });

  test.each<
    [
      string,
      BucketLifecycleRule[],
      { expirationDays?: number; noncurrentVersionExpirationDays?: number },
      string,
    ]
  >([
    [
      "a duplicate id",
      [
        rule({ id: "old", expirationDays: 30 }),
        rule({ id: "new", expirationDays: 1 }),
        rule({ id: "old", expirationDays: 60 }),
      ],
      {},
      'lifecycleRules[2].id must be unique in the bucket (lifecycleRules[0] has it), got "old"',
    ],
    [
      "the bucket-wide rule's id",
      [rule({ id: BUCKET_WIDE_RULE_ID, expirationDays: 30 })],
      {},
      `lifecycleRules[0].id must be other than "${BUCKET_WIDE_RULE_ID}" (the bucket-wide rule's), got "${BUCKET_WIDE_RULE_ID}"`,
    ],
    [
      "a rule's own problem, under its index",
      [rule({ id: "a", expirationDays: 1 }), rule({ id: "b", transitions: [to("STANDARD_IA", 1)] })],
      {},
      "lifecycleRules[1].transitions[0].days must be a whole number of days from 30 (S3's minimum before STANDARD_IA), got 1",
    ],
    [
      "a transition on or after the bucket's expiry",
      [rule({ transitions: [to("GLACIER", 90)] })],
      { expirationDays: 90 },
      "lifecycleRules[0].transitions[0].days must be less than the bucket's expirationDays (90): every object is gone by then, got 90",
    ],
    [
      "an expiry later than the bucket's",
      [rule({ expirationDays: 365 })],
      { expirationDays: 90 },
      "lifecycleRules[0].expirationDays must be at most the bucket's expirationDays (90): every object is gone by then, got 365",
    ],
    [
      "keeping noncurrent versions longer than the bucket does (its default 90 days)",
      [rule({ noncurrentVersionExpirationDays: 365 })],
      {},
      "lifecycleRules[0].noncurrentVersionExpirationDays must be at most the bucket's noncurrentVersionExpirationDays (90): the bucket-wide rule removes them first, got 365",
    ],
    [
      "aborting uploads later than the bucket-wide rule",
      [rule({ abortIncompleteMultipartUploadDays: 30 })],
      {},
      "lifecycleRules[0].abortIncompleteMultipartUploadDays must be at most 7 (the bucket-wide rule aborts uploads then), got 30",
    ],
  ])("refuses %s", (_what, rules, bucket, message) => {
    expect(lifecycleRulesProblems(rules, bucket)).toEqual([message]);
  });

  test("refuses more rules than S3 takes", () => {
    const rules = Array.from({ length: 1000 }, (_, i) => rule({ id: `r${i}`, expirationDays: 1 }));
    expect(lifecycleRulesProblems(rules)).toEqual([
      "lifecycleRules must be at most 999 rules (S3 takes 1,000 per bucket, one is the bucket-wide rule), got 1000",
    ]);
  });
});

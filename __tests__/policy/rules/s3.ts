import { PolicyStack, StackResource, blockList, singleBlock } from "../policy-stack";
import { Statement, statementsOfPolicyValue } from "../iam-statements";
import { PolicyRule, Violation, stackJson } from "../rule";
import { TerraformJson } from "../../harness/synth-scope";

/** Companion resources name their bucket by reference (`${aws_s3_bucket.x.id}`) or by its name. */
function companions(stack: PolicyStack, bucket: StackResource, type: string): StackResource[] {
  return stack.attachedTo(bucket, type, "bucket", "bucket");
}

function eachBucket(stack: PolicyStack, problem: (bucket: StackResource) => string | undefined): Violation[] {
  return stack.resources("aws_s3_bucket").flatMap((bucket) => {
    const why = problem(bucket);
    return why ? [{ address: bucket.address, why }] : [];
  });
}

const encrypted: PolicyRule = {
  name: "s3-bucket-encrypted",
  check: (stack) =>
    eachBucket(stack, (bucket) => {
      const inline = singleBlock(bucket.config.server_side_encryption_configuration);
      const configs = companions(stack, bucket, "aws_s3_bucket_server_side_encryption_configuration").map(
        (c) => c.config,
      );
      const algorithms = [...(inline ? [inline] : []), ...configs]
        .flatMap((c) => blockList(c.rule))
        .map((rule) => singleBlock(rule.apply_server_side_encryption_by_default)?.sse_algorithm)
        .filter((a): a is string => typeof a === "string" && a !== "");
      return algorithms.length > 0
        ? undefined
        : "no aws_s3_bucket_server_side_encryption_configuration with a default sse_algorithm: objects would rely on the account default (use SecureBucket)";
    }),
  examples: {
    violating: [
      {
        description: "bucket alone",
        json: stackJson({ aws_s3_bucket: { b: { bucket: "x" } } }),
        flags: ["aws_s3_bucket.b"],
      },
      {
        description: "encryption config of another bucket",
        json: stackJson({
          aws_s3_bucket: { a: { bucket: "a" }, b: { bucket: "b" } },
          aws_s3_bucket_server_side_encryption_configuration: {
            e: {
              bucket: "${aws_s3_bucket.a.id}",
              rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
            },
          },
        }),
        flags: ["aws_s3_bucket.b"],
      },
    ],
    passing: [
      {
        description: "encryption config by reference",
        json: stackJson({
          aws_s3_bucket: { b: { bucket: "b" } },
          aws_s3_bucket_server_side_encryption_configuration: {
            e: {
              bucket: "${aws_s3_bucket.b.id}",
              rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" } }],
            },
          },
        }),
      },
      {
        description: "encryption config naming the bucket literally",
        json: stackJson({
          aws_s3_bucket: { b: { bucket: "logs" } },
          aws_s3_bucket_server_side_encryption_configuration: {
            e: {
              bucket: "logs",
              rule: { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
            },
          },
        }),
      },
    ],
  },
};

const PUBLIC_ACCESS_FLAGS = [
  "block_public_acls",
  "block_public_policy",
  "ignore_public_acls",
  "restrict_public_buckets",
] as const;

const publicAccessBlocked: PolicyRule = {
  name: "s3-bucket-public-access-blocked",
  check: (stack) =>
    eachBucket(stack, (bucket) => {
      const blocks = companions(stack, bucket, "aws_s3_bucket_public_access_block");
      if (blocks.length === 0)
        return "no aws_s3_bucket_public_access_block: a later ACL or policy could make it public";
      const complete = blocks.some((b) => PUBLIC_ACCESS_FLAGS.every((flag) => b.config[flag] === true));
      const missing = PUBLIC_ACCESS_FLAGS.filter((flag) => !blocks.some((b) => b.config[flag] === true));
      return complete ? undefined : `public access block leaves ${missing.join(", ")} not true`;
    }),
  examples: {
    violating: [
      {
        description: "no block",
        json: stackJson({ aws_s3_bucket: { b: { bucket: "b" } } }),
        flags: ["aws_s3_bucket.b"],
      },
      {
        description: "three of four flags",
        json: stackJson({
          aws_s3_bucket: { b: { bucket: "b" } },
          aws_s3_bucket_public_access_block: {
            p: {
              bucket: "${aws_s3_bucket.b.id}",
              block_public_acls: true,
              block_public_policy: true,
              ignore_public_acls: true,
              restrict_public_buckets: false,
            },
          },
        }),
        flags: ["aws_s3_bucket.b"],
      },
    ],
    passing: [
      {
        description: "all four flags",
        json: stackJson({
          aws_s3_bucket: { b: { bucket: "b" } },
          aws_s3_bucket_public_access_block: {
            p: {
              bucket: "${aws_s3_bucket.b.id}",
              ...Object.fromEntries(PUBLIC_ACCESS_FLAGS.map((f) => [f, true])),
            },
          },
        }),
      },
    ],
  },
};

/** `Deny` of every S3 action to everyone when `aws:SecureTransport` is false, on the bucket and its objects. */
function deniesInsecureTransport(statement: Statement): boolean {
  const condition = [statement.conditions.Bool, statement.conditions.BoolIfExists].some(
    (byKey) => byKey?.["aws:SecureTransport"]?.some((v) => v.toLowerCase() === "false") ?? false,
  );
  return (
    statement.effect === "Deny" &&
    condition &&
    statement.principals.includes("*") &&
    statement.actions.some((a) => a === "s3:*" || a === "*") &&
    statement.resources.some((r) => r.endsWith("/*")) &&
    statement.resources.some((r) => !r.endsWith("/*"))
  );
}

/** Bucket `b` with a JSON bucket policy of one statement. */
function bucketWithJsonPolicy(statement: Record<string, unknown>): TerraformJson {
  return stackJson({
    aws_s3_bucket: { b: { bucket: "b" } },
    aws_s3_bucket_policy: {
      p: { bucket: "${aws_s3_bucket.b.id}", policy: JSON.stringify({ Statement: [statement] }) },
    },
  });
}

const tlsOnly: PolicyRule = {
  name: "s3-bucket-policy-denies-insecure-transport",
  check: (stack) =>
    eachBucket(stack, (bucket) => {
      const policies = companions(stack, bucket, "aws_s3_bucket_policy");
      if (policies.length === 0) return "no aws_s3_bucket_policy, so nothing denies requests over plain HTTP";
      const statements = policies.map((p) => statementsOfPolicyValue(stack, p.config.policy));
      if (statements.some((s) => s === undefined))
        return "its bucket policy is not readable JSON or an aws_iam_policy_document";
      return statements.flatMap((s) => s ?? []).some(deniesInsecureTransport)
        ? undefined
        : 'its bucket policy has no Deny of s3:* for Principal "*" on the bucket and bucket/* when aws:SecureTransport is "false"';
    }),
  examples: {
    violating: [
      {
        description: "no policy",
        json: stackJson({ aws_s3_bucket: { b: { bucket: "b" } } }),
        flags: ["aws_s3_bucket.b"],
      },
      {
        description: "policy without the TLS deny",
        json: bucketWithJsonPolicy({
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:root" },
          Action: "s3:GetObject",
          Resource: "*",
        }),
        flags: ["aws_s3_bucket.b"],
      },
      {
        description: "TLS deny on objects only, leaving bucket-level calls open",
        json: bucketWithJsonPolicy({
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: "${aws_s3_bucket.b.arn}/*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
        flags: ["aws_s3_bucket.b"],
      },
    ],
    passing: [
      {
        description: "JSON policy with the TLS deny",
        json: bucketWithJsonPolicy({
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: ["${aws_s3_bucket.b.arn}", "${aws_s3_bucket.b.arn}/*"],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      },
      {
        description: "aws_iam_policy_document with the TLS deny",
        json: stackJson(
          {
            aws_s3_bucket: { b: { bucket: "b" } },
            aws_s3_bucket_policy: {
              p: { bucket: "${aws_s3_bucket.b.id}", policy: "${data.aws_iam_policy_document.d.json}" },
            },
          },
          {
            aws_iam_policy_document: {
              d: {
                statement: [
                  {
                    effect: "Deny",
                    principals: [{ type: "*", identifiers: ["*"] }],
                    actions: ["s3:*"],
                    resources: ["${aws_s3_bucket.b.arn}", "${aws_s3_bucket.b.arn}/*"],
                    condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
                  },
                ],
              },
            },
          },
        ),
      },
    ],
  },
};

/**
 * Canonical user id of the `awslogsdelivery` account that writes CloudFront standard (legacy) logs
 * (AWS's "Configure standard logging (legacy)"). Written out rather than imported from the bucket
 * module, so a wrong id there fails this rule instead of passing it.
 */
const CLOUDFRONT_LOG_DELIVERY = "c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0";

/**
 * The one ACL this project allows: FULL_CONTROL for the bucket owner and CloudFront's log delivery
 * account, nobody else, with the delivery account among them (what SecureBucket's
 * `cloudFrontStandardLogs` writes). A canned `acl` never qualifies.
 */
function isCloudFrontLogAcl(acl: StackResource): boolean {
  if (acl.config.acl !== undefined && acl.config.acl !== null) return false;
  const policy = singleBlock(acl.config.access_control_policy);
  const owner = singleBlock(policy?.owner)?.id;
  if (typeof owner !== "string" || owner === "") return false;
  const grantees = blockList(policy?.grant).map((grant) => ({
    grantee: singleBlock(grant.grantee),
    permission: grant.permission,
  }));
  const allowed = grantees.every(
    ({ grantee, permission }) =>
      permission === "FULL_CONTROL" &&
      grantee?.type === "CanonicalUser" &&
      !grantee.uri &&
      !grantee.email_address &&
      (grantee.id === owner || grantee.id === CLOUDFRONT_LOG_DELIVERY),
  );
  return allowed && grantees.some(({ grantee }) => grantee?.id === CLOUDFRONT_LOG_DELIVERY);
}

/** Bucket `b` with ownership controls and, optionally, one bucket ACL. */
function bucketWithOwnership(objectOwnership: string, acl?: Record<string, unknown>): TerraformJson {
  return stackJson(
    {
      aws_s3_bucket: { b: { bucket: "b" } },
      aws_s3_bucket_ownership_controls: {
        o: { bucket: "${aws_s3_bucket.b.id}", rule: { object_ownership: objectOwnership } },
      },
      ...(acl ? { aws_s3_bucket_acl: { a: { bucket: "${aws_s3_bucket.b.id}", ...acl } } } : {}),
    },
    { aws_canonical_user_id: { me: {} } },
  );
}

const OWNER = "${data.aws_canonical_user_id.me.id}";
const fullControl = (id: string) => ({ grantee: { type: "CanonicalUser", id }, permission: "FULL_CONTROL" });

const aclsDisabled: PolicyRule = {
  name: "s3-bucket-acls-disabled",
  check: (stack) =>
    eachBucket(stack, (bucket) => {
      const ownerships = companions(stack, bucket, "aws_s3_bucket_ownership_controls").map(
        (c) => singleBlock(c.config.rule)?.object_ownership,
      );
      if (ownerships.length === 0)
        return "no aws_s3_bucket_ownership_controls: ACLs stay in force on a bucket created before April 2023 or imported (use SecureBucket)";
      if (ownerships.every((o) => o === "BucketOwnerEnforced")) return undefined;
      if (ownerships.every((o) => o === "BucketOwnerPreferred")) {
        const acls = companions(stack, bucket, "aws_s3_bucket_acl");
        return acls.length > 0 && acls.every(isCloudFrontLogAcl)
          ? undefined
          : "object ownership BucketOwnerPreferred is allowed only for CloudFront standard logs: an aws_s3_bucket_acl granting FULL_CONTROL to the bucket owner and CloudFront's log delivery canonical id, nobody else (SecureBucket cloudFrontStandardLogs)";
      }
      return `object ownership ${ownerships.map(String).join(", ")} keeps ACLs in force: objects may belong to their writers and ACLs grant access beside the policy; use BucketOwnerEnforced`;
    }),
  examples: {
    violating: [
      {
        description: "no ownership controls",
        json: stackJson({ aws_s3_bucket: { b: { bucket: "b" } } }),
        flags: ["aws_s3_bucket.b"],
      },
      {
        description: "ObjectWriter",
        json: bucketWithOwnership("ObjectWriter"),
        flags: ["aws_s3_bucket.b"],
      },
      {
        description: "BucketOwnerPreferred without any ACL",
        json: bucketWithOwnership("BucketOwnerPreferred"),
        flags: ["aws_s3_bucket.b"],
      },
      {
        description: "BucketOwnerPreferred with the canned log-delivery-write ACL",
        json: bucketWithOwnership("BucketOwnerPreferred", { acl: "log-delivery-write" }),
        flags: ["aws_s3_bucket.b"],
      },
      {
        description: "BucketOwnerPreferred with the CloudFront grant plus another account's",
        json: bucketWithOwnership("BucketOwnerPreferred", {
          access_control_policy: {
            owner: { id: OWNER },
            grant: [fullControl(OWNER), fullControl(CLOUDFRONT_LOG_DELIVERY), fullControl("0123abcd")],
          },
        }),
        flags: ["aws_s3_bucket.b"],
      },
      {
        description: "BucketOwnerPreferred with only the owner's grant (no CloudFront logs, so no reason)",
        json: bucketWithOwnership("BucketOwnerPreferred", {
          access_control_policy: { owner: { id: OWNER }, grant: [fullControl(OWNER)] },
        }),
        flags: ["aws_s3_bucket.b"],
      },
    ],
    passing: [
      { description: "BucketOwnerEnforced", json: bucketWithOwnership("BucketOwnerEnforced") },
      {
        description: "BucketOwnerPreferred for CloudFront standard logs: owner and log delivery only",
        json: bucketWithOwnership("BucketOwnerPreferred", {
          access_control_policy: {
            owner: { id: OWNER },
            grant: [fullControl(OWNER), fullControl(CLOUDFRONT_LOG_DELIVERY)],
          },
        }),
      },
    ],
  },
};

const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GROUPS = /\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

/** Why an ACL (canned `acl` and `grant`/`access_control_policy` grants) is public, or undefined. */
function publicAclProblem(config: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof config.acl === "string" && PUBLIC_CANNED_ACLS.includes(config.acl))
    return `canned ACL "${config.acl}" grants access to everyone (or every AWS account)`;
  const grants = [
    ...blockList(singleBlock(config.access_control_policy)?.grant).map((g) => singleBlock(g.grantee)),
    ...blockList(config.grant),
  ];
  const group = grants.map((g) => g?.uri).find((uri) => typeof uri === "string" && PUBLIC_GROUPS.test(uri));
  return group ? `grants to ${String(group)}: everyone (or every AWS account) gets access` : undefined;
}

const noPublicAcl: PolicyRule = {
  name: "s3-no-public-acl",
  check: (stack) =>
    [...stack.resources("aws_s3_bucket_acl"), ...stack.resources("aws_s3_bucket")].flatMap((resource) => {
      const why = publicAclProblem(resource.config);
      return why ? [{ address: resource.address, why }] : [];
    }),
  examples: {
    violating: [
      {
        description: "canned public-read",
        json: stackJson({ aws_s3_bucket_acl: { a: { bucket: "b", acl: "public-read" } } }),
        flags: ["aws_s3_bucket_acl.a"],
      },
      {
        description: "a grant to AuthenticatedUsers",
        json: stackJson({
          aws_s3_bucket_acl: {
            a: {
              bucket: "b",
              access_control_policy: {
                owner: { id: "me" },
                grant: [
                  {
                    grantee: {
                      type: "Group",
                      uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
                    },
                    permission: "READ",
                  },
                ],
              },
            },
          },
        }),
        flags: ["aws_s3_bucket_acl.a"],
      },
      {
        description: "the bucket's legacy inline grant to AllUsers",
        json: stackJson({
          aws_s3_bucket: {
            b: {
              bucket: "b",
              grant: [
                {
                  type: "Group",
                  uri: "http://acs.amazonaws.com/groups/global/AllUsers",
                  permissions: ["READ"],
                },
              ],
            },
          },
        }),
        flags: ["aws_s3_bucket.b"],
      },
    ],
    passing: [
      {
        description: "canned private",
        json: stackJson({ aws_s3_bucket_acl: { a: { bucket: "b", acl: "private" } } }),
      },
      {
        description: "the CloudFront standard logs grants",
        json: stackJson({
          aws_s3_bucket_acl: {
            a: {
              bucket: "b",
              access_control_policy: {
                owner: { id: "me" },
                grant: [fullControl("me"), fullControl(CLOUDFRONT_LOG_DELIVERY)],
              },
            },
          },
        }),
      },
    ],
  },
};

/** The `cors_rule` blocks of a CORS configuration, or of a bucket's legacy inline CORS. */
function everyOriginAllowed(config: Readonly<Record<string, unknown>>): boolean {
  return blockList(config.cors_rule).some((rule) => {
    const origins = rule.allowed_origins;
    return Array.isArray(origins) ? origins.includes("*") : origins === "*";
  });
}

const noWildcardCorsOrigin: PolicyRule = {
  name: "s3-cors-no-wildcard-origin",
  check: (stack) =>
    [...stack.resources("aws_s3_bucket_cors_configuration"), ...stack.resources("aws_s3_bucket")]
      .filter((resource) => everyOriginAllowed(resource.config))
      .map((resource) => ({
        address: resource.address,
        why: 'a CORS rule allows origin "*": any web page can script requests to the bucket with a visitor\'s presigned URLs; name the origins',
      })),
  examples: {
    violating: [
      {
        description: 'origin "*" beside a named one',
        json: stackJson({
          aws_s3_bucket_cors_configuration: {
            c: {
              bucket: "b",
              cors_rule: [
                { allowed_methods: ["GET"], allowed_origins: ["https://app.example.com"] },
                { allowed_methods: ["PUT"], allowed_origins: ["*"] },
              ],
            },
          },
        }),
        flags: ["aws_s3_bucket_cors_configuration.c"],
      },
      {
        description: 'the bucket\'s legacy inline CORS with "*"',
        json: stackJson({
          aws_s3_bucket: {
            b: { bucket: "b", cors_rule: { allowed_methods: ["GET"], allowed_origins: ["*"] } },
          },
        }),
        flags: ["aws_s3_bucket.b"],
      },
    ],
    passing: [
      {
        description: "named origins",
        json: stackJson({
          aws_s3_bucket_cors_configuration: {
            c: {
              bucket: "b",
              cors_rule: [
                {
                  allowed_methods: ["GET", "PUT"],
                  allowed_origins: ["https://app.example.com", "http://localhost:5173"],
                },
              ],
            },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [
  encrypted,
  publicAccessBlocked,
  tlsOnly,
  aclsDisabled,
  noPublicAcl,
  noWildcardCorsOrigin,
];

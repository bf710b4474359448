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

export const rules: PolicyRule[] = [encrypted, publicAccessBlocked, tlsOnly];

import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Construct } from "constructs";
import { SecureBucket } from "../../modules/s3/secure-bucket";
import { StateBackend } from "../../modules/state-backend/state-backend";
import { synthScope } from "../harness/synth-scope";
import { evaluate } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * The rule examples are hand-written JSON; these cases run the rules on what cdktf really emits for
 * provider classes, so a difference in shape (a block as object vs list, snake_case names) shows up.
 */
const rules = loadRules();

function rulesBroken(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return [...new Set(evaluate([stack], rules).map((f) => f.rule))].sort();
}

test("a bare S3 bucket breaks every S3 rule; SecureBucket and StateBackend break none", () => {
  expect(rulesBroken((s) => new S3Bucket(s, "b", { bucket: "b" }))).toEqual([
    "s3-bucket-acls-disabled",
    "s3-bucket-encrypted",
    "s3-bucket-policy-denies-insecure-transport",
    "s3-bucket-public-access-blocked",
  ]);
  expect(
    rulesBroken((s) => new SecureBucket(s, "b", { bucketName: "acme-bucket", encryption: "AES256" })),
  ).toEqual([]);
  expect(
    rulesBroken(
      (s) => new StateBackend(s, "state", { bucketName: "acme-state", lockTableName: "acme-lock" }),
    ),
  ).toEqual([]);
});

test("a DynamoDB table without PITR or SSE", () => {
  expect(
    rulesBroken(
      (s) => new DynamodbTable(s, "t", { name: "t", hashKey: "id", attribute: [{ name: "id", type: "S" }] }),
    ),
  ).toEqual(["dynamodb-table-encrypted", "dynamodb-table-point-in-time-recovery"]);
});

test("inline security group ingress of SSH from anywhere", () => {
  const open = (port: number) => (s: Construct) =>
    new SecurityGroup(s, "g", {
      ingress: [{ cidrBlocks: ["0.0.0.0/0"], protocol: "tcp", fromPort: port, toPort: port }],
    });
  expect(rulesBroken(open(22))).toEqual(["ec2-no-ssh-ingress", "security-group-no-public-ingress"]);
  expect(rulesBroken(open(443))).toEqual([]);
});

test("an admin role policy, a log group without retention, a VPC without flow logs", () => {
  expect(
    rulesBroken((s) => {
      new IamRolePolicy(s, "p", {
        role: "r",
        policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
      });
      new CloudwatchLogGroup(s, "g", { name: "/g" });
      new Vpc(s, "v", { cidrBlock: "10.0.0.0/16" });
    }),
    // Action "*" on "*" also passes every role: both IAM rules see it.
  ).toEqual(["iam-no-admin-statement", "iam-pass-role-names-roles", "log-group-retention", "vpc-flow-logs"]);
});

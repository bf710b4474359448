import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { Construct } from "constructs";
import { assumeRolePolicy, policyDocument } from "../../modules/iam/policy-document";
import { LAMBDA_ENTRIES } from "../../lambdas/entries";
import { NodejsFunction } from "../../modules/lambda/nodejs-function";
import { PostgresDatabase } from "../../modules/rds/postgres-database";
import { synthScope } from "../harness/synth-scope";
import { evaluate, formatFinding } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * The RDS, Lambda and wildcard-grant rules on what cdktf really emits: bare provider resources
 * written the careless way break them, PostgresDatabase and NodejsFunction break no rule at all.
 * The hand-written fixtures live in each rule's `examples` and run in rules.test.ts.
 */
const rules = loadRules();
const DB = {
  identifier: "acme-erp",
  databaseName: "erp",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
};

function findings(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return evaluate([stack], rules).map(formatFinding);
}

function rulesBroken(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return [...new Set(evaluate([stack], rules).map((f) => f.rule))].sort();
}

test("the RDS, Lambda and wildcard rules are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(
    expect.arrayContaining([
      "rds-storage-encrypted",
      "rds-not-publicly-accessible",
      "rds-iam-authentication",
      "rds-log-exports",
      "lambda-log-group-with-retention",
      "iam-no-wildcard-action-on-all-resources",
    ]),
  );
});

describe("RDS rules", () => {
  test("a bare public aws_db_instance breaks every RDS rule", () => {
    expect(
      rulesBroken(
        (s) =>
          new DbInstance(s, "db", {
            identifier: "bare",
            engine: "postgres",
            instanceClass: "db.t4g.micro",
            allocatedStorage: 20,
            username: "app",
            manageMasterUserPassword: true,
            publiclyAccessible: true,
          }),
      ),
    ).toEqual([
      "rds-iam-authentication",
      "rds-log-exports",
      "rds-not-publicly-accessible",
      "rds-storage-encrypted",
    ]);
  });

  test("each finding names the instance and the fix", () => {
    const lines = findings(
      (s) =>
        new DbInstance(s, "db", {
          engine: "postgres",
          instanceClass: "db.t4g.medium",
          storageEncrypted: true,
          iamDatabaseAuthenticationEnabled: true,
          enabledCloudwatchLogsExports: ["upgrade"],
        }),
    );
    expect(lines).toEqual([
      expect.stringMatching(/^scope \/ aws_db_instance\.db \/ rds-log-exports \/ .*leaves out "postgresql"/),
    ]);
  });

  test("PostgresDatabase breaks no rule, with its defaults or dev-like overrides", () => {
    expect(findings((s) => new PostgresDatabase(s, "db", DB))).toEqual([]);
    expect(
      findings(
        (s) =>
          new PostgresDatabase(s, "db", {
            ...DB,
            instanceClass: "db.t3.micro",
            multiAz: false,
            deletionProtection: false,
            skipFinalSnapshot: true,
            monitoringIntervalSeconds: 0,
          }),
      ),
    ).toEqual([]);
  });
});

describe("Lambda and IAM wildcard rules", () => {
  function bareFunction(
    s: Construct,
    extra: Partial<ConstructorParameters<typeof LambdaFunction>[2]> = {},
  ): IamRole {
    const role = new IamRole(s, "role", {
      name: "bare",
      assumeRolePolicy: assumeRolePolicy("lambda.amazonaws.com"),
    });
    new LambdaFunction(s, "fn", {
      functionName: "bare",
      role: role.arn,
      runtime: "nodejs22.x",
      handler: "index.handler",
      filename: "bare.zip",
      ...extra,
    });
    return role;
  }

  test("a bare aws_lambda_function (Lambda would create its log group without retention) is flagged", () => {
    expect(rulesBroken((s) => bareFunction(s))).toEqual(["lambda-log-group-with-retention"]);
  });

  test("a function whose log group never expires is flagged (by the function rule and the log group rule)", () => {
    expect(
      rulesBroken((s) => {
        new CloudwatchLogGroup(s, "logs", { name: "/aws/lambda/bare" });
        bareFunction(s);
      }),
    ).toEqual(["lambda-log-group-with-retention", "log-group-retention"]);
  });

  test("ecs:* on a role policy and s3:Get* on * in a policy document are flagged", () => {
    expect(
      findings((s) => {
        new CloudwatchLogGroup(s, "logs", { name: "/aws/lambda/bare", retentionInDays: 30 });
        const role = bareFunction(s);
        new IamRolePolicy(s, "ecs-all", {
          role: role.id,
          policy: policyDocument([
            {
              Effect: "Allow",
              Action: "ecs:*",
              Resource: "arn:aws:ecs:ap-northeast-2:123456789012:service/c/s",
            },
          ]),
        });
        new DataAwsIamPolicyDocument(s, "reads", { statement: [{ actions: ["s3:Get*"], resources: ["*"] }] });
      }),
    ).toEqual([
      expect.stringMatching(
        /^scope \/ aws_iam_role_policy\.ecs-all \/ iam-no-wildcard-action-on-all-resources \/ grants "ecs:\*"/,
      ),
      expect.stringMatching(
        /^scope \/ data\.aws_iam_policy_document\.reads \/ iam-no-wildcard-action-on-all-resources \/ grants "s3:Get\*" on Resource "\*"/,
      ),
    ]);
  });

  test("NodejsFunction breaks no rule, with every option on", () => {
    expect(
      findings((s) => {
        const fn = new NodejsFunction(s, "scaler", {
          functionName: "acme-ecs-scaler",
          entry: LAMBDA_ENTRIES.ecsScaler,
          deadLetterQueue: true,
          tracing: "Active",
          vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a"] },
          policyStatements: [
            {
              Effect: "Allow",
              Action: ["ecs:DescribeServices", "ecs:UpdateService"],
              Resource: "arn:aws:ecs:ap-northeast-2:123456789012:service/c/s",
            },
          ],
        });
        new PostgresDatabase(s, "db", DB).connections.allowFrom(fn);
      }),
    ).toEqual([]);
  });
});

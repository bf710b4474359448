import { LAMBDA_ENTRIES } from "../../../lambdas/entries";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PolicyStatement } from "../../../modules/iam/policy-document";
import { BUNDLE_FILE, PROJECT_ROOT, ZIP_FILE, bundleHandler } from "../../../modules/lambda/bundle";
import { statementProblem } from "../../../modules/iam/statement-check";
import { NodejsFunction, NodejsFunctionProps } from "../../../modules/lambda/nodejs-function";
import { SecurityGroup } from "../../../modules/network/security-group";
import { PostgresDatabase } from "../../../modules/rds/postgres-database";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref, target } from "../refs";

const BASE: NodejsFunctionProps = { functionName: "acme-ecs-scaler", entry: LAMBDA_ENTRIES.ecsScaler };
const SERVICE_ARN = "arn:aws:ecs:ap-northeast-2:123456789012:service/acme/erp-api";
const ECS_STATEMENT: PolicyStatement = {
  Sid: "ScaleService",
  Effect: "Allow",
  Action: ["ecs:DescribeServices", "ecs:UpdateService"],
  Resource: SERVICE_ARN,
};

function build(
  overrides: Partial<NodejsFunctionProps> = {},
  extra?: (scope: Construct, fn: NodejsFunction) => void,
): { synth: SynthesizedJson; fn: NodejsFunction } {
  let fn: NodejsFunction | undefined;
  const synth = synthScope((scope) => {
    fn = new NodejsFunction(scope, "scaler", { ...BASE, ...overrides });
    extra?.(scope, fn);
  });
  return { synth, fn: fn! };
}

function buildError(
  overrides: Partial<NodejsFunctionProps>,
  extra?: (scope: Construct, fn: NodejsFunction) => void,
): string {
  try {
    build(overrides, extra);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the construct to refuse these props");
}

interface JsonStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
}

function statementsOf(synth: SynthesizedJson): JsonStatement[] {
  return JSON.parse(synth.only("aws_iam_role_policy").policy as string).Statement as JsonStatement[];
}

const actionsOf = (s: JsonStatement) => ([] as string[]).concat(s.Action);
const functionOf = (synth: SynthesizedJson) => synth.only("aws_lambda_function");
const logGroupName = (synth: SynthesizedJson) => Object.keys(synth.resources("aws_cloudwatch_log_group"))[0]!;

describe("NodejsFunction defaults", () => {
  const { synth, fn } = build();
  const lambda = functionOf(synth);

  it("runs nodejs22.x on arm64 with 256 MB and 30 s, handler index.handler from the bundled asset", () => {
    expect(lambda).toMatchObject({
      function_name: "acme-ecs-scaler",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memory_size: 256,
      timeout: 30,
      tracing_config: { mode: "PassThrough" },
    });
    expect(lambda.filename).toBe(
      `assets/${path.basename(path.dirname(path.dirname(lambda.filename as string)))}/${fn.codeHash}/archive.zip`,
    );
    expect(lambda.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    for (const absent of [
      "vpc_config",
      "dead_letter_config",
      "reserved_concurrent_executions",
      "environment",
    ]) {
      expect(lambda[absent]).toBeUndefined();
    }
  });

  it("has a role only Lambda can assume, with one inline policy and no managed policies", () => {
    const roleName = target(synth, "aws_iam_role", lambda.role, "arn");
    const role = synth.resources("aws_iam_role")[roleName]!;
    expect(role.name).toBe("acme-ecs-scaler-role");
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    expect(synth.count("aws_iam_role_policy")).toBe(1);
    expect(synth.only("aws_iam_role_policy").role).toBe(ref("aws_iam_role", roleName));
    expect(synth.count("aws_iam_role_policy_attachment")).toBe(0);
    expect(role.managed_policy_arns).toBeUndefined();
  });

  it("may only create streams in and write to its own log group", () => {
    expect(statementsOf(synth)).toEqual([
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${ref("aws_cloudwatch_log_group", logGroupName(synth), "arn")}:*`,
      },
    ]);
  });

  it("creates /aws/lambda/<name> with 30 days' retention before the function", () => {
    expect(synth.only("aws_cloudwatch_log_group")).toEqual({
      name: "/aws/lambda/acme-ecs-scaler",
      retention_in_days: 30,
    });
    const policyName = Object.keys(synth.resources("aws_iam_role_policy"))[0]!;
    expect(lambda.depends_on).toEqual([
      `aws_cloudwatch_log_group.${logGroupName(synth)}`,
      `aws_iam_role_policy.${policyName}`,
    ]);
  });

  it("has no security group and says so when asked for connections", () => {
    expect(synth.count("aws_security_group")).toBe(0);
    expect(() => fn.connections).toThrow(/^stack\/scaler: the function is not in a VPC/);
    expect(fn.securityGroupId).toBeUndefined();
  });
});

describe("NodejsFunction permissions", () => {
  it("adds granted statements (prop and addToRolePolicy) to the one inline policy, with no * action", () => {
    const { synth } = build({ policyStatements: [ECS_STATEMENT] }, (_scope, fn) =>
      fn.addToRolePolicy({
        Effect: "Allow",
        Action: "ssm:GetParameter",
        Resource: "arn:aws:ssm:ap-northeast-2:123456789012:parameter/acme/*",
      }),
    );
    const statements = statementsOf(synth);
    expect(statements.map((s) => s.Sid ?? actionsOf(s).join())).toEqual([
      "WriteOwnLogs",
      "ScaleService",
      "ssm:GetParameter",
    ]);
    expect(statements[1]).toEqual(ECS_STATEMENT);
    for (const s of statements) for (const action of actionsOf(s)) expect(action).not.toMatch(/(^|:)\*$/);
    expect(synth.count("aws_iam_role_policy")).toBe(1);
  });

  it.each([
    [{ Effect: "Allow", Action: "ecs:*", Resource: SERVICE_ARN }, /grants "ecs:\*"; name the actions/],
    [{ Effect: "Allow", Action: ["s3:GetObject", "*"], Resource: "arn:aws:s3:::b/*" }, /grants "\*"/],
    [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }, /wildcard action "s3:Get\*" on Resource "\*"/],
    [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }, /has a Principal/],
  ] as [PolicyStatement, RegExp][])("refuses %j", (statement, message) => {
    expect(buildError({ policyStatements: [statement] })).toMatch(
      new RegExp(`^stack/scaler/role: .*${message.source}`),
    );
    expect(buildError({}, (_s, fn) => fn.addToRolePolicy(statement))).toMatch(message);
    expect(statementProblem(statement)).toMatch(message);
  });

  it("grants X-Ray writes (Resource * is all X-Ray accepts) only with Active tracing", () => {
    const { synth } = build({ tracing: "Active" });
    expect(functionOf(synth).tracing_config).toEqual({ mode: "Active" });
    expect(statementsOf(synth)[1]).toEqual({
      Sid: "WriteTraces",
      Effect: "Allow",
      Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
      Resource: "*",
    });
  });
});

describe("NodejsFunction options", () => {
  it("sets memory, timeout, environment, reserved concurrency, description and log retention", () => {
    const { synth } = build({
      memorySizeMb: 512,
      timeoutSeconds: 120,
      environment: { CLUSTER_NAME: "acme", SERVICE_NAME: "erp-api" },
      reservedConcurrency: 1,
      description: "scales erp-api on a schedule",
      logRetentionDays: 90,
    });
    expect(functionOf(synth)).toMatchObject({
      memory_size: 512,
      timeout: 120,
      environment: { variables: { CLUSTER_NAME: "acme", SERVICE_NAME: "erp-api" } },
      reserved_concurrent_executions: 1,
      description: "scales erp-api on a schedule",
    });
    expect(synth.only("aws_cloudwatch_log_group").retention_in_days).toBe(90);
  });

  it("creates an encrypted dead-letter queue and may send to it only", () => {
    const { synth, fn } = build({ deadLetterQueue: true });
    const queue = synth.only("aws_sqs_queue");
    expect(queue).toEqual({
      name: "acme-ecs-scaler-dlq",
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 1209600,
    });
    const queueArn = ref("aws_sqs_queue", Object.keys(synth.resources("aws_sqs_queue"))[0]!, "arn");
    expect(functionOf(synth).dead_letter_config).toEqual({ target_arn: queueArn });
    expect(statementsOf(synth)[1]).toEqual({
      Sid: "SendToDeadLetterQueue",
      Effect: "Allow",
      Action: "sqs:SendMessage",
      Resource: queueArn,
    });
    expect(fn.deadLetterQueueArn).toBeDefined();
  });

  it("uses an existing dead-letter queue without creating one", () => {
    const queueArn = "arn:aws:sqs:ap-northeast-2:123456789012:shared-dlq";
    const { synth } = build({ deadLetterQueue: { queueArn } });
    expect(synth.count("aws_sqs_queue")).toBe(0);
    expect(functionOf(synth).dead_letter_config).toEqual({ target_arn: queueArn });
    expect(statementsOf(synth)[1]).toMatchObject({ Action: "sqs:SendMessage", Resource: queueArn });
    expect(buildError({ deadLetterQueue: { queueArn: "shared-dlq" } })).toMatch(
      /deadLetterQueue.queueArn must be an SQS queue ARN/,
    );
  });

  it("joins a VPC with its own security group, ENI permissions, and connections a database can allow", () => {
    const { synth, fn } = build(
      { vpc: { vpcId: "vpc-0123", subnetIds: ["subnet-a", "subnet-b"] } },
      (scope, fn) => {
        const db = new PostgresDatabase(scope, "db", {
          identifier: "acme-erp",
          databaseName: "erp",
          vpcId: "vpc-0123",
          subnetIds: ["i-a", "i-b"],
        });
        db.connections.allowFrom(fn);
      },
    );
    const groupName = Object.entries(synth.resources("aws_security_group")).find(
      ([, g]) => g.name === "acme-ecs-scaler-lambda",
    )![0];
    expect(functionOf(synth).vpc_config).toEqual({
      subnet_ids: ["subnet-a", "subnet-b"],
      security_group_ids: [ref("aws_security_group", groupName)],
    });
    expect(fn.securityGroupId).toBe(fn.connections.securityGroupId);
    const eni = statementsOf(synth).find((s) => s.Sid === "ManageVpcNetworkInterfaces")!;
    expect(actionsOf(eni).sort()).toEqual(
      [
        "ec2:AssignPrivateIpAddresses",
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:UnassignPrivateIpAddresses",
      ].sort(),
    );
    expect(synth.count("aws_iam_role_policy_attachment")).toBe(1); // the database's monitoring role only
    const ingress = Object.values(synth.resources("aws_vpc_security_group_ingress_rule"));
    expect(ingress).toEqual([
      expect.objectContaining({
        referenced_security_group_id: ref("aws_security_group", groupName),
        from_port: 5432,
      }),
    ]);
  });

  it("uses a security group the caller passes instead of creating one", () => {
    let group: SecurityGroup | undefined;
    const { synth, fn } = build({}, () => undefined);
    expect(fn.securityGroupId).toBeUndefined();
    const vpcSynth = synthScope((scope) => {
      group = new SecurityGroup(scope, "shared", { vpcId: "vpc-0123", name: "jobs", description: "jobs" });
      const inVpc = new NodejsFunction(scope, "scaler", {
        ...BASE,
        vpc: { vpcId: "vpc-0123", subnetIds: ["subnet-a"], securityGroup: group },
      });
      expect(inVpc.connections).toBe(group.connections);
    });
    expect(synth.count("aws_security_group")).toBe(0);
    expect(vpcSynth.count("aws_security_group")).toBe(1);
    const groupName = Object.keys(vpcSynth.resources("aws_security_group"))[0]!;
    expect((functionOf(vpcSynth).vpc_config as { security_group_ids: string[] }).security_group_ids).toEqual([
      ref("aws_security_group", groupName),
    ]);
  });

  it.each([
    [{ functionName: "acme ecs scaler" }, /functionName must be 1-59 letters/],
    [{ functionName: "x".repeat(60) }, /functionName must be 1-59/],
    [{ memorySizeMb: 64 }, /memorySizeMb must be a whole number from 128 to 10240/],
    [{ timeoutSeconds: 901 }, /timeoutSeconds must be a whole number from 1 to 900/],
    [{ reservedConcurrency: -1 }, /reservedConcurrency must be a whole number of 0 or more/],
    [
      { environment: { AWS_REGION: "us-east-1" } },
      /environment variable AWS_REGION is set by the Lambda runtime/,
    ],
    [{ environment: { "bad-name": "x" } }, /environment variable name "bad-name"/],
    [{ vpc: { vpcId: "vpc-1", subnetIds: [] } }, /vpc.subnetIds must name at least one private subnet/],
    [{ entry: "lambdas/missing/index.ts" }, /handler entry .*lambdas\/missing\/index.ts does not exist/],
    [{ logRetentionDays: 45 }, /retentionDays must be one of/],
  ] as [Partial<NodejsFunctionProps>, RegExp][])("refuses %j", (overrides, message) => {
    const error = buildError(overrides);
    expect(error).toMatch(/^stack\/scaler/);
    expect(error).toMatch(message);
  });
});

describe("bundling", () => {
  it("bundles lambdas/ecs-scaler into one CommonJS file with the AWS SDK left to the runtime", () => {
    const bundle = bundleHandler(LAMBDA_ENTRIES.ecsScaler);
    const file = path.join(bundle.dir, BUNDLE_FILE);
    expect(readdirSync(bundle.dir).sort()).toEqual([ZIP_FILE, BUNDLE_FILE].sort());
    const code = readFileSync(file, "utf8");
    expect(code).toBe(bundle.code);
    expect(code).toContain('require("@aws-sdk/client-ecs")');
    // Nothing of the SDK (or smithy, its runtime) is inlined, and no local path leaks into the bytes.
    expect(code).not.toMatch(/node_modules|@smithy|class ECSClient|AWS_SDK/);
    expect(code).not.toContain(PROJECT_ROOT);
    expect(code).not.toContain(tmpdir());
    expect(code).not.toMatch(/sourceMappingURL/);
    expect(code.length).toBeLessThan(20_000);
    expect(path.dirname(bundle.dir)).toBe(path.join(tmpdir(), "cdktf-lambda-bundles"));
    expect(path.basename(bundle.dir)).toBe(bundle.hash);

    // The bundle loads as a CommonJS module exporting the handler, given the SDK the runtime provides.
    const module = { exports: {} as Record<string, unknown> };
    const requested: string[] = [];
    const fakeRequire = (name: string) => {
      requested.push(name);
      return {};
    };
    new Function("require", "module", "exports", code)(fakeRequire, module, module.exports);
    expect(typeof module.exports.handler).toBe("function");
    expect(requested).toEqual(["@aws-sdk/client-ecs", "@aws-sdk/client-rds"]);
  });

  it("gives the same hash for the same code and a new one when the code changes", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "handler-src-"));
    try {
      const entry = path.join(dir, "index.ts");
      writeFileSync(entry, 'export const handler = async () => "v1";\n');
      const first = bundleHandler(entry);
      expect(bundleHandler(entry).hash).toBe(first.hash);
      writeFileSync(entry, 'export const handler = async () => "v2";\n');
      const second = bundleHandler(entry);
      expect(second.hash).not.toBe(first.hash);
      expect(second.dir).not.toBe(first.dir);
      writeFileSync(entry, "export const handler = async ( => broken;\n");
      expect(() => bundleHandler(entry)).toThrow(/bundling .*index.ts failed: .*index.ts:1: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("reuses the recorded bundle without running esbuild until a file it read changes", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "handler-src-"));
    try {
      const entry = path.join(dir, "index.ts");
      const imported = path.join(dir, "greeting.ts");
      writeFileSync(imported, 'export const greeting = "hello";\n');
      writeFileSync(
        entry,
        'import { greeting } from "./greeting";\nexport const handler = async () => greeting;\n',
      );
      const first = bundleHandler(entry);
      let esbuildRuns = 0;
      jest.isolateModules(() => {
        // A later synth is a new process: a fresh module, an esbuild that must not be needed.
        jest.doMock("esbuild", () => ({
          buildSync: () => {
            esbuildRuns++;
            throw new Error("esbuild ran");
          },
        }));
        type BundleModule = typeof import("../../../modules/lambda/bundle");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const later = require("../../../modules/lambda/bundle") as BundleModule;
        expect(later.bundleHandler(entry)).toEqual(first);
        writeFileSync(imported, 'export const greeting = "hello again";\n');
        expect(() => later.bundleHandler(entry)).toThrow(/esbuild ran/);
      });
      expect(esbuildRuns).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("reproducible synth", () => {
  /** A full `app.synth()` into a fresh directory: cdk.tf.json and every asset file, as bytes. */
  function synthToDisk(): { json: Buffer; assets: Map<string, Buffer>; outdir: string } {
    const outdir = mkdtempSync(path.join(tmpdir(), "cdktf-repro-"));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "lambda");
    new AwsProvider(stack, "aws", { region: "ap-northeast-2" });
    // cdktf's implicit local backend would name the state by the absolute cwd; real stacks use S3.
    new LocalBackend(stack, { path: "terraform.lambda.tfstate" });
    new NodejsFunction(stack, "scaler", {
      ...BASE,
      policyStatements: [ECS_STATEMENT],
      deadLetterQueue: true,
    });
    app.synth();
    const stackDir = path.join(outdir, "stacks", "lambda");
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
      );
    const assets = new Map(
      files(path.join(stackDir, "assets")).map((f) => [path.relative(stackDir, f), readFileSync(f)]),
    );
    return { json: readFileSync(path.join(stackDir, "cdk.tf.json")), assets, outdir };
  }

  it("two synths of unchanged code give byte-identical cdk.tf.json and archive", () => {
    const first = synthToDisk();
    const second = synthToDisk();
    try {
      expect(second.json.equals(first.json)).toBe(true);
      expect([...first.assets.keys()]).toEqual([
        expect.stringMatching(/^assets\/[^/]+\/[0-9a-f]{32}\/archive\.zip$/),
      ]);
      expect([...second.assets.keys()]).toEqual([...first.assets.keys()]);
      const [name, zip] = [...first.assets][0]!;
      expect(second.assets.get(name)!.equals(zip)).toBe(true);
      // The JSON names the archive by content hash and holds no path of this machine.
      const text = first.json.toString("utf8");
      expect(text).toContain(name);
      expect(text).not.toContain(first.outdir);
      expect(text).not.toContain(tmpdir());
      expect(text).not.toContain(PROJECT_ROOT);
    } finally {
      rmSync(first.outdir, { recursive: true, force: true });
      rmSync(second.outdir, { recursive: true, force: true });
    }
  });
});

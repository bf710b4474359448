import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { AssetType, TerraformAsset, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { PolicyStatement } from "../iam/policy-document";
import { Role } from "../iam/role";
import { ServicePrincipals } from "../iam/service-principal";
import { LogGroup } from "../logs/log-group";
import { Connections, IConnectable } from "../network/connections";
import { SecurityGroup } from "../network/security-group";
import { BUNDLE_FILE, Bundle, bundleHandler } from "./bundle";

/** Environment variables the Lambda runtime sets itself; a function may not define them. */
export const RESERVED_LAMBDA_ENV_VARS = [
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_DEFAULT_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_LAMBDA_RUNTIME_API",
  "AWS_REGION",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "LAMBDA_RUNTIME_DIR",
  "LAMBDA_TASK_ROOT",
];

/**
 * ENI management Lambda needs to attach a function to a VPC: the actions of the AWS managed
 * AWSLambdaVPCAccessExecutionRole without its logs:* on "*". EC2 evaluates these (Describe* always)
 * against "*", and Lambda checks them at creation before any network interface exists.
 */
export const LAMBDA_VPC_ENI_ACTIONS = [
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
];

/** X-Ray accepts these only on "*" (it has no resource-level permissions). */
export const XRAY_WRITE_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"];

export interface NodejsFunctionVpcProps {
  readonly vpcId: string;
  /** Private subnets (with a NAT or VPC endpoints for the AWS APIs the function calls). */
  readonly subnetIds: readonly string[];
  /**
   * The function's security group. @default a new group `<functionName>-lambda` with all outbound
   * traffic allowed and no ingress
   */
  readonly securityGroup?: IConnectable;
}

export interface NodejsFunctionProps {
  /** 1-59 letters, digits, hyphens, underscores (the role is `<functionName>-role`, IAM allows 64). */
  readonly functionName: string;
  /** TypeScript handler file, absolute or relative to the repository root, e.g. "lambdas/ecs-scaler/index.ts". */
  readonly entry: string;
  /** The exported function Lambda calls. @default "handler" */
  readonly handlerExport?: string;
  /** @default none */
  readonly description?: string;
  /** 128-10240 MB. @default 256 */
  readonly memorySizeMb?: number;
  /** 1-900 seconds. @default 30 */
  readonly timeoutSeconds?: number;
  /** Plain configuration only: values end up in state and the console. Secrets go in Secrets Manager. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Customer managed key for the environment variables. @default the AWS managed aws/lambda key */
  readonly kmsKeyArn?: string;
  /** Retention of `/aws/lambda/<functionName>`. @default 30 */
  readonly logRetentionDays?: number;
  /**
   * What the function may call, besides writing its own logs. More can be added with
   * `addToRolePolicy`. Statements with a "*" or "<service>:*" action, or a wildcard action on
   * Resource "*", are refused.
   * @default none
   */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * Attach the function to a VPC (and grant the ENI permissions that needs).
   * @default none: the function runs in Lambda's network and reaches only public endpoints
   */
  readonly vpc?: NodejsFunctionVpcProps;
  /**
   * Where failed asynchronous invocations go: `true` creates an SSE-encrypted SQS queue
   * `<functionName>-dlq` (14 days' retention), `{ queueArn }` uses an existing queue. The role gets
   * sqs:SendMessage on that queue only.
   * @default false (failed async events are dropped after Lambda's retries)
   */
  readonly deadLetterQueue?: boolean | { readonly queueArn: string };
  /** Concurrent executions reserved (and capped) for the function; 0 stops all invocations. @default unreserved */
  readonly reservedConcurrency?: number;
  /**
   * X-Ray tracing. "Active" also grants xray:PutTraceSegments/PutTelemetryRecords, which X-Ray only
   * accepts on Resource "*".
   * @default "PassThrough" (no tracing permissions; traces only when a caller samples)
   */
  readonly tracing?: "Active" | "PassThrough";
}

/**
 * A TypeScript Lambda function: bundled with esbuild at synth time into a content-addressed
 * archive (identical code gives an identical `cdk.tf.json` and asset), nodejs22.x on arm64, a log
 * group with retention created first, and a role that can do nothing but write that log group plus
 * what the caller grants.
 */
export class NodejsFunction extends Construct implements IConnectable {
  public readonly functionName: string;
  public readonly functionArn: string;
  /** For API Gateway integrations. */
  public readonly invokeArn: string;
  /** The execution role; modules grant to it (`bucket.grantRead(fn.role)`). */
  public readonly role: Role;
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly logGroupName: string;
  public readonly logGroupArn: string;
  /** The dead-letter queue, when there is one. */
  public readonly deadLetterQueueArn?: string;
  /** The function's security group, when it is in a VPC. */
  public readonly securityGroupId?: string;
  /** Hex SHA-256 (32 characters) of the bundled code. */
  public readonly codeHash: string;
  public readonly function: LambdaFunction;

  private readonly vpcConnections?: Connections;

  constructor(scope: Construct, id: string, props: NodejsFunctionProps) {
    super(scope, id);
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };

    const functionName = props.functionName;
    if (!/^[A-Za-z0-9_-]{1,59}$/.test(functionName)) {
      fail(
        `functionName must be 1-59 letters, digits, hyphens and underscores (the role adds "-role"), got "${functionName}"`,
      );
    }
    const handlerExport = props.handlerExport ?? "handler";
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(handlerExport))
      fail(`handlerExport must be a JavaScript identifier, got "${handlerExport}"`);
    const memorySize = props.memorySizeMb ?? 256;
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240) {
      fail(`memorySizeMb must be a whole number from 128 to 10240, got ${memorySize}`);
    }
    const timeout = props.timeoutSeconds ?? 30;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 900)
      fail(`timeoutSeconds must be a whole number from 1 to 900, got ${timeout}`);
    if (
      props.reservedConcurrency !== undefined &&
      (!Number.isInteger(props.reservedConcurrency) || props.reservedConcurrency < 0)
    ) {
      fail(
        `reservedConcurrency must be a whole number of 0 or more (or unset for unreserved), got ${props.reservedConcurrency}`,
      );
    }
    const environment = props.environment ?? {};
    for (const key of Object.keys(environment)) {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key))
        fail(
          `environment variable name "${key}" must be letters, digits and underscores, starting with a letter`,
        );
      if (RESERVED_LAMBDA_ENV_VARS.includes(key))
        fail(`environment variable ${key} is set by the Lambda runtime; choose another name`);
    }
    if (props.vpc && !Token.isUnresolved(props.vpc.subnetIds) && props.vpc.subnetIds.length === 0) {
      fail(`vpc.subnetIds must name at least one private subnet`);
    }

    let bundle;
    try {
      bundle = bundleOnce(this, props.entry);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
    const { zipFile, hash, sha256Base64 } = bundle!;
    this.codeHash = hash;
    const asset = new TerraformAsset(this, "code", { path: zipFile, type: AssetType.FILE, assetHash: hash });

    const logGroup = new LogGroup(this, "log-group", {
      name: `/aws/lambda/${functionName}`,
      retentionDays: props.logRetentionDays ?? 30,
    });
    this.logGroupName = logGroup.logGroupName;
    this.logGroupArn = logGroup.logGroupArn;

    const role = new Role(this, "role", {
      roleName: `${functionName}-role`,
      assumedBy: ServicePrincipals.lambda,
      description: `Execution role of Lambda function ${functionName}`,
    });
    this.role = role;
    this.roleArn = role.roleArn;
    this.roleName = role.roleName;

    role.addToPolicy({
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${logGroup.logGroupArn}:*`,
    });

    let deadLetterTarget: string | undefined;
    if (props.deadLetterQueue === true) {
      const queue = new SqsQueue(this, "dlq", {
        name: `${functionName}-dlq`,
        sqsManagedSseEnabled: true,
        messageRetentionSeconds: 14 * 24 * 3600,
      });
      deadLetterTarget = queue.arn;
    } else if (props.deadLetterQueue && typeof props.deadLetterQueue === "object") {
      const { queueArn } = props.deadLetterQueue;
      if (
        !Token.isUnresolved(queueArn) &&
        !/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+(\.fifo)?$/.test(queueArn)
      ) {
        fail(`deadLetterQueue.queueArn must be an SQS queue ARN, got "${queueArn}"`);
      }
      deadLetterTarget = queueArn;
    }
    if (deadLetterTarget) {
      this.deadLetterQueueArn = deadLetterTarget;
      role.addToPolicy({
        Sid: "SendToDeadLetterQueue",
        Effect: "Allow",
        Action: "sqs:SendMessage",
        Resource: deadLetterTarget,
      });
    }

    const tracing = props.tracing ?? "PassThrough";
    if (tracing === "Active") {
      role.addToPolicy({
        Sid: "WriteTraces",
        Effect: "Allow",
        Action: [...XRAY_WRITE_ACTIONS],
        Resource: "*",
      });
    }

    let vpcConfig: { subnetIds: string[]; securityGroupIds: string[] } | undefined;
    if (props.vpc) {
      const group =
        props.vpc.securityGroup ??
        new SecurityGroup(this, "security-group", {
          vpcId: props.vpc.vpcId,
          name: `${functionName}-lambda`,
          description: `Lambda function ${functionName}`,
          allowAllOutbound: true,
        });
      this.vpcConnections = group.connections;
      this.securityGroupId = group.connections.securityGroupId;
      vpcConfig = {
        subnetIds: [...props.vpc.subnetIds],
        securityGroupIds: [group.connections.securityGroupId],
      };
      role.addToPolicy({
        Sid: "ManageVpcNetworkInterfaces",
        Effect: "Allow",
        Action: [...LAMBDA_VPC_ENI_ACTIONS],
        Resource: "*",
      });
    }

    for (const statement of props.policyStatements ?? []) this.addToRolePolicy(statement);

    this.function = new LambdaFunction(this, "function", {
      functionName,
      description: props.description,
      role: role.roleArn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: `${BUNDLE_FILE.replace(/\.js$/, "")}.${handlerExport}`,
      filename: asset.path,
      sourceCodeHash: sha256Base64,
      memorySize,
      timeout,
      ...(Object.keys(environment).length > 0 ? { environment: { variables: { ...environment } } } : {}),
      kmsKeyArn: props.kmsKeyArn,
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracingConfig: { mode: tracing },
      ...(deadLetterTarget ? { deadLetterConfig: { targetArn: deadLetterTarget } } : {}),
      ...(vpcConfig ? { vpcConfig } : {}),
      // The log group exists (with its retention) before the first invocation could create it
      // without one, and the role can write it (and reach the DLQ and ENIs) before creation checks.
      dependsOn: [logGroup.resource, ...role.grants],
    });
    this.functionName = this.function.functionName;
    this.functionArn = this.function.arn;
    this.invokeArn = this.function.invokeArn;
  }

  /**
   * The function's security group, for `database.connections.allowFrom(fn)`.
   * @throws when the function has no `vpc`
   */
  get connections(): Connections {
    if (!this.vpcConnections) {
      throw new Error(
        `${this.node.path}: the function is not in a VPC, so it has no security group; pass \`vpc\` to connect it`,
      );
    }
    return this.vpcConnections;
  }

  /** Grants the function one more permission; rendered into its single inline policy at synth. */
  addToRolePolicy(statement: PolicyStatement): void {
    this.role.addToPolicy(statement);
  }
}

/** One esbuild run per handler per app, however many functions (stacks) share the handler. */
const bundlesByApp = new WeakMap<IConstruct, Map<string, Bundle>>();

function bundleOnce(scope: Construct, entry: string): Bundle {
  const root = scope.node.root;
  const bundles = bundlesByApp.get(root) ?? new Map<string, Bundle>();
  bundlesByApp.set(root, bundles);
  const bundle = bundles.get(entry) ?? bundleHandler(entry);
  bundles.set(entry, bundle);
  return bundle;
}

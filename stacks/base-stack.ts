import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataTerraformRemoteStateS3, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema/environment";

export interface BaseStackProps {
  readonly config: EnvironmentConfig;
  /** System name: the stack is `<system>-<env>` and its state key `<system>/<env>/terraform.tfstate`. */
  readonly system: string;
  /** Where the stack keeps its state; only bootstrap starts local. @default "s3" */
  readonly state?: "s3" | "local";
}

/**
 * What every stack shares: one AWS provider locked to the environment's account and tagged, and the
 * S3 backend with locking as the config asks.
 */
export class BaseStack extends TerraformStack {
  public readonly config: EnvironmentConfig;
  public readonly system: string;
  /** `<project>-<system>-<env>`, the prefix for resource names that must be unique in an account. */
  public readonly namePrefix: string;
  private backend: S3Backend | undefined;

  constructor(scope: Construct, props: BaseStackProps) {
    const { config, system } = props;
    super(scope, stackNameOf(system, config.environment));
    this.config = config;
    this.system = system;
    this.namePrefix = `${config.project}-${system}-${config.environment}`;

    new AwsProvider(this, "aws", {
      region: config.aws_region,
      allowedAccountIds: [config.aws_account_id],
      defaultTags: [
        {
          tags: {
            ...config.tags,
            Project: config.project,
            Environment: config.environment,
            System: system,
            ManagedBy: "cdktf",
          },
        },
      ],
    });

    this.configureBackend(props.state ?? "s3");
  }

  /**
   * A name that must be unique in the AWS account: as given when each environment has its own
   * account, `<name>-<env>` when `shared_account` is set.
   */
  accountUniqueName(name: string): string {
    return this.config.shared_account ? `${name}-${this.config.environment}` : name;
  }

  /**
   * A reader of this stack's state inside `consumer`: the bucket, key and region this stack's backend
   * writes. Only S3 state can be read by other stacks (bootstrap's first, local state cannot).
   */
  remoteStateIn(consumer: Construct, id: string): DataTerraformRemoteStateS3 {
    if (!this.backend) {
      throw new Error(`${this.node.id}: its state is local, so no other stack can read it; use the S3 backend`);
    }
    return this.backend.getRemoteStateDataSource(consumer, id, this.node.id) as DataTerraformRemoteStateS3;
  }

  private configureBackend(state: "s3" | "local"): void {
    const config = this.config;
    const system = this.system;
    if (state === "local") {
      new LocalBackend(this, {});
    } else {
      const backendConfig = config.state_backend;
      const backend = (this.backend = new S3Backend(this, {
        bucket: backendConfig.bucket,
        key: `${system}/${config.environment}/terraform.tfstate`,
        region: backendConfig.region ?? config.aws_region,
        encrypt: true,
        ...(backendConfig.dynamodb_locking ? { dynamodbTable: backendConfig.lock_table } : {}),
      }));
      // cdktf 0.21's S3Backend predates Terraform 1.10's S3-native locking.
      if (backendConfig.s3_native_locking) backend.addOverride("use_lockfile", true);
    }
  }
}

export function stackNameOf(system: string, environment: string): string {
  return `${system}-${environment}`;
}

import { AwsProvider, AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
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
  /** The stack's default provider, in the environment's region. */
  public readonly provider: AwsProvider;
  /** Where this stack's state lives in S3 (undefined for local state). */
  private stateLocation: { bucket: string; key: string; region: string } | undefined;
  private readonly regionalProviders = new Map<string, AwsProvider>();

  constructor(scope: Construct, props: BaseStackProps) {
    const { config, system } = props;
    super(scope, stackNameOf(system, config.environment));
    this.config = config;
    this.system = system;

    this.provider = new AwsProvider(this, "aws", this.providerConfig(config.aws_region));

    this.configureBackend(props.state ?? "s3");
  }

  /**
   * The provider for resources that must live in another region (CloudFront's certificate and WAF
   * web ACL in us-east-1): created once per region with alias `<region>`, the same account guard and
   * the same default tags. The environment's own region is the default provider.
   */
  providerIn(region: string): AwsProvider {
    if (region === this.config.aws_region) return this.provider;
    let provider = this.regionalProviders.get(region);
    if (!provider) {
      provider = new AwsProvider(this, `aws-${region}`, { ...this.providerConfig(region), alias: region });
      this.regionalProviders.set(region, provider);
    }
    return provider;
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
    if (!this.stateLocation) {
      throw new Error(
        `${this.node.id}: its state is local, so no other stack can read it; use the S3 backend`,
      );
    }
    // A reader takes no lock, so it names no lock table (that argument is deprecated in Terraform 1.11).
    return new DataTerraformRemoteStateS3(consumer, id, { ...this.stateLocation, encrypt: true });
  }

  private providerConfig(region: string): AwsProviderConfig {
    const config = this.config;
    return {
      region,
      allowedAccountIds: [config.aws_account_id],
      defaultTags: [
        {
          tags: {
            ...config.tags,
            Project: config.project,
            Environment: config.environment,
            System: this.system,
            ManagedBy: "cdktf",
          },
        },
      ],
    };
  }

  private configureBackend(state: "s3" | "local"): void {
    const config = this.config;
    const system = this.system;
    if (state === "local") {
      new LocalBackend(this, {});
    } else {
      const backendConfig = config.state_backend;
      this.stateLocation = {
        bucket: backendConfig.bucket,
        key: `${system}/${config.environment}/terraform.tfstate`,
        region: backendConfig.region ?? config.aws_region,
      };
      const backend = new S3Backend(this, {
        ...this.stateLocation,
        encrypt: true,
        ...(backendConfig.dynamodb_locking ? { dynamodbTable: backendConfig.lock_table } : {}),
      });
      // cdktf 0.21's S3Backend predates Terraform 1.10's S3-native locking.
      if (backendConfig.s3_native_locking) backend.addOverride("use_lockfile", true);
    }
  }
}

export function stackNameOf(system: string, environment: string): string {
  return `${system}-${environment}`;
}

import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema/environment";
import { GitHubOidcProvider } from "../modules/iam/github-oidc-provider";
import { StateBackend } from "../modules/state-backend/state-backend";
import { BaseStack } from "./base-stack";

/** `bootstrap-<env>`: the state bucket and lock table that every other stack of the environment uses. */
export class BootstrapStack extends BaseStack {
  constructor(scope: Construct, config: EnvironmentConfig) {
    super(scope, { config, system: "bootstrap", state: config.state_backend.bootstrap_state });
    const backend = new StateBackend(this, "state-backend", {
      bucketName: config.state_backend.bucket,
      lockTableName: config.state_backend.lock_table,
      noncurrentVersionRetentionDays: config.state_backend.noncurrent_version_retention_days,
    });
    if (config.github_oidc_provider) {
      const provider = new GitHubOidcProvider(this, "github-oidc");
      new TerraformOutput(this, "github_oidc_provider_arn", { value: provider.providerArn });
    }
    new TerraformOutput(this, "state_bucket_name", { value: backend.bucket.bucketName });
    new TerraformOutput(this, "lock_table_name", { value: backend.lockTable.name });
  }
}

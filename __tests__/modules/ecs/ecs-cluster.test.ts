import { TerraformOutput } from "cdktf";
import { EcsCluster, EcsClusterProps } from "../../../modules/ecs/ecs-cluster";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";
import { errorOf, oneWhere } from "./ecs-fixtures";

/**
 * The cluster: Container Insights on, FARGATE and FARGATE_SPOT associated (FARGATE the default), and
 * every ECS Exec session logged to its own log group with a retention.
 */
const KMS_KEY = "arn:aws:kms:ap-northeast-2:123456789012:key/11111111-2222-3333-4444-555555555555";

function build(overrides: Partial<EcsClusterProps> = {}): SynthesizedJson {
  return synthScope((scope) => {
    const cluster = new EcsCluster(scope, "cluster", { clusterName: "fileflow-dev", ...overrides });
    new TerraformOutput(scope, "clusterName", { value: cluster.clusterName });
    new TerraformOutput(scope, "clusterArn", { value: cluster.clusterArn });
    new TerraformOutput(scope, "execLogGroupName", { value: cluster.execLogGroupName });
  });
}

const nameOf = (synth: SynthesizedJson, type: string) => {
  const names = Object.keys(synth.resources(type));
  if (names.length !== 1) throw new Error(`expected one ${type}, found ${names.length}`);
  return names[0]!;
};

describe("EcsCluster", () => {
  const synth = build();
  const clusterName = nameOf(synth, "aws_ecs_cluster");
  const cluster = synth.only("aws_ecs_cluster");

  test("is named as given, with Container Insights enabled", () => {
    expect(cluster.name).toBe("fileflow-dev");
    expect(cluster.setting).toEqual([{ name: "containerInsights", value: "enabled" }]);
  });

  test("containerInsights: enhanced is passed through", () => {
    expect(build({ containerInsights: "enhanced" }).only("aws_ecs_cluster").setting).toEqual([
      { name: "containerInsights", value: "enhanced" },
    ]);
  });

  test("associates FARGATE and FARGATE_SPOT, with FARGATE as the default strategy", () => {
    expect(synth.only("aws_ecs_cluster_capacity_providers")).toEqual({
      cluster_name: ref("aws_ecs_cluster", clusterName, "name"),
      capacity_providers: ["FARGATE", "FARGATE_SPOT"],
      default_capacity_provider_strategy: [{ capacity_provider: "FARGATE", weight: 1, base: 0 }],
    });
  });

  test("overrides ECS Exec logging to its own log group, kept 90 days by default", () => {
    const execLogs = oneWhere(synth, "aws_cloudwatch_log_group", { name: "/aws/ecs/fileflow-dev/exec" });
    expect(execLogs.resource.retention_in_days).toBe(90);
    const exec = (cluster.configuration as { execute_command_configuration: Record<string, unknown> })
      .execute_command_configuration;
    expect(exec.logging).toBe("OVERRIDE");
    expect(exec.log_configuration).toMatchObject({
      cloud_watch_log_group_name: ref("aws_cloudwatch_log_group", execLogs.name, "name"),
    });
    expect(synth.count("aws_cloudwatch_log_group")).toBe(1);
  });

  test("without a KMS key, does not demand KMS encryption the log group lacks (the SSM agent would refuse every session)", () => {
    const exec = (
      cluster.configuration as {
        execute_command_configuration: { log_configuration: Record<string, unknown> };
      }
    ).execute_command_configuration.log_configuration;
    expect(exec.cloud_watch_encryption_enabled).toBe(false);
    expect(synth.only("aws_cloudwatch_log_group")).not.toHaveProperty("kms_key_id");
  });

  test("with a KMS key, the log group is encrypted with it and sessions require that encryption", () => {
    const encrypted = build({ execLogKmsKeyArn: KMS_KEY });
    expect(encrypted.only("aws_cloudwatch_log_group").kms_key_id).toBe(KMS_KEY);
    const exec = (
      encrypted.only("aws_ecs_cluster").configuration as {
        execute_command_configuration: { log_configuration: Record<string, unknown> };
      }
    ).execute_command_configuration.log_configuration;
    expect(exec.cloud_watch_encryption_enabled).toBe(true);
  });

  test("execLogRetentionDays sets the exec log retention; a period CloudWatch lacks is refused", () => {
    expect(build({ execLogRetentionDays: 365 }).only("aws_cloudwatch_log_group").retention_in_days).toBe(365);
    expect(errorOf(() => build({ execLogRetentionDays: 100 }))).toMatch(
      /cluster\/exec-logs: retentionDays must be one of .*, got 100$/,
    );
  });

  test("exposes the cluster's name and ARN and the exec log group by reference", () => {
    expect(synth.output("clusterName")?.value).toBe(ref("aws_ecs_cluster", clusterName, "name"));
    expect(synth.output("clusterArn")?.value).toBe(ref("aws_ecs_cluster", clusterName, "arn"));
    expect(synth.output("execLogGroupName")?.value).toBe(
      ref("aws_cloudwatch_log_group", nameOf(synth, "aws_cloudwatch_log_group"), "name"),
    );
  });
});

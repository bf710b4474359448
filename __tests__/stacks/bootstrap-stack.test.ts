import { Testing } from "cdktf";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { awsProviderOf, backendOf, synthStack } from "./fixtures/synth-stack";
import { testConfig } from "./fixtures/test-config";

function synthBootstrap(stateBackend: Record<string, unknown> = {}) {
  const stack = new BootstrapStack(Testing.app(), testConfig({ state_backend: stateBackend }));
  return { stack, synth: synthStack(stack) };
}

describe("BootstrapStack", () => {
  test("is bootstrap-<env>, tagged System=bootstrap", () => {
    const { stack, synth } = synthBootstrap();
    expect(stack.node.id).toBe("bootstrap-staging");
    const tags = (awsProviderOf(synth).default_tags as { tags: Record<string, string> }[])[0]!.tags;
    expect(tags.System).toBe("bootstrap");
  });

  test("keeps its state local before the bucket exists (bootstrap_state default)", () => {
    expect(Object.keys(backendOf(synthBootstrap().synth))).toEqual(["local"]);
  });

  test("keeps its state in the bucket it created once bootstrap_state = s3", () => {
    const backend = backendOf(synthBootstrap({ bootstrap_state: "s3" }).synth);
    expect(backend).toEqual({
      s3: {
        bucket: "acme-tfstate",
        key: "bootstrap/staging/terraform.tfstate",
        region: "eu-west-1",
        encrypt: true,
        dynamodb_table: "acme-tfstate-lock",
      },
    });
  });

  test("creates the state bucket and lock table the config names", () => {
    const { synth } = synthBootstrap({ noncurrent_version_retention_days: 30 });
    expect(synth.only("aws_s3_bucket").bucket).toBe("acme-tfstate");
    expect(synth.only("aws_dynamodb_table").name).toBe("acme-tfstate-lock");
    const rule = (synth.only("aws_s3_bucket_lifecycle_configuration").rule as Record<string, unknown>[])[0]!;
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
  });

  test("outputs the bucket and table names for the other stacks' backends", () => {
    const { synth } = synthBootstrap();
    const bucket = Object.keys(synth.resources("aws_s3_bucket"))[0]!;
    const table = Object.keys(synth.resources("aws_dynamodb_table"))[0]!;
    expect(synth.output("state_bucket_name")?.value).toBe(`\${aws_s3_bucket.${bucket}.bucket}`);
    expect(synth.output("lock_table_name")?.value).toBe(`\${aws_dynamodb_table.${table}.name}`);
  });
});

describe("BootstrapStack refuses", () => {
  test("a lock table name DynamoDB would reject, at synth instead of at apply", () => {
    const config = testConfig();
    const broken = { ...config, state_backend: { ...config.state_backend, lock_table: "x" } };
    expect(() => new BootstrapStack(Testing.app(), broken)).toThrow(
      /lockTableName must be a DynamoDB table name/,
    );
  });

  test("to be read by another stack while its own state is still local", () => {
    const app = Testing.app();
    const bootstrap = new BootstrapStack(app, testConfig({ state_backend: { bootstrap_state: "local" } }));
    expect(() => bootstrap.remoteStateIn(bootstrap, "self")).toThrow(/its state is local/);
  });
});

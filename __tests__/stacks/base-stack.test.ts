import { Testing } from "cdktf";
import { BaseStack, BaseStackProps } from "../../stacks/base-stack";
import { awsProviderOf, backendOf, synthStack } from "./fixtures/synth-stack";
import { testConfig } from "./fixtures/test-config";

function synthBase(props: BaseStackProps) {
  const stack = new BaseStack(Testing.app(), props);
  return { stack, synth: synthStack(stack) };
}

describe("BaseStack providers in other regions", () => {
  const stack = new BaseStack(Testing.app(), { config: testConfig(), system: "ecg-pipeline" });
  const east = stack.providerIn("us-east-1");
  const again = stack.providerIn("us-east-1");
  const home = stack.providerIn("eu-west-1");
  const providers = (synthStack(stack).json.provider?.aws ?? []) as Record<string, unknown>[];

  test("one aliased provider per region, however often it is asked for; the home region is the default", () => {
    expect(again).toBe(east);
    expect(home).toBe(stack.provider);
    expect(providers.map((p) => [p.alias, p.region])).toEqual([
      [undefined, "eu-west-1"],
      ["us-east-1", "us-east-1"],
    ]);
  });

  test("the alias keeps the account guard and the default tags of the stack's provider", () => {
    const [main, alias] = providers;
    expect(alias!.allowed_account_ids).toEqual(["123456789012"]);
    expect(alias!.default_tags).toEqual(main!.default_tags);
    expect((alias!.default_tags as { tags: Record<string, string> }[])[0]!.tags.System).toBe("ecg-pipeline");
  });
});

describe("BaseStack provider", () => {
  const { stack, synth } = synthBase({ config: testConfig(), system: "fileflow" });
  const provider = awsProviderOf(synth);

  test("is named <system>-<env>", () => {
    expect(stack.node.id).toBe("fileflow-staging");
  });

  test("targets the configured region and refuses every other account", () => {
    expect(provider.region).toBe("eu-west-1");
    expect(provider.allowed_account_ids).toEqual(["123456789012"]);
  });

  test("tags every resource with Project, Environment, System, ManagedBy and the config's tags", () => {
    expect(provider.default_tags).toEqual([
      {
        tags: {
          CostCenter: "cc-42",
          Project: "acme",
          Environment: "staging",
          System: "fileflow",
          ManagedBy: "cdktf",
        },
      },
    ]);
  });

  test("config tags cannot override the tags cost reports and access policies key on", () => {
    const { synth: overridden } = synthBase({
      config: testConfig({ tags: { Project: "other", System: "x", ManagedBy: "hand", Team: "t" } }),
      system: "fileflow",
    });
    const tags = (awsProviderOf(overridden).default_tags as { tags: Record<string, string> }[])[0]!.tags;
    expect(tags).toEqual({
      Project: "acme",
      Environment: "staging",
      System: "fileflow",
      ManagedBy: "cdktf",
      Team: "t",
    });
  });
});

describe("BaseStack S3 backend", () => {
  test("keeps state encrypted at <system>/<env>/terraform.tfstate, locked by DynamoDB by default", () => {
    const { synth } = synthBase({ config: testConfig(), system: "fileflow" });
    expect(backendOf(synth)).toEqual({
      s3: {
        bucket: "acme-tfstate",
        key: "fileflow/staging/terraform.tfstate",
        region: "eu-west-1",
        encrypt: true,
        dynamodb_table: "acme-tfstate-lock",
      },
    });
  });

  test("uses state_backend.region when the bucket lives in another region", () => {
    const { synth } = synthBase({
      config: testConfig({ state_backend: { region: "us-east-1" } }),
      system: "fileflow",
    });
    expect(backendOf(synth).s3!.region).toBe("us-east-1");
  });

  test("adds use_lockfile while both lockings are on (migration)", () => {
    const { synth } = synthBase({
      config: testConfig({ state_backend: { s3_native_locking: true } }),
      system: "aipx",
    });
    const s3 = backendOf(synth).s3!;
    expect(s3.use_lockfile).toBe(true);
    expect(s3.dynamodb_table).toBe("acme-tfstate-lock");
  });

  test("drops dynamodb_table once only S3-native locking is on", () => {
    const { synth } = synthBase({
      config: testConfig({ state_backend: { s3_native_locking: true, dynamodb_locking: false } }),
      system: "aipx",
    });
    const s3 = backendOf(synth).s3!;
    expect(s3.use_lockfile).toBe(true);
    expect(s3).not.toHaveProperty("dynamodb_table");
    expect(s3.encrypt).toBe(true);
  });

  test("has no use_lockfile while S3-native locking is off", () => {
    const { synth } = synthBase({ config: testConfig(), system: "aipx" });
    expect(backendOf(synth).s3).not.toHaveProperty("use_lockfile");
  });
});

test("BaseStack with state local has a local backend and no S3 backend", () => {
  const { synth } = synthBase({ config: testConfig(), system: "bootstrap", state: "local" });
  expect(Object.keys(backendOf(synth))).toEqual(["local"]);
});

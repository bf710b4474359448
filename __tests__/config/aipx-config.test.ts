import { loadEnvironmentConfig } from "../../config/load";
import { TempConfigDirs } from "./fixtures/environment-file";
import { committedEnvironment } from "./fixtures/committed";
import { configErrorOf, lineAbout } from "./fixtures/expect-config-error";
import { HclObject, HclValue } from "./fixtures/hcl";

/**
 * The aipx section of the committed environment files, broken one key at a time: each mistake comes
 * back as one line naming the file, the key path, what was expected and what was found.
 */
const dirs = new TempConfigDirs();
afterAll(() => dirs.cleanup());

type Env = "dev" | "prod";
const committed: Partial<Record<Env, HclObject>> = {};
beforeAll(async () => {
  for (const env of ["dev", "prod"] as const) committed[env] = await committedEnvironment(env);
});

const KEY = "systems.aipx";

/** The committed file of `env` with `patch` merged into systems.aipx.<section>. */
function withAipx(env: Env, patch: Record<string, HclValue | undefined>, section: string): HclObject {
  const base = committed[env]!;
  const systems = base.systems as HclObject;
  const aipx = systems.aipx as HclObject;
  const merged = { ...aipx, [section]: { ...((aipx[section] ?? {}) as HclObject), ...patch } };
  return { ...base, systems: { ...systems, aipx: merged } };
}

async function lineFor(env: Env, content: HclObject, keyPath: string): Promise<string> {
  const file = dirs.write(content, `${env}.tfvars`);
  return lineAbout(await configErrorOf(loadEnvironmentConfig(file)), file, keyPath);
}

test("the committed files load with the source's sizing: small dev, highly available prod", async () => {
  const dev = (await loadEnvironmentConfig(dirs.write(committed.dev!, "dev.tfvars"))).systems.aipx!;
  expect(dev.kafka).toMatchObject({ client_subnets: 2, broker_count: 2, instance_type: "kafka.t3.small" });
  expect(dev.cache).toMatchObject({ mode: "single", node_type: "cache.t3.micro" });
  expect(dev.database).toMatchObject({ instance_class: "db.t3.micro", multi_az: false });
  expect(dev.out_of_hours).toBeDefined();
  const prod = (await loadEnvironmentConfig(dirs.write(committed.prod!, "prod.tfvars"))).systems.aipx!;
  expect(prod.kafka).toMatchObject({ client_subnets: 3, broker_count: 3, instance_type: "kafka.m5.large" });
  expect(prod.cache).toMatchObject({
    mode: "cluster",
    shards: 3,
    replicas_per_shard: 1,
    node_type: "cache.r6g.large",
  });
  expect(prod.database).toMatchObject({ instance_class: "db.r6g.xlarge", multi_az: true });
  expect(prod.oms).toMatchObject({ cpu: 1024, memory: 2048 });
  expect(prod.out_of_hours).toBeUndefined();
});

test.each([
  {
    case: "1 broker over 2 subnets",
    env: "dev" as const,
    content: () => withAipx("dev", { broker_count: 1 }, "kafka"),
    keyPath: `${KEY}.kafka.broker_count`,
    expected:
      /expected a multiple of the 2 client subnets \(MSK puts the same number of brokers in each AZ\): use 2, or mode = "serverless", found number 1$/,
  },
  {
    case: "4 client subnets",
    env: "dev" as const,
    content: () => withAipx("dev", { client_subnets: 4, broker_count: 4 }, "kafka"),
    keyPath: `${KEY}.kafka.client_subnets`,
    expected:
      /expected 2 or 3 subnets, each in a different availability zone \(MSK spreads brokers over at most three availability zones\), found number 4$/,
  },
  {
    case: "min.insync.replicas as high as the broker count",
    env: "prod" as const,
    content: () => withAipx("prod", { min_insync_replicas: 3 }, "kafka"),
    keyPath: `${KEY}.kafka.min_insync_replicas`,
    expected: /expected a whole number from 1 to 2, below the derived replication factor 3 .*found number 3$/,
  },
  {
    case: "a Redis cluster layout the engine cannot have",
    env: "prod" as const,
    content: () => withAipx("prod", { shards: 3, replicas_per_shard: 6 }, "cache"),
    keyPath: `${KEY}.cache.replicas_per_shard`,
    expected: /found number 6$/,
  },
  {
    case: "a budget amount that isn't a positive number",
    env: "dev" as const,
    content: () => withAipx("dev", { monthly_usd: -5 }, "budget"),
    keyPath: `${KEY}.budget.monthly_usd`,
    expected: /found number -5$/,
  },
  {
    case: "a budget amount written as text",
    env: "dev" as const,
    content: () => withAipx("dev", { monthly_usd: "lots" }, "budget"),
    keyPath: `${KEY}.budget.monthly_usd`,
    expected: /expected a number, found string "lots"$/,
  },
  {
    case: "serverless Kafka with a broker count",
    env: "dev" as const,
    content: () => withAipx("dev", { mode: "serverless" }, "kafka"),
    keyPath: `${KEY}.kafka.broker_count`,
    expected: /expected left out with mode "serverless" \(it has no brokers to size\), found number 2$/,
  },
  {
    case: "a retired Kafka version",
    env: "dev" as const,
    content: () => withAipx("dev", { version: "2.8.1" }, "kafka"),
    keyPath: `${KEY}.kafka.version`,
    expected: /found string "2\.8\.1"$/,
  },
  {
    case: "more client subnets than the network has zones",
    env: "dev" as const,
    content: () => withAipx("dev", { client_subnets: 3, broker_count: 3 }, "kafka"),
    keyPath: `${KEY}.kafka.client_subnets`,
    expected:
      /expected at most the 2 availability zones of network \(one client subnet per zone\), found number 3$/,
  },
  {
    case: "an OMS allowed fewer tasks than it must keep",
    env: "prod" as const,
    content: () => withAipx("prod", { min_capacity: 3, max_capacity: 2 }, "oms"),
    keyPath: `${KEY}.oms.max_capacity`,
    expected: /expected a maximum at least min_capacity \(3\), found number 2$/,
  },
  {
    case: "force_destroy of the data lake in prod",
    env: "prod" as const,
    content: () => withAipx("prod", { force_destroy: true }, "data_lake"),
    keyPath: `${KEY}.data_lake.force_destroy`,
    expected: /expected false in prod: destroy never deletes the data lake, found boolean true$/,
  },
])("rejects $case", async ({ env, content, keyPath, expected }) => {
  expect(await lineFor(env, content(), keyPath)).toMatch(expected);
});

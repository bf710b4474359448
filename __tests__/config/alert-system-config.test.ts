import { loadEnvironmentConfig } from "../../config/load";
import { TempConfigDirs } from "./fixtures/environment-file";
import { committedEnvironment } from "./fixtures/committed";
import { configErrorOf, lineAbout } from "./fixtures/expect-config-error";
import { HclObject, HclValue } from "./fixtures/hcl";

/**
 * The alert-system section of the committed environment files, broken one key at a time: each
 * mistake comes back as one line naming the file, the key path, what was expected and what was found.
 */
const dirs = new TempConfigDirs();
afterAll(() => dirs.cleanup());

type Env = "dev" | "prod";
const committed: Partial<Record<Env, HclObject>> = {};
beforeAll(async () => {
  for (const env of ["dev", "prod"] as const) committed[env] = await committedEnvironment(env);
});

const KEY = "systems.alert-system";

/** The committed file of `env` with `patch` merged into systems.alert-system (or one of its sections). */
function withAlert(env: Env, patch: Record<string, HclValue | undefined>, section?: string): HclObject {
  const base = committed[env]!;
  const systems = base.systems as HclObject;
  const alert = systems["alert-system"] as HclObject;
  const merged = section
    ? { ...alert, [section]: { ...((alert[section] ?? {}) as HclObject), ...patch } }
    : { ...alert, ...patch };
  return { ...base, systems: { ...systems, "alert-system": merged } };
}

async function lineFor(env: Env, content: HclObject, keyPath: string): Promise<string> {
  const file = dirs.write(content, `${env}.tfvars`);
  return lineAbout(await configErrorOf(loadEnvironmentConfig(file)), file, keyPath);
}

test("the committed files load: dev without a domain, prod with one and a replica", async () => {
  const dev = (await loadEnvironmentConfig(dirs.write(committed.dev!, "dev.tfvars"))).systems[
    "alert-system"
  ]!;
  expect(dev.domain).toBeUndefined();
  expect(dev.cache.mode).toBe("single");
  expect(dev.scheduler.group_name).toBeUndefined();
  const prod = (await loadEnvironmentConfig(dirs.write(committed.prod!, "prod.tfvars"))).systems[
    "alert-system"
  ]!;
  expect(prod.domain?.name).toMatch(/^api\./);
  expect(prod.cache).toMatchObject({ mode: "replicated", replicas: 1 });
  expect(prod.api.min_capacity).toBe(2);
  expect(prod.database).toMatchObject({
    instance_class: "db.t4g.micro",
    multi_az: true,
    deletion_protection: true,
  });
});

test.each([
  {
    case: "prod without a domain",
    env: "prod" as const,
    content: () => withAlert("prod", { domain: undefined }),
    keyPath: `${KEY}.domain`,
    expected:
      /expected a domain in prod: the API serves users over HTTPS only \(name and hosted_zone_id\), found nothing \(the key is missing\)$/,
  },
  {
    case: "an e-mail address that isn't one",
    env: "dev" as const,
    content: () => withAlert("dev", { emails: ["oncall@example.com", "oncall at example"] }, "alarms"),
    keyPath: `${KEY}.alarms.emails[1]`,
    expected: /expected an e-mail address, e\.g\. oncall@example\.com, found string "oncall at example"$/,
  },
  {
    case: "a schedule group of another system",
    env: "dev" as const,
    content: () => withAlert("dev", { group_name: "erp-mes-dev-alerts" }, "scheduler"),
    keyPath: `${KEY}.scheduler.group_name`,
    expected:
      /expected a schedule group of the Alert System's own, "alert-system-<name>".*, found string "erp-mes-dev-alerts"$/,
  },
  {
    case: "no cache replica in prod",
    env: "prod" as const,
    content: () => withAlert("prod", { mode: "single", replicas: undefined }, "cache"),
    keyPath: `${KEY}.cache.mode`,
    expected:
      /expected a cache with a replica in prod \("replicated" or "cluster"\): a replica in another AZ takes over when the primary fails, found string "single"$/,
  },
  {
    case: "automatic failover without a replica",
    env: "dev" as const,
    content: () => withAlert("dev", { automatic_failover: true }, "cache"),
    keyPath: `${KEY}.cache.automatic_failover`,
    expected:
      /expected a setting ElastiCache accepts: automaticFailover needs at least one replica to promote.*, found boolean true$/,
  },
  {
    case: "cluster mode with 0 shards",
    env: "dev" as const,
    content: () => withAlert("dev", { mode: "cluster", shards: 0 }, "cache"),
    keyPath: `${KEY}.cache.shards`,
    expected:
      /expected a whole number from 1 to 500 \(cluster mode needs at least one node group, and ElastiCache allows at most 500\), found number 0$/,
  },
  {
    case: "more than 5 replicas",
    env: "prod" as const,
    content: () => withAlert("prod", { replicas: 6 }, "cache"),
    keyPath: `${KEY}.cache.replicas`,
    expected: /expected a whole number from 1 to 5 \(ElastiCache's limit per node group.*, found number 6$/,
  },
  {
    case: "an engine version ElastiCache no longer runs",
    env: "dev" as const,
    content: () => withAlert("dev", { engine_version: "5.0" }, "cache"),
    keyPath: `${KEY}.cache.engine_version`,
    expected: /expected "6\.0", "6\.2", "6\.x", "7\.0" or "7\.1", found string "5\.0"$/,
  },
  {
    case: "a node type without transit encryption",
    env: "dev" as const,
    content: () => withAlert("dev", { node_type: "cache.t1.micro" }, "cache"),
    keyPath: `${KEY}.cache.node_type`,
    expected:
      /expected a cache node type "cache\.<family>\.<size>" of family t3, t4g.*, found string "cache\.t1\.micro"$/,
  },
  {
    case: "a hosted zone id that isn't one",
    env: "prod" as const,
    content: () => withAlert("prod", { hosted_zone_id: "example.com" }, "domain"),
    keyPath: `${KEY}.domain.hosted_zone_id`,
    expected:
      /expected a Route 53 hosted zone id: "Z" then uppercase letters and digits.*, found string "example\.com"$/,
  },
  {
    case: "a domain name with a trailing dot",
    env: "prod" as const,
    content: () => withAlert("prod", { name: "api.example.com." }, "domain"),
    keyPath: `${KEY}.domain.name`,
    expected:
      /expected a lowercase domain name of at least two labels.*, found string "api\.example\.com\."$/,
  },
  {
    case: "a domain name longer than ACM takes",
    env: "prod" as const,
    content: () => withAlert("prod", { name: `${"a".repeat(60)}.example.com` }, "domain"),
    keyPath: `${KEY}.domain.name`,
    expected: /expected a name of at most 64 characters \(ACM's limit for a certificate's name\)/,
  },
  {
    case: "a deploy branch with a wildcard",
    env: "dev" as const,
    content: () => withAlert("dev", { branch: "release/*" }, "ci"),
    keyPath: `${KEY}.ci.branch`,
    expected:
      /expected an exact branch name \(no spaces, control characters or any of ~ \^ : \? \* \[ .\), found string "release\/\*"$/,
  },
  {
    case: "a branch git would refuse",
    env: "dev" as const,
    content: () => withAlert("dev", { branch: "release..1" }, "ci"),
    keyPath: `${KEY}.ci.branch`,
    expected:
      /expected an exact branch name \(no "\.\.", "@\{" or empty path component\), found string "release\.\.1"$/,
  },
  {
    case: "an owner GitHub would refuse",
    env: "dev" as const,
    content: () => withAlert("dev", { repository: "-acme/alert-system" }, "ci"),
    keyPath: `${KEY}.ci.repository`,
    expected: /expected a GitHub repository "<owner>\/<repo>", found string "-acme\/alert-system"$/,
  },
  {
    case: "the same alarm address twice",
    env: "dev" as const,
    content: () => withAlert("dev", { emails: ["oncall@example.com", "OnCall@example.com"] }, "alarms"),
    keyPath: `${KEY}.alarms.emails`,
    expected: /expected each address once \(case does not make a new address\)/,
  },
  {
    case: "a repository without its owner",
    env: "dev" as const,
    content: () => withAlert("dev", { repository: "alert-system" }, "ci"),
    keyPath: `${KEY}.ci.repository`,
    expected: /expected a GitHub repository "<owner>\/<repo>", found string "alert-system"$/,
  },
  {
    case: "a prod ALB without deletion protection",
    env: "prod" as const,
    content: () => withAlert("prod", { deletion_protection: false }, "alb"),
    keyPath: `${KEY}.alb.deletion_protection`,
    expected: /expected true in prod \(a deploy or destroy must not delete the entry point\)/,
  },
])("rejects $case", async ({ env, content, keyPath, expected }) => {
  expect(await lineFor(env, content(), keyPath)).toMatch(expected);
});

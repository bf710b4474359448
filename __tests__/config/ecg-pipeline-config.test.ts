import { loadEnvironmentConfig } from "../../config/load";
import { TempConfigDirs } from "./fixtures/environment-file";
import { committedEnvironment } from "./fixtures/committed";
import { configErrorOf, lineAbout } from "./fixtures/expect-config-error";
import { HclObject, HclValue } from "./fixtures/hcl";

/**
 * The ecg-pipeline section of the committed environment files, broken one key at a time: each
 * mistake comes back as one line naming the file, the key path, what was expected and what was found.
 */
const dirs = new TempConfigDirs();
afterAll(() => dirs.cleanup());

type Env = "dev" | "prod";
const committed: Partial<Record<Env, HclObject>> = {};
beforeAll(async () => {
  for (const env of ["dev", "prod"] as const) committed[env] = await committedEnvironment(env);
});

const KEY = "systems.ecg-pipeline";

/** The committed file of `env` with `patch` merged at `section` ("cdn.waf") of systems.ecg-pipeline. */
function withEcg(env: Env, patch: Record<string, HclValue | undefined>, section = ""): HclObject {
  const base = committed[env]!;
  const systems = base.systems as HclObject;
  const mergeAt = (node: HclObject, keys: string[]): HclObject => {
    if (keys.length === 0) return { ...node, ...patch };
    const [key, ...rest] = keys;
    return { ...node, [key!]: mergeAt((node[key!] ?? {}) as HclObject, rest) };
  };
  const ecg = mergeAt(systems["ecg-pipeline"] as HclObject, section ? section.split(".") : []);
  return { ...base, systems: { ...systems, "ecg-pipeline": ecg } };
}

async function lineFor(env: Env, content: HclObject, keyPath: string): Promise<string> {
  const file = dirs.write(content, `${env}.tfvars`);
  return lineAbout(await configErrorOf(loadEnvironmentConfig(file)), file, keyPath);
}

test("the committed files load: dev on Spot in office hours, prod on demand behind a domain and WAF", async () => {
  const dev = (await loadEnvironmentConfig(dirs.write(committed.dev!, "dev.tfvars"))).systems[
    "ecg-pipeline"
  ]!;
  expect(dev.domain).toBeUndefined();
  expect(dev.model_server).toMatchObject({ instance_type: "g4dn.xlarge", spot: true });
  expect(dev.model_server.working_hours).toEqual({
    time_zone: "Asia/Seoul",
    start: "0 9 * * MON-FRI",
    stop: "0 19 * * MON-FRI",
  });
  const prod = (await loadEnvironmentConfig(dirs.write(committed.prod!, "prod.tfvars"))).systems[
    "ecg-pipeline"
  ]!;
  expect(prod.domain?.name).toBe("ecg.example.com");
  expect(prod.model_server.spot).toBe(false);
  expect(prod.model_server.working_hours).toBeUndefined();
  expect(prod.cdn.waf).toEqual({ enabled: true, rate_limit: 2000 });
  expect(prod.video_storage.force_destroy).toBe(false);
});

test("prod may run the model server on Spot or without WAF only with a written reason", async () => {
  const content = withEcg(
    "prod",
    {
      spot: true,
      prod_overrides: { spot: "batch analyses only; a retry after an interruption is fine" },
    },
    "model_server",
  );
  const withoutWaf = {
    ...content,
    systems: {
      ...(content.systems as HclObject),
      "ecg-pipeline": {
        ...((content.systems as HclObject)["ecg-pipeline"] as HclObject),
        cdn: {
          waf: { enabled: false },
          prod_overrides: { waf: "internal pilot behind the VPN, no public users" },
        },
      },
    },
  };
  const ecg = (await loadEnvironmentConfig(dirs.write(withoutWaf, "prod.tfvars"))).systems["ecg-pipeline"]!;
  expect(ecg.model_server.spot).toBe(true);
  expect(ecg.cdn.waf.enabled).toBe(false);
});

test.each([
  {
    case: "a model server type without a GPU",
    env: "dev" as const,
    content: () => withEcg("dev", { instance_type: "t3.large" }, "model_server"),
    keyPath: `${KEY}.model_server.instance_type`,
    expected: /expected a GPU instance type .* of family g4dn, .*g5, .*, found string "t3\.large"$/,
  },
  {
    case: "WAF off in prod without the override",
    env: "prod" as const,
    content: () => withEcg("prod", { enabled: false }, "cdn.waf"),
    keyPath: `${KEY}.cdn.waf.enabled`,
    expected:
      /expected true in prod \(the firewall in front of the site\), or cdn\.prod_overrides = \{ waf = "<why>" \}, found boolean false$/,
  },
  {
    case: "Spot in prod without the override",
    env: "prod" as const,
    content: () => withEcg("prod", { spot: true }, "model_server"),
    keyPath: `${KEY}.model_server.spot`,
    expected: /expected false in prod \(on-demand: AWS never takes the server back\)/,
  },
  {
    case: "a lifecycle transition after the expiry",
    env: "dev" as const,
    content: () =>
      withEcg(
        "dev",
        {
          lifecycle_rules: [
            {
              id: "old-videos",
              transitions: [{ days: 60, storage_class: "STANDARD_IA" }],
              expiration_days: 30,
            },
          ],
        },
        "video_storage",
      ),
    keyPath: `${KEY}.video_storage.lifecycle_rules[0].transitions[0].days`,
    expected: /expected .*expiration.*, found number 60$/,
  },
  {
    case: "the same lifecycle rule id twice",
    env: "dev" as const,
    content: () =>
      withEcg(
        "dev",
        {
          lifecycle_rules: [
            { id: "old", expiration_days: 30 },
            { id: "old", expiration_days: 60 },
          ],
        },
        "video_storage",
      ),
    keyPath: `${KEY}.video_storage.lifecycle_rules[1].id`,
    expected: /expected unique in the bucket \(lifecycleRules\[0\] has it\), found string "old"$/,
  },
  {
    case: "a rule keeping old versions longer than the bucket-wide rule lets them live",
    env: "dev" as const,
    content: () =>
      withEcg(
        "dev",
        { lifecycle_rules: [{ id: "old", noncurrent_version_expiration_days: 120 }] },
        "video_storage",
      ),
    keyPath: `${KEY}.video_storage.lifecycle_rules[0].noncurrent_version_expiration_days`,
    expected: /found number 120$/,
  },
  {
    case: "a CORS origin * in prod",
    env: "prod" as const,
    content: () => withEcg("prod", { cors_origins: ["https://ecg.example.com", "*"] }, "video_storage"),
    keyPath: `${KEY}.video_storage.cors_origins[1]`,
    expected: /expected named origins in prod, never "\*".*, found string "\*"$/,
  },
  {
    case: "a CORS origin with a path",
    env: "dev" as const,
    content: () => withEcg("dev", { cors_origins: ["https://app.example.com/upload"] }, "video_storage"),
    keyPath: `${KEY}.video_storage.cors_origins[0]`,
    expected: /found string "https:\/\/app\.example\.com\/upload"$/,
  },
  {
    case: "a CloudFront certificate outside us-east-1",
    env: "prod" as const,
    content: () =>
      withEcg(
        "prod",
        {
          certificate_arn:
            "arn:aws:acm:ap-northeast-2:333333333333:certificate/12345678-1234-1234-1234-123456789012",
        },
        "domain",
      ),
    keyPath: `${KEY}.domain.certificate_arn`,
    expected:
      /expected an ACM certificate in us-east-1 \(CloudFront reads certificates only there\), found string "arn:aws:acm:ap-northeast-2:/,
  },
  {
    case: "prod without a domain",
    env: "prod" as const,
    content: () => withEcg("prod", { domain: undefined }),
    keyPath: `${KEY}.domain`,
    expected: /expected a domain in prod: CloudFront reaches the API over HTTPS only with a certificate/,
  },
  {
    case: "force_destroy of the videos in prod",
    env: "prod" as const,
    content: () => withEcg("prod", { force_destroy: true }, "video_storage"),
    keyPath: `${KEY}.video_storage.force_destroy`,
    expected: /expected false in prod: destroy never deletes the videos, found boolean true$/,
  },
  {
    case: "a desired capacity above the maximum",
    env: "dev" as const,
    content: () => withEcg("dev", { min_size: 0, max_size: 1, desired_capacity: 2 }, "model_server"),
    keyPath: `${KEY}.model_server.desired_capacity`,
    expected: /expected from capacity\.min \(0\) to capacity\.max \(1\), found number 2$/,
  },
  {
    case: "a root volume smaller than the Deep Learning AMI",
    env: "dev" as const,
    content: () => withEcg("dev", { root_volume_gib: 50 }, "model_server"),
    keyPath: `${KEY}.model_server.root_volume_gib`,
    expected:
      /expected a whole number from 75 to 16384 \(the Deep Learning AMI's snapshot is 75 GiB\), found number 50$/,
  },
  {
    case: "working hours in a time zone that isn't one",
    env: "dev" as const,
    content: () => withEcg("dev", { time_zone: "Seoul" }, "model_server.working_hours"),
    keyPath: `${KEY}.model_server.working_hours.time_zone`,
    expected: /found string "Seoul"$/,
  },
  {
    case: "working hours with an EventBridge cron (6 fields)",
    env: "dev" as const,
    content: () => withEcg("dev", { start: "cron(0 0 ? * MON-FRI *)" }, "model_server.working_hours"),
    keyPath: `${KEY}.model_server.working_hours.start`,
    expected: /found string "cron\(0 0 \? \* MON-FRI \*\)"$/,
  },
])("rejects $case", async ({ env, content, keyPath, expected }) => {
  expect(await lineFor(env, content(), keyPath)).toMatch(expected);
});

import { configFileOf, loadEnvironmentConfig } from "../../config/load";
import { TempConfigDirs } from "./fixtures/environment-file";
import { configErrorOf, lineAbout } from "./fixtures/expect-config-error";
import { committedEnvironment } from "./fixtures/committed";
import { HclObject } from "./fixtures/hcl";

/**
 * Guard rails that config enforces across sections: prod keeps Multi-AZ databases and deletion-
 * protected load balancers unless an override says why, and no network that runs Fargate tasks is
 * left without egress.
 */
const dirs = new TempConfigDirs();
afterAll(() => dirs.cleanup());

type Env = "dev" | "prod";
const committed: Partial<Record<Env, HclObject>> = {};
beforeAll(async () => {
  for (const env of ["dev", "prod"] as const) committed[env] = await committedEnvironment(env);
});

/** The committed file of `env` with `patch` merged into the section at `path` (e.g. systems.fileflow.alb). */
function patched(env: Env, path: string[], patch: HclObject): HclObject {
  const merge = (node: HclObject, rest: string[]): HclObject => {
    if (rest.length === 0) return { ...node, ...patch };
    const [head, ...tail] = rest;
    return { ...node, [head!]: merge((node[head!] ?? {}) as HclObject, tail) };
  };
  return merge(committed[env]!, path);
}

const DATABASE = ["systems", "erp-mes", "database"];
const ALB = ["systems", "fileflow", "alb"];

describe("rejected", () => {
  test.each([
    {
      case: "a single-AZ database in prod without an override",
      env: "prod" as const,
      content: () => patched("prod", DATABASE, { multi_az: false }),
      keyPath: "systems.erp-mes.database.multi_az",
      expected:
        /expected true in prod \(a standby in another AZ\), or prod_overrides = \{ multi_az = "<why one AZ is acceptable>" \}, found boolean false$/,
    },
    {
      case: "a database override without a real reason",
      env: "prod" as const,
      content: () => patched("prod", DATABASE, { multi_az: false, prod_overrides: { multi_az: "ok" } }),
      keyPath: "systems.erp-mes.database.prod_overrides.multi_az",
      expected: /expected a reason of at least 10 characters, found string "ok"$/,
    },
    {
      case: "a prod ALB without deletion protection and no override",
      env: "prod" as const,
      content: () => patched("prod", ALB, { deletion_protection: false }),
      keyPath: "systems.fileflow.alb.deletion_protection",
      expected:
        /expected true in prod \(a deploy or destroy must not delete the entry point\), or prod_overrides = \{ deletion_protection = "<why>" \}, found boolean false$/,
    },
    {
      case: "no NAT in the shared network while systems run Fargate tasks in it",
      env: "dev" as const,
      content: () => patched("dev", ["network"], { nat_mode: "none" }),
      keyPath: "network.nat_mode",
      expected:
        /expected a NAT mode other than "none": fileflow, erp-mes, alert-system, ecg-pipeline, aipx run Fargate tasks in its private subnets, which need egress to pull images from ECR, read secrets and ship logs \(this VPC gets no interface endpoints\), found string "none"$/,
    },
    {
      case: "no NAT in a system's dedicated network",
      env: "dev" as const,
      content: () =>
        patched("dev", ["systems", "fileflow"], {
          network: {
            vpc_cidr: "10.11.0.0/16",
            availability_zones: ["ap-northeast-2a", "ap-northeast-2c"],
            nat_mode: "none",
          },
        }),
      keyPath: "systems.fileflow.network.nat_mode",
      expected: /expected a NAT mode other than "none": fileflow runs Fargate tasks in its private subnets/,
    },
  ])("$case", async ({ env, content, keyPath, expected }) => {
    const file = dirs.write(content(), `${env}.tfvars`);
    expect(lineAbout(await configErrorOf(loadEnvironmentConfig(file)), file, keyPath)).toMatch(expected);
  });
});

describe("accepted", () => {
  test("a prod override with its reason lifts exactly that guard rail", async () => {
    const reason = "read replica in another region covers the loss of this AZ";
    const file = dirs.write(
      patched("prod", DATABASE, { multi_az: false, prod_overrides: { multi_az: reason } }),
      "prod.tfvars",
    );
    const database = (await loadEnvironmentConfig(file)).systems["erp-mes"]!.database;
    expect(database.multi_az).toBe(false);
    expect(database.prod_overrides).toEqual({ multi_az: reason });
  });

  test("an ALB override in prod, and an unprotected ALB in dev without one", async () => {
    const prod = dirs.write(
      patched("prod", ALB, {
        deletion_protection: false,
        prod_overrides: { deletion_protection: "blue/green cut-over replaces this ALB" },
      }),
      "prod.tfvars",
    );
    expect((await loadEnvironmentConfig(prod)).systems.fileflow!.alb.deletion_protection).toBe(false);
    const dev = await loadEnvironmentConfig(configFileOf("dev"));
    expect(dev.systems.fileflow!.alb.deletion_protection).toBe(false);
  });

  test('nat_mode = "none" when nothing runs in the network', async () => {
    const file = dirs.write(
      patched("dev", [], {
        network: { ...(committed.dev!.network as HclObject), nat_mode: "none" },
        systems: {},
      }),
    );
    expect((await loadEnvironmentConfig(file)).network.nat_mode).toBe("none");
  });

  test("dev keeps single-AZ databases without an override", async () => {
    const dev = await loadEnvironmentConfig(configFileOf("dev"));
    expect(dev.systems["erp-mes"]!.database.multi_az).toBe(false);
    expect(dev.systems["erp-mes"]!.database.prod_overrides).toBeUndefined();
  });
});

import { parse } from "@cdktf/hcl2json";
import { readFileSync } from "node:fs";
import { configFileOf, loadEnvironmentConfig } from "../../config/load";
import { TempConfigDirs } from "./fixtures/environment-file";
import { configErrorOf, lineAbout } from "./fixtures/expect-config-error";
import { HclObject } from "./fixtures/hcl";

/**
 * FileFlow's section of an environment file, wrong in each way an operator could get it wrong. Every
 * case starts from the committed config/dev.tfvars and changes one key, so a rejection can only come
 * from that key, and the message must name the file and the full key path.
 */
const dirs = new TempConfigDirs();
afterAll(() => dirs.cleanup());

let devFile: HclObject;

beforeAll(async () => {
  const file = configFileOf("dev");
  devFile = (await parse(file, readFileSync(file, "utf8"))) as HclObject;
});

type Section = "alb" | "web_api" | "download_scheduler" | "pipeline_scheduler";

/** dev.tfvars with `patch` merged into one FileFlow section (undefined removes a key). */
function devWith(section: Section, patch: HclObject): HclObject {
  const systems = devFile.systems as HclObject;
  const fileflow = systems.fileflow as HclObject;
  return {
    ...devFile,
    systems: {
      ...systems,
      fileflow: { ...fileflow, [section]: { ...(fileflow[section] as HclObject), ...patch } },
    },
  };
}

async function lineFor(section: Section, patch: HclObject, keyPath: string): Promise<string> {
  const file = dirs.write(devWith(section, patch), "dev.tfvars");
  const error = await configErrorOf(loadEnvironmentConfig(file));
  return lineAbout(error, file, keyPath);
}

async function loads(section: Section, patch: HclObject) {
  return loadEnvironmentConfig(dirs.write(devWith(section, patch), "dev.tfvars"));
}

const KEY = "systems.fileflow";

test("control: dev.tfvars rewritten unchanged loads, so every rejection below comes from the one changed key", async () => {
  const config = await loads("web_api", {});
  expect(config.systems.fileflow!.download_scheduler.fargate_spot).toBe(true);
  expect(config.systems.fileflow!.download_scheduler.metrics_allowed_cidrs).toEqual([]);
  expect(config.systems.fileflow!.web_api).toMatchObject({
    cpu: 512,
    memory: 1024,
    min_capacity: 1,
    max_capacity: 2,
  });
});

describe("a singleton scheduler", () => {
  test("with desired_count = 2 is rejected: one task only", async () => {
    const line = await lineFor(
      "download_scheduler",
      { desired_count: 2 },
      `${KEY}.download_scheduler.desired_count`,
    );
    expect(line).toMatch(/expected 1 or nothing: a singleton runs exactly one task .*, found number 2$/);
  });

  test("with desired_count = 1 is accepted (it says what the mode does anyway)", async () => {
    await expect(loads("download_scheduler", { desired_count: 1 })).resolves.toBeDefined();
  });

  test.each(["min_capacity", "max_capacity"])(
    "with %s is rejected: a singleton never scales",
    async (key) => {
      const line = await lineFor("pipeline_scheduler", { [key]: 2 }, `${KEY}.pipeline_scheduler.${key}`);
      expect(line).toMatch(
        /expected no autoscaling settings: a singleton never scales \(remove the key\), found number 2$/,
      );
    },
  );

  test("with an autoscaling block is rejected", async () => {
    const line = await lineFor(
      "download_scheduler",
      { autoscaling: { cpu_target_percent: 70 } },
      `${KEY}.download_scheduler.autoscaling`,
    );
    expect(line).toMatch(
      /expected no autoscaling settings: .*, found an object \{"cpu_target_percent":70\}$/,
    );
  });

  test.each([
    ["load_balancer", { enabled: true }],
    ["health_check", { path: "/actuator/health" }],
  ] as const)("with %s is rejected: no traffic through a load balancer", async (key, value) => {
    const line = await lineFor("pipeline_scheduler", { [key]: value }, `${KEY}.pipeline_scheduler.${key}`);
    expect(line).toMatch(
      /expected no load balancer settings: a singleton takes no traffic through a load balancer \(remove the key\), found an object/,
    );
  });

  test("with a metrics CIDR that has host bits set is rejected, naming the list entry", async () => {
    const line = await lineFor(
      "download_scheduler",
      { metrics_allowed_cidrs: ["10.50.0.0/16", "10.60.0.1/16"] },
      `${KEY}.download_scheduler.metrics_allowed_cidrs[1]`,
    );
    expect(line).toMatch(/expected an IPv4 CIDR with no host bits set.*, found string "10\.60\.0\.1\/16"$/);
  });

  test("with a metrics CIDR that is not a CIDR at all is rejected", async () => {
    const line = await lineFor(
      "pipeline_scheduler",
      { metrics_allowed_cidrs: ["prometheus.internal"] },
      `${KEY}.pipeline_scheduler.metrics_allowed_cidrs[0]`,
    );
    expect(line).toMatch(/found string "prometheus\.internal"$/);
  });

  test("with 0.0.0.0/0 as a metrics CIDR is rejected: the actuator is for known scrapers", async () => {
    const line = await lineFor(
      "download_scheduler",
      { metrics_allowed_cidrs: ["0.0.0.0/0"] },
      `${KEY}.download_scheduler.metrics_allowed_cidrs[0]`,
    );
    expect(line).toMatch(/expected a CIDR narrower than "0\.0\.0\.0\/0".*, found string "0\.0\.0\.0\/0"$/);
  });

  test("with a valid metrics CIDR loads", async () => {
    const config = await loads("download_scheduler", { metrics_allowed_cidrs: ["10.50.0.0/16"] });
    expect(config.systems.fileflow!.download_scheduler.metrics_allowed_cidrs).toEqual(["10.50.0.0/16"]);
  });
});

describe("the web API", () => {
  test("with cpu 256 and memory 4096 is rejected at memory, listing 512, 1024, 2048", async () => {
    const line = await lineFor("web_api", { cpu: 256, memory: 4096 }, `${KEY}.web_api.memory`);
    expect(line).toMatch(
      /expected one of 512, 1024, 2048 \(the MiB Fargate allows with cpu 256\), found number 4096$/,
    );
  });

  test("with a CPU value Fargate lacks is rejected at cpu, listing the CPU values", async () => {
    const line = await lineFor("web_api", { cpu: 300 }, `${KEY}.web_api.cpu`);
    expect(line).toMatch(/expected one of 256, 512, 1024, 2048, 4096, 8192, 16384, found number 300$/);
  });

  test("a scheduler's size is checked the same way", async () => {
    const line = await lineFor(
      "pipeline_scheduler",
      { cpu: 1024, memory: 1024 },
      `${KEY}.pipeline_scheduler.memory`,
    );
    expect(line).toMatch(
      /expected one of 2048, 3072, 4096, 5120, 6144, 7168, 8192 \(the MiB Fargate allows with cpu 1024\), found number 1024$/,
    );
  });

  test("with max_capacity below min_capacity is rejected at max_capacity", async () => {
    const line = await lineFor(
      "web_api",
      { min_capacity: 3, max_capacity: 2 },
      `${KEY}.web_api.max_capacity`,
    );
    expect(line).toMatch(/expected a maximum at least min_capacity \(3\), found number 2$/);
  });

  test("with min_capacity 0 is rejected", async () => {
    const line = await lineFor("web_api", { min_capacity: 0 }, `${KEY}.web_api.min_capacity`);
    expect(line).toMatch(/expected at least 1 task, found number 0$/);
  });

  test("with a secret value that is not an ARN is rejected, naming the variable", async () => {
    const line = await lineFor(
      "web_api",
      { secrets: { DB_PASSWORD: "hunter2" } },
      `${KEY}.web_api.secrets.DB_PASSWORD`,
    );
    expect(line).toMatch(
      /expected an SSM parameter ARN or a Secrets Manager secret ARN \(secrets are referenced, never written here\), found a value \(not shown: it sits under secrets\)$/,
    );
    expect(line).not.toContain("hunter2");
  });

  test("with SSM and Secrets Manager ARNs as secrets loads", async () => {
    const secrets = {
      DB_PASSWORD: "arn:aws:secretsmanager:ap-northeast-2:111111111111:secret:fileflow/db-AbCdEf:password::",
      API_KEY: "arn:aws:ssm:ap-northeast-2:111111111111:parameter/fileflow/api-key",
    };
    const config = await loads("web_api", { secrets });
    expect(config.systems.fileflow!.web_api.secrets).toEqual(secrets);
  });
});

describe("the ALB", () => {
  test("without certificate_arn and without allow_plain_http is rejected at certificate_arn", async () => {
    const line = await lineFor("alb", { allow_plain_http: undefined }, `${KEY}.alb.certificate_arn`);
    expect(line).toMatch(
      /expected an ACM certificate ARN for HTTPS \(or allow_plain_http = true, meant for dev only\), found nothing/,
    );
  });

  test("with allow_plain_http = false and no certificate is rejected the same way", async () => {
    const line = await lineFor("alb", { allow_plain_http: false }, `${KEY}.alb.certificate_arn`);
    expect(line).toContain("allow_plain_http = true, meant for dev only");
  });

  test("with both a certificate and allow_plain_http is rejected at allow_plain_http (HTTP only redirects)", async () => {
    const line = await lineFor(
      "alb",
      {
        certificate_arn:
          "arn:aws:acm:ap-northeast-2:111111111111:certificate/00000000-0000-4000-8000-000000000000",
      },
      `${KEY}.alb.allow_plain_http`,
    );
    expect(line).toMatch(
      /expected allow_plain_http left out when certificate_arn is set .*, found boolean true$/,
    );
  });

  test("with a certificate ARN that is not ACM's is rejected", async () => {
    const line = await lineFor(
      "alb",
      { allow_plain_http: undefined, certificate_arn: "arn:aws:iam::111111111111:server-certificate/x" },
      `${KEY}.alb.certificate_arn`,
    );
    expect(line).toMatch(/expected an ACM certificate ARN, found string/);
  });

  test("internal without ingress_cidrs is rejected: it gets no internet default", async () => {
    const line = await lineFor("alb", { internal: true }, `${KEY}.alb.ingress_cidrs`);
    expect(line).toMatch(/expected the CIDRs that may reach an internal ALB .*, found nothing/);
    const config = await loads("alb", { internal: true, ingress_cidrs: ["10.10.0.0/16"] });
    expect(config.systems.fileflow!.alb.ingress_cidrs).toEqual(["10.10.0.0/16"]);
  });
});

test("every problem of the section is reported at once", async () => {
  const file = dirs.write(
    devWith("download_scheduler", { desired_count: 3, cpu: 256, memory: 4096, min_capacity: 1 }),
    "dev.tfvars",
  );
  const error = await configErrorOf(loadEnvironmentConfig(file));
  for (const key of ["desired_count", "memory", "min_capacity"]) {
    expect(lineAbout(error, file, `${KEY}.download_scheduler.${key}`)).toContain(", found ");
  }
});

import { loadEnvironmentConfig } from "../../config/load";
import { Alb } from "../../modules/alb/alb";
import { CERTIFICATE_ARN_EXPECTED } from "../../modules/alb/certificate-arn";
import { EcrRepository, IMAGE_TAG_EXPECTED } from "../../modules/ecr/ecr-repository";
import { secretArnsByService } from "../../modules/ecs/container";
import { fargateSizeProblem } from "../../modules/ecs/fargate-sizes";
import { SECRET_ARN_EXPECTED } from "../../modules/ecs/secret-arn";
import { LogGroup } from "../../modules/logs/log-group";
import { LOG_RETENTION_DAYS } from "../../modules/logs/retention";
import { PostgresDatabase } from "../../modules/rds/postgres-database";
import { ALLOCATED_STORAGE_EXPECTED, maxAllocatedStorageProblem } from "../../modules/rds/storage-limits";
import { AZ_COUNT_EXPECTED, VPC_CIDR_EXPECTED } from "../../modules/vpc/network-rules";
import { Vpc } from "../../modules/vpc/vpc";
import { synthScope } from "../harness/synth-scope";
import { TempConfigDirs } from "./fixtures/environment-file";
import { configErrorOf, lineAbout } from "./fixtures/expect-config-error";
import { committedEnvironment } from "./fixtures/committed";
import { HclObject } from "./fixtures/hcl";

/**
 * Each domain rule (an AWS limit, a valid size, an ARN shape) has one definition, in the module that
 * owns the resource. The config schema words its message from that definition: a bad value reads the
 * same "what it must be" whether it arrives through config/<env>.tfvars or through a module's props.
 */
const dirs = new TempConfigDirs();
afterAll(() => dirs.cleanup());

let dev: HclObject;
beforeAll(async () => {
  dev = await committedEnvironment("dev");
});

/** dev.tfvars with `patch` merged into systems.fileflow.<section>. */
function fileflowWith(section: string, patch: HclObject): HclObject {
  const systems = dev.systems as Record<string, HclObject>;
  const fileflow = systems.fileflow!;
  return {
    ...dev,
    systems: {
      ...systems,
      fileflow: { ...fileflow, [section]: { ...(fileflow[section] as HclObject), ...patch } },
    },
  };
}

async function configLine(content: HclObject, keyPath: string): Promise<string> {
  const file = dirs.write(content);
  return lineAbout(await configErrorOf(loadEnvironmentConfig(file)), file, keyPath);
}

function moduleError(build: () => void): string {
  try {
    build();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the module accepted the value");
}

test("Fargate size: the cpu Fargate lacks", async () => {
  const expected = fargateSizeProblem(300, 1024)!.expected;
  expect(expected).toBe("one of 256, 512, 1024, 2048, 4096, 8192, 16384");
  const line = await configLine(fileflowWith("web_api", { cpu: 300 }), "systems.fileflow.web_api.cpu");
  expect(line).toContain(`: expected ${expected}, found number 300`);
  // Said once: the config line does not repeat the module's "cpu must be ..., got 300".
  expect(line).not.toContain("got 300");
});

test("Fargate size: a memory the cpu does not allow", async () => {
  const expected = fargateSizeProblem(256, 4096)!.expected;
  const line = await configLine(
    fileflowWith("web_api", { cpu: 256, memory: 4096 }),
    "systems.fileflow.web_api.memory",
  );
  expect(line).toContain(`: expected ${expected}, found number 4096`);
});

test("ACM certificate ARN", async () => {
  const bad = "arn:aws:iam::111111111111:server-certificate/x";
  const line = await configLine(
    fileflowWith("alb", { certificate_arn: bad }),
    "systems.fileflow.alb.certificate_arn",
  );
  expect(line).toContain(`expected ${CERTIFICATE_ARN_EXPECTED}, found`);
  const error = moduleError(() =>
    synthScope(
      (scope) =>
        new Alb(scope, "alb", {
          name: "web",
          vpcId: "vpc-1",
          subnetIds: ["subnet-a", "subnet-b"],
          certificateArn: bad,
        }),
    ),
  );
  expect(error).toContain(`certificateArn must be ${CERTIFICATE_ARN_EXPECTED}, got "${bad}"`);
});

test("secret reference: never echoed, in config or module", async () => {
  const line = await configLine(
    fileflowWith("web_api", { secrets: { DB_PASSWORD: "hunter2" } }),
    "systems.fileflow.web_api.secrets.DB_PASSWORD",
  );
  expect(line).toContain(`expected ${SECRET_ARN_EXPECTED} (`);
  expect(line).not.toContain("hunter2");
  const error = moduleError(() => secretArnsByService({ DB_PASSWORD: "hunter2" }));
  expect(error).toContain(`secret DB_PASSWORD must be ${SECRET_ARN_EXPECTED}`);
  expect(error).not.toContain("hunter2");
});

test("image tag", async () => {
  const line = await configLine(
    fileflowWith("web_api", { image_tag: ".hidden" }),
    "systems.fileflow.web_api.image_tag",
  );
  expect(line).toContain(`expected ${IMAGE_TAG_EXPECTED}, e.g. "web-api-1.4.2", found string ".hidden"`);
  const error = moduleError(() =>
    synthScope((scope) => new EcrRepository(scope, "repo", { name: "fileflow" }).imageUri(".hidden")),
  );
  expect(error).toContain(`image tag must be ${IMAGE_TAG_EXPECTED}, got ".hidden"`);
});

test("log retention", async () => {
  const periods = LOG_RETENTION_DAYS.join(", ");
  const line = await configLine({ ...dev, log_retention_days: 45 }, "log_retention_days");
  expect(line).toContain(
    `expected one of the CloudWatch Logs retention periods (${periods}), found number 45`,
  );
  const error = moduleError(() =>
    synthScope((scope) => new LogGroup(scope, "logs", { name: "/app", retentionDays: 45 })),
  );
  expect(error).toContain(`retentionDays must be one of ${periods}, got 45`);
});

test("gp3 storage: the allocation and the autoscaling ceiling", async () => {
  const erpMes = (patch: HclObject) => {
    const systems = dev.systems as Record<string, HclObject>;
    const section = systems["erp-mes"]!;
    return {
      ...dev,
      systems: {
        ...systems,
        "erp-mes": { ...section, database: { ...(section.database as HclObject), ...patch } },
      },
    };
  };
  const small = await configLine(
    erpMes({ allocated_storage_gb: 10 }),
    "systems.erp-mes.database.allocated_storage_gb",
  );
  expect(small).toContain(`expected ${ALLOCATED_STORAGE_EXPECTED}, found number 10`);
  const ceiling = maxAllocatedStorageProblem(100, 105)!;
  const tight = await configLine(
    erpMes({ allocated_storage_gb: 100, max_allocated_storage_gb: 105 }),
    "systems.erp-mes.database.max_allocated_storage_gb",
  );
  expect(tight).toContain(`expected ${ceiling}, found number 105`);

  const build = (allocatedStorageGb: number, maxAllocatedStorageGb = 100) =>
    moduleError(() =>
      synthScope(
        (scope) =>
          new PostgresDatabase(scope, "db", {
            identifier: "db",
            databaseName: "app",
            vpcId: "vpc-1",
            subnetIds: ["subnet-a", "subnet-b"],
            allocatedStorageGb,
            maxAllocatedStorageGb,
          }),
      ),
    );
  expect(build(10)).toContain(`allocatedStorageGb must be ${ALLOCATED_STORAGE_EXPECTED}, got 10`);
  expect(build(100, 105)).toContain(`maxAllocatedStorageGb must be ${ceiling}, got 105`);
});

test("VPC: the CIDR range and the number of availability zones", async () => {
  const network = dev.network as HclObject;
  const wide = await configLine(
    { ...dev, network: { ...network, vpc_cidr: "10.0.0.0/12" } },
    "network.vpc_cidr",
  );
  expect(wide).toContain(`expected ${VPC_CIDR_EXPECTED}, found string "10.0.0.0/12"`);
  const oneAz = await configLine(
    { ...dev, network: { ...network, availability_zones: ["ap-northeast-2a"] } },
    "network.availability_zones",
  );
  expect(oneAz).toContain(`expected ${AZ_COUNT_EXPECTED}, found`);

  const vpc = (cidr: string, availabilityZones: string[]) =>
    moduleError(() => synthScope((scope) => new Vpc(scope, "vpc", { name: "v", cidr, availabilityZones })));
  expect(vpc("10.0.0.0/12", ["a", "b"])).toContain(`cidr must be ${VPC_CIDR_EXPECTED}, got "10.0.0.0/12"`);
  expect(vpc("10.0.0.0/16", ["a"])).toContain(`availabilityZones must list ${AZ_COUNT_EXPECTED}, got 1`);
});

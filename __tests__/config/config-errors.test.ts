import * as path from "node:path";
import { loadEnvironmentConfig } from "../../config/load";
import { TempConfigDirs, minimalEnvironment, withSection } from "./fixtures/environment-file";
import { configErrorOf, lineAbout } from "./fixtures/expect-config-error";
import { toHcl } from "./fixtures/hcl";

/**
 * Every way an environment file can be wrong must come back as one ConfigError line naming the file,
 * the key and what was expected instead of what was found: that line is all an operator sees.
 */
const dirs = new TempConfigDirs();
afterAll(() => dirs.cleanup());

const dev = minimalEnvironment("dev");

async function errorFor(content: Parameters<TempConfigDirs["write"]>[0], name = "dev.tfvars") {
  const file = dirs.write(content, name);
  return { file, error: await configErrorOf(loadEnvironmentConfig(file)) };
}

describe("loadEnvironmentConfig rejects", () => {
  test("an unknown key, suggesting the key it resembles", async () => {
    const network = dev.network as Record<string, unknown>;
    const { file, error } = await errorFor({
      ...dev,
      network: { availability_zones: network.availability_zones as string[], vpc_cdir: "10.10.0.0/16" },
    });
    const line = lineAbout(error, file, "network.vpc_cdir");
    expect(line).toMatch(/expected one of the known keys \(.*vpc_cidr.*\); did you mean "vpc_cidr"\?/);
    expect(line).toMatch(/found unknown key "vpc_cdir"$/);
  });

  test("a string where a number is expected", async () => {
    const { file, error } = await errorFor(withSection(dev, "network", { flow_log_retention_days: "30" }));
    expect(lineAbout(error, file, "network.flow_log_retention_days")).toMatch(
      /expected a number, found string "30"$/,
    );
  });

  test("an account id written as a number", async () => {
    // HCL drops leading zeros of a number, so the id must be a quoted string.
    const { file, error } = await errorFor({ ...dev, aws_account_id: 111111111111 });
    expect(lineAbout(error, file, "aws_account_id")).toMatch(/expected a string, found number 111111111111$/);
  });

  test("an account id that is not 12 digits", async () => {
    const { file, error } = await errorFor({ ...dev, aws_account_id: "12345" });
    expect(lineAbout(error, file, "aws_account_id")).toMatch(
      /expected a 12-digit AWS account id.*, found string "12345"$/,
    );
  });

  test("a missing required key", async () => {
    const { file, error } = await errorFor({ ...dev, project: undefined });
    expect(lineAbout(error, file, "project")).toMatch(
      /expected required key of type string, found nothing \(the key is missing\)$/,
    );
  });

  test("a VPC CIDR with host bits set", async () => {
    const { file, error } = await errorFor(withSection(dev, "network", { vpc_cidr: "10.10.0.1/16" }));
    expect(lineAbout(error, file, "network.vpc_cidr")).toMatch(
      /expected an IPv4 CIDR with no host bits set.*, found string "10.10.0.1\/16"$/,
    );
  });

  test("explicit subnets outside the VPC", async () => {
    const { file, error } = await errorFor(
      withSection(dev, "network", {
        subnets: {
          public: ["10.10.0.0/20", "10.99.16.0/20"],
          private: ["10.10.64.0/20", "10.10.80.0/20"],
          isolated: ["10.10.128.0/20", "10.10.144.0/20"],
        },
      }),
    );
    expect(lineAbout(error, file, "network.subnets.public[1]")).toMatch(
      /expected a subnet inside the VPC CIDR 10\.10\.0\.0\/16, found string "10\.99\.16\.0\/20"$/,
    );
  });

  test("overlapping subnets", async () => {
    const { file, error } = await errorFor(
      withSection(dev, "network", {
        subnets: {
          public: ["10.10.0.0/20", "10.10.16.0/20"],
          // Inside the first public /20.
          private: ["10.10.8.0/24", "10.10.80.0/20"],
          isolated: ["10.10.128.0/20", "10.10.144.0/20"],
        },
      }),
    );
    expect(lineAbout(error, file, "network.subnets.private[0]")).toMatch(
      /expected a subnet that does not overlap subnets\.public\[0\] \(10\.10\.0\.0\/20\), found string "10\.10\.8\.0\/24"$/,
    );
  });

  test("one subnet list shorter than the AZ list", async () => {
    const { file, error } = await errorFor(
      withSection(dev, "network", {
        subnets: {
          public: ["10.10.0.0/20"],
          private: ["10.10.64.0/20", "10.10.80.0/20"],
          isolated: ["10.10.128.0/20", "10.10.144.0/20"],
        },
      }),
    );
    expect(lineAbout(error, file, "network.subnets.public")).toMatch(
      /expected one subnet per availability zone \(2\)/,
    );
  });

  test("an availability zone of another region", async () => {
    const { file, error } = await errorFor(
      withSection(dev, "network", { availability_zones: ["ap-northeast-2a", "us-east-1a"] }),
    );
    expect(lineAbout(error, file, "network.availability_zones[1]")).toMatch(
      /expected an availability zone of aws_region "ap-northeast-2".*, found string "us-east-1a"$/,
    );
  });

  test("fewer than two availability zones", async () => {
    const { file, error } = await errorFor(
      withSection(dev, "network", { availability_zones: ["ap-northeast-2a"] }),
    );
    expect(lineAbout(error, file, "network.availability_zones")).toMatch(
      /expected 2 to 3 availability zones \(one AZ is a single point of failure\), found a list \["ap-northeast-2a"\]$/,
    );
  });

  test("an unknown system name under systems", async () => {
    const { file, error } = await errorFor({ ...dev, systems: { "no-such-system": {} } });
    expect(lineAbout(error, file, "systems.no-such-system")).toMatch(/found unknown key "no-such-system"$/);
  });

  test("an environment key that does not match the file name", async () => {
    const { file, error } = await errorFor({ ...dev, environment: "staging" });
    expect(lineAbout(error, file, "environment")).toMatch(
      /expected "dev" \(the file's name\), found "staging"$/,
    );
  });

  test("both state lockings turned off", async () => {
    const { file, error } = await errorFor(
      withSection(dev, "state_backend", { dynamodb_locking: false, s3_native_locking: false }),
    );
    expect(lineAbout(error, file, "state_backend.dynamodb_locking")).toMatch(
      /expected state locking on: dynamodb_locking or s3_native_locking/,
    );
  });

  test("a file that does not exist", async () => {
    const file = path.join(dirs.newDir(), "dev.tfvars");
    const error = await configErrorOf(loadEnvironmentConfig(file));
    expect(lineAbout(error, file, "")).toMatch(/expected a readable HCL environment file, found ENOENT/);
  });

  test("a file that is not valid HCL, naming the line", async () => {
    // Line 3 opens a string that never closes.
    const text = `${toHcl(dev)}\n`.replace(/^aws_region = .*$/m, 'aws_region = "ap-northeast-2');
    expect(text.split("\n")[2]).toBe('aws_region = "ap-northeast-2');
    const { file, error } = await errorFor(text);
    expect(lineAbout(error, file, "")).toMatch(
      /expected valid HCL, found a syntax error at line 3, column \d+: /,
    );
  });

  test("every problem of a file at once, not only the first", async () => {
    const { file, error } = await errorFor({ ...dev, aws_account_id: "1", project: undefined });
    expect(error.problems.map((p) => p.keyPath).sort()).toEqual(["aws_account_id", "project"]);
    lineAbout(error, file, "aws_account_id");
    lineAbout(error, file, "project");
  });
});

import { loadEnvironmentConfig } from "../../config/load";
import { TempConfigDirs } from "./fixtures/environment-file";
import { configErrorOf, lineAbout } from "./fixtures/expect-config-error";
import { committedEnvironment } from "./fixtures/committed";
import { HclObject } from "./fixtures/hcl";

/**
 * A system may ask for a VPC of its own (`systems.<name>.network`, the same keys as the shared
 * `network`). Its CIDR must not overlap the shared VPC's or another dedicated one, and its block is
 * checked by the same rules as the shared network, reported at the system's key.
 */
const dirs = new TempConfigDirs();
afterAll(() => dirs.cleanup());

let dev: HclObject;
beforeAll(async () => {
  dev = await committedEnvironment("dev");
});

const AZS = ["ap-northeast-2a", "ap-northeast-2c"];

/** The committed dev file with a `network` block on each named system. */
function withDedicated(networks: Partial<Record<string, HclObject>>): HclObject {
  const systems = dev.systems as Record<string, HclObject>;
  const patched = Object.fromEntries(
    Object.entries(systems).map(([name, system]) => [
      name,
      networks[name] ? { ...system, network: networks[name] } : system,
    ]),
  );
  return { ...dev, systems: patched };
}

async function errorFor(content: HclObject) {
  const file = dirs.write(content, "dev.tfvars");
  return { file, error: await configErrorOf(loadEnvironmentConfig(file)) };
}

test("a dedicated network that overlaps nothing is accepted and kept apart from the shared one", async () => {
  const file = dirs.write(
    withDedicated({ "erp-mes": { vpc_cidr: "10.11.0.0/16", availability_zones: AZS, nat_mode: "single" } }),
  );
  const config = await loadEnvironmentConfig(file);
  expect(config.systems["erp-mes"]!.network).toEqual(
    expect.objectContaining({ vpc_cidr: "10.11.0.0/16", nat_mode: "single", flow_log_retention_days: 90 }),
  );
  expect(config.systems.fileflow!.network).toBeUndefined();
  expect(config.network.vpc_cidr).toBe("10.10.0.0/16");
});

test.each([
  {
    case: "inside the shared VPC",
    networks: { fileflow: { vpc_cidr: "10.10.128.0/20", availability_zones: AZS } },
    keyPath: "systems.fileflow.network.vpc_cidr",
    expected:
      /expected a VPC CIDR that does not overlap network\.vpc_cidr \(10\.10\.0\.0\/16\), found string "10\.10\.128\.0\/20"$/,
  },
  {
    case: "equal to the shared VPC's",
    networks: { "erp-mes": { vpc_cidr: "10.10.0.0/16", availability_zones: AZS } },
    keyPath: "systems.erp-mes.network.vpc_cidr",
    expected:
      /expected a VPC CIDR that does not overlap network\.vpc_cidr \(10\.10\.0\.0\/16\), found string "10\.10\.0\.0\/16"$/,
  },
  {
    case: "overlapping another system's dedicated VPC",
    networks: {
      fileflow: { vpc_cidr: "10.20.0.0/16", availability_zones: AZS },
      "erp-mes": { vpc_cidr: "10.20.64.0/18", availability_zones: AZS },
    },
    keyPath: "systems.erp-mes.network.vpc_cidr",
    expected:
      /expected a VPC CIDR that does not overlap systems\.fileflow\.network\.vpc_cidr \(10\.20\.0\.0\/16\), found string "10\.20\.64\.0\/18"$/,
  },
])("a dedicated CIDR $case is rejected, naming both CIDRs", async ({ networks, keyPath, expected }) => {
  const { file, error } = await errorFor(withDedicated(networks));
  expect(lineAbout(error, file, keyPath)).toMatch(expected);
});

test.each([
  {
    case: "an availability zone of another region",
    network: { vpc_cidr: "10.11.0.0/16", availability_zones: ["ap-northeast-2a", "us-east-1b"] },
    keyPath: "systems.fileflow.network.availability_zones[1]",
    expected: /expected an availability zone of aws_region "ap-northeast-2".*, found string "us-east-1b"$/,
  },
  {
    case: "a VPC larger than /16",
    network: { vpc_cidr: "10.0.0.0/8", availability_zones: AZS },
    keyPath: "systems.fileflow.network.vpc_cidr",
    expected:
      /expected an IPv4 CIDR from \/16 to \/24 with no host bits set, e\.g\. "10\.0\.0\.0\/16", found string "10\.0\.0\.0\/8"$/,
  },
  {
    case: "an unknown key",
    network: { vpc_cidr: "10.11.0.0/16", availability_zones: AZS, nat: "single" },
    keyPath: "systems.fileflow.network.nat",
    expected: /expected one of the known keys \(.*nat_mode.*\).*found unknown key "nat"$/,
  },
])(
  "a dedicated network block with $case is checked like the shared one",
  async ({ network, keyPath, expected }) => {
    const { file, error } = await errorFor(withDedicated({ fileflow: network }));
    expect(lineAbout(error, file, keyPath)).toMatch(expected);
  },
);

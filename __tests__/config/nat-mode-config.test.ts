import { z } from "zod";
import { loadEnvironmentConfig } from "../../config/load";
import { EnvironmentName } from "../../config/schema/environment";
import { checkNatModeForEnvironment, networkSchema } from "../../config/schema/network";
import { TempConfigDirs, minimalEnvironment, withSection } from "./fixtures/environment-file";
import { configErrorOf, lineAbout } from "./fixtures/expect-config-error";
import { HclObject } from "./fixtures/hcl";

/**
 * nat_mode = "instance" and its keys: accepted where a single NAT instance is an acceptable risk,
 * rejected in prod unless acknowledged, and every wrong value named by file and key.
 */
const dirs = new TempConfigDirs();
afterAll(() => dirs.cleanup());

function fileWith(environment: EnvironmentName, network: HclObject): string {
  return dirs.write(
    withSection(minimalEnvironment(environment), "network", network),
    `${environment}.tfvars`,
  );
}

async function errorFor(environment: EnvironmentName, network: HclObject) {
  const file = fileWith(environment, network);
  return { file, error: await configErrorOf(loadEnvironmentConfig(file)) };
}

describe('nat_mode = "instance"', () => {
  test.each(["dev", "staging"] as const)(
    "is accepted in %s, with the instance type left to the module",
    async (env) => {
      const config = await loadEnvironmentConfig(fileWith(env, { nat_mode: "instance" }));
      expect(config.network.nat_mode).toBe("instance");
      expect(config.network.nat_instance_type).toBeUndefined();
      expect(config.network.allow_nat_instance_in_prod).toBeUndefined();
    },
  );

  test("takes a Graviton nat_instance_type", async () => {
    const config = await loadEnvironmentConfig(
      fileWith("dev", { nat_mode: "instance", nat_instance_type: "c7g.medium" }),
    );
    expect(config.network.nat_instance_type).toBe("c7g.medium");
  });

  test("is rejected in prod, saying why and how to accept the risk", async () => {
    const { file, error } = await errorFor("prod", { nat_mode: "instance" });
    const line = lineAbout(error, file, "network.nat_mode");
    expect(line).toMatch(/expected NAT gateways in prod \("per-az" or "single"\)/);
    expect(line).toMatch(/one NAT instance is a single point of failure for egress/);
    expect(line).toMatch(
      /an instance or AZ failure cuts every private subnet off until its Auto Scaling group replaces it/,
    );
    expect(line).toMatch(/set allow_nat_instance_in_prod = true to accept that, found string "instance"$/);
    expect(error.problems.map((p) => p.keyPath)).toEqual(["network.nat_mode"]);
  });

  test("is accepted in prod with allow_nat_instance_in_prod = true", async () => {
    const config = await loadEnvironmentConfig(
      fileWith("prod", { nat_mode: "instance", allow_nat_instance_in_prod: true }),
    );
    expect(config.network.nat_mode).toBe("instance");
  });

  test("stays rejected in prod with allow_nat_instance_in_prod = false", async () => {
    const { file, error } = await errorFor("prod", {
      nat_mode: "instance",
      allow_nat_instance_in_prod: false,
    });
    lineAbout(error, file, "network.nat_mode");
  });

  test.each(["per-az", "single", "none"])("leaves prod's %s alone", async (natMode) => {
    const config = await loadEnvironmentConfig(fileWith("prod", { nat_mode: natMode }));
    expect(config.network.nat_mode).toBe(natMode);
  });
});

describe("loadEnvironmentConfig rejects", () => {
  test("an unknown nat_mode, listing the four modes", async () => {
    const { file, error } = await errorFor("dev", { nat_mode: "gateway" });
    expect(lineAbout(error, file, "network.nat_mode")).toMatch(
      /expected one of "none", "single", "per-az", "instance", found string "gateway"$/,
    );
  });

  test.each([
    ["an x86 type", "t3.nano"],
    ["an Intel type", "m7i.large"],
    ["a family without a size", "t4g"],
  ])("a nat_instance_type that is not Graviton: %s", async (_why, type) => {
    const { file, error } = await errorFor("dev", { nat_mode: "instance", nat_instance_type: type });
    expect(lineAbout(error, file, "network.nat_instance_type")).toMatch(
      new RegExp(
        `expected a Graviton \\(arm64\\) instance type such as "t4g\\.nano".*, found string "${type.replace(".", "\\.")}"$`,
      ),
    );
  });

  test("a nat_instance_type for a mode that runs no NAT instance", async () => {
    const { file, error } = await errorFor("dev", { nat_mode: "single", nat_instance_type: "t4g.small" });
    expect(lineAbout(error, file, "network.nat_instance_type")).toMatch(
      /expected nat_mode = "instance" with it \(nat_mode is "single", which runs no NAT instance\); remove nat_instance_type or set nat_mode = "instance", found string "t4g\.small"$/,
    );
  });

  test("allow_nat_instance_in_prod written as a string", async () => {
    const { file, error } = await errorFor("prod", {
      nat_mode: "instance",
      allow_nat_instance_in_prod: "true",
    });
    expect(lineAbout(error, file, "network.allow_nat_instance_in_prod")).toMatch(
      /expected a boolean, found string "true"$/,
    );
  });
});

describe("checkNatModeForEnvironment", () => {
  const network = networkSchema.parse({
    vpc_cidr: "10.30.0.0/16",
    availability_zones: ["ap-northeast-2a", "ap-northeast-2c"],
    nat_mode: "instance",
  });

  function issuesOf(environment: string, path: (string | number)[], config = network) {
    const issues: { path?: PropertyKey[]; message?: string }[] = [];
    const ctx = {
      addIssue: (issue: unknown) => {
        issues.push(issue as { path?: PropertyKey[]; message?: string });
      },
      value: config,
    } as unknown as z.RefinementCtx;
    checkNatModeForEnvironment(config, environment, path, ctx);
    return issues;
  }

  test("reports at nat_mode under the path of the network block it was given", () => {
    expect(issuesOf("prod", ["systems", "erp-mes", "network"]).map((i) => i.path)).toEqual([
      ["systems", "erp-mes", "network", "nat_mode"],
    ]);
    expect(issuesOf("prod", ["network"]).map((i) => i.path)).toEqual([["network", "nat_mode"]]);
  });

  test("says nothing outside prod, or when prod accepts the risk", () => {
    expect(issuesOf("dev", ["network"])).toEqual([]);
    expect(issuesOf("staging", ["network"])).toEqual([]);
    expect(issuesOf("prod", ["network"], { ...network, allow_nat_instance_in_prod: true })).toEqual([]);
  });
});

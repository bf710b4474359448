import { Construct } from "constructs";
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { AutoscaledService } from "../../../modules/ecs/autoscaled-service";
import { FargateService } from "../../../modules/ecs/fargate-service";
import { OnDemandService } from "../../../modules/ecs/on-demand-service";
import { SingletonService } from "../../../modules/ecs/singleton-service";
import { MskEventSource } from "../../../modules/lambda/event-sources";
import { PostgresDatabase } from "../../../modules/rds/postgres-database";
import { NatInstance } from "../../../modules/vpc/nat-instance";
import { placementOfClass } from "../../../scripts/diagram/tiers";

const MODULES = path.resolve(__dirname, "..", "..", "..", "modules");

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Every construct class exported from a file under modules/, as `<file>: <class>`. */
function exportedConstructClasses(): Array<[string, unknown]> {
  return sourcesUnder(MODULES).flatMap((file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(file) as Record<string, unknown>;
    return Object.entries(exports)
      .filter(([, value]) => typeof value === "function" && value.prototype instanceof Construct)
      .map(([name, value]): [string, unknown] => [`${path.relative(MODULES, file)}: ${name}`, value]);
  });
}

describe("tier placement of module classes", () => {
  it("places every construct class modules/ exports (add a new one to scripts/diagram/tiers.ts)", () => {
    const classes = exportedConstructClasses();
    expect(classes.length).toBeGreaterThan(30);
    expect(classes.filter(([, cls]) => placementOfClass(cls) === undefined).map(([name]) => name)).toEqual(
      [],
    );
  });

  it.each([
    [PostgresDatabase, { tier: "data" }],
    [NatInstance, { tier: "network", ownNode: true }],
    [MskEventSource, { flow: true }],
  ])("%p is placed as %p", (cls, placement) => {
    expect(placementOfClass(cls)).toEqual(placement);
  });

  it.each([AutoscaledService, OnDemandService, SingletonService])(
    "%p inherits FargateService's compute tier",
    (cls) => {
      expect(placementOfClass(cls)).toBe(placementOfClass(FargateService));
      expect(placementOfClass(cls)).toEqual({ tier: "compute" });
    },
  );

  it("leaves a plain Construct and a non-construct unplaced (they are looked through)", () => {
    expect(placementOfClass(Construct)).toBeUndefined();
    expect(placementOfClass(Object)).toBeUndefined();
    expect(placementOfClass(undefined)).toBeUndefined();
  });
});

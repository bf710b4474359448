import { App, TerraformStack, Testing } from "cdktf";
import { configFileOf, loadEnvironmentConfig } from "../../config/load";
import { EnvironmentConfig } from "../../config/schema/environment";
import { addStacks } from "../../stacks/app";
import { BaseStack } from "../../stacks/base-stack";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { NetworkStack } from "../../stacks/network-stack";
import { SynthesizedJson } from "../harness/synth-scope";
import { backendOf, synthStack } from "./fixtures/synth-stack";

/**
 * network-<env> holds the environment's one VPC; the system stacks run in it, reading its ids from
 * its state (remote state on S3) and depending on it, unless their config asks for a VPC of their own.
 */

let dev: EnvironmentConfig;
let prod: EnvironmentConfig;
beforeAll(async () => {
  dev = await loadEnvironmentConfig(configFileOf("dev"));
  prod = await loadEnvironmentConfig(configFileOf("prod"));
});

function build(configs: EnvironmentConfig[], only?: string[]): App {
  const app = Testing.app();
  addStacks(app, configs, only ? new Set(only) : undefined);
  return app;
}

function stackIn(app: App, name: string): TerraformStack {
  const stack = app.node.tryFindChild(name);
  if (!(stack instanceof TerraformStack)) throw new Error(`${name} was not built`);
  return stack;
}

const stackNames = (app: App) =>
  app.node.children.filter((c) => c instanceof TerraformStack).map((c) => c.node.id);

interface RemoteState {
  backend: string;
  config: Record<string, unknown>;
}
const remoteStatesOf = (synth: SynthesizedJson) =>
  (synth.json.data?.terraform_remote_state ?? {}) as Record<string, RemoteState>;

/** `${element(data.terraform_remote_state.network.outputs.<output>, <i>)}` for each AZ. */
const fromNetwork = (output: string, count: number) =>
  Array.from(
    { length: count },
    (_, i) => `\${element(data.terraform_remote_state.network.outputs.${output}, ${i})}`,
  );

describe("network-dev from the committed config", () => {
  let synth: SynthesizedJson;
  beforeAll(() => {
    synth = synthStack(stackIn(build([dev]), "network-dev"));
  });

  test("builds the environment's VPC from its network section, with every tier in both AZs", () => {
    expect(synth.only("aws_vpc").cidr_block).toBe(dev.network.vpc_cidr);
    expect(synth.only("aws_vpc").tags).toEqual({ Name: "platform-dev" });
    const tiers = Object.values(synth.resources("aws_subnet")).map(
      (s) => (s.tags as Record<string, string>).Tier,
    );
    expect(tiers.sort()).toEqual(["isolated", "isolated", "private", "private", "public", "public"]);
  });

  test("keeps its state in the environment's bucket under network/dev", () => {
    expect(backendOf(synth).s3).toEqual(
      expect.objectContaining({
        bucket: dev.state_backend.bucket,
        key: "network/dev/terraform.tfstate",
        encrypt: true,
      }),
    );
  });

  test("publishes the VPC id, its CIDR and the subnet ids per tier as named outputs", () => {
    const value = (name: string) => synth.output(name)?.value;
    expect(value("vpc_id")).toMatch(/^\$\{aws_vpc\.vpc_[0-9A-F]+\.id\}$/);
    expect(value("vpc_cidr")).toBe("10.10.0.0/16");
    for (const tier of ["public", "private", "isolated"]) {
      const ids = value(`${tier}_subnet_ids`) as string[];
      expect(ids).toHaveLength(2);
      for (const id of ids)
        expect(id).toMatch(new RegExp(`^\\$\\{aws_subnet\\.vpc_${tier}-subnet-\\d_[0-9A-F]+\\.id\\}$`));
    }
  });

  test("its outputs are the same whichever stacks are synthesized with it", () => {
    const alone = synthStack(stackIn(build([dev], ["network-dev"]), "network-dev"));
    const withOne = synthStack(stackIn(build([dev], ["fileflow-dev"]), "network-dev"));
    expect(alone.json.output).toEqual(synth.json.output);
    expect(withOne.json.output).toEqual(synth.json.output);
  });
});

describe.each(["fileflow", "erp-mes"])("%s-dev runs in network-dev", (system) => {
  let app: App;
  let synth: SynthesizedJson;
  beforeAll(() => {
    app = build([dev]);
    synth = synthStack(stackIn(app, `${system}-dev`));
  });

  test("creates no VPC, subnet, route table, NAT or flow log of its own", () => {
    for (const type of [
      "aws_vpc",
      "aws_subnet",
      "aws_route_table",
      "aws_nat_gateway",
      "aws_flow_log",
      "aws_internet_gateway",
    ])
      expect([type, synth.count(type)]).toEqual([type, 0]);
  });

  test("reads network-dev's state from the same bucket and key network-dev writes", () => {
    const states = remoteStatesOf(synth);
    expect(Object.keys(states)).toEqual(["network"]);
    expect(states.network!.backend).toBe("s3");
    expect(states.network!.config).toEqual(
      expect.objectContaining({ bucket: dev.state_backend.bucket, key: "network/dev/terraform.tfstate" }),
    );
    // A reader takes no lock: no (deprecated) lock-table argument in its config.
    expect(states.network!.config).not.toHaveProperty("dynamodb_table");
  });

  test("depends on network-dev, so cdktf deploys it first", () => {
    expect(stackIn(app, `${system}-dev`).dependencies.map((d) => d.node.id)).toEqual(["network-dev"]);
  });

  test("puts its security groups in network-dev's VPC", () => {
    const groups = Object.values(synth.resources("aws_security_group"));
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups)
      expect(group.vpc_id).toBe("${data.terraform_remote_state.network.outputs.vpc_id}");
  });
});

test("FileFlow's ALB takes the public subnets and its services the private ones", () => {
  const synth = synthStack(stackIn(build([dev]), "fileflow-dev"));
  expect(synth.only("aws_lb").subnets).toEqual(fromNetwork("public_subnet_ids", 2));
  for (const service of Object.values(synth.resources("aws_ecs_service"))) {
    const network = service.network_configuration as Record<string, unknown>;
    expect(network.subnets).toEqual(fromNetwork("private_subnet_ids", 2));
    expect(network.assign_public_ip).toBe(false);
  }
});

test("ERP/MES's database takes the isolated subnets of prod's three AZs", () => {
  const synth = synthStack(stackIn(build([prod]), "erp-mes-prod"));
  expect(synth.only("aws_db_subnet_group").subnet_ids).toEqual(fromNetwork("isolated_subnet_ids", 3));
});

describe("selection", () => {
  test("INFRA_STACKS=fileflow-dev builds fileflow-dev and network-dev, no other system", () => {
    expect(stackNames(build([dev], ["fileflow-dev"])).sort()).toEqual(["fileflow-dev", "network-dev"]);
  });

  test("INFRA_STACKS=network-dev builds only network-dev", () => {
    expect(stackNames(build([dev], ["network-dev"]))).toEqual(["network-dev"]);
  });

  test("every environment gets its own network stack", () => {
    expect(stackNames(build([dev, prod])).filter((n) => n.startsWith("network-"))).toEqual([
      "network-dev",
      "network-prod",
    ]);
  });
});

describe("a system with a network block of its own", () => {
  let config: EnvironmentConfig;
  beforeAll(() => {
    config = structuredClone(dev);
    config.systems.fileflow!.network = {
      vpc_cidr: "10.11.0.0/16",
      availability_zones: ["ap-northeast-2a", "ap-northeast-2c"],
      nat_mode: "single",
      flow_log_retention_days: 30,
    };
  });

  test("gets a dedicated VPC named <system>-<env> and reads no network state", () => {
    const app = build([config], ["fileflow-dev"]);
    const synth = synthStack(stackIn(app, "fileflow-dev"));
    expect(synth.only("aws_vpc")).toEqual(
      expect.objectContaining({ cidr_block: "10.11.0.0/16", tags: { Name: "fileflow-dev" } }),
    );
    expect(synth.count("aws_nat_gateway")).toBe(1);
    expect(remoteStatesOf(synth)).toEqual({});
    expect(stackIn(app, "fileflow-dev").dependencies).toEqual([]);
  });

  test("alone, it does not bring network-dev; the other system still runs in network-dev", () => {
    expect(stackNames(build([config], ["fileflow-dev"]))).toEqual(["fileflow-dev"]);
    const app = build([config]);
    expect(stackIn(app, "erp-mes-dev").dependencies.map((d) => d.node.id)).toEqual(["network-dev"]);
  });
});

describe("what a stack may read", () => {
  test("a system stack cannot run in another environment's network", () => {
    const app = Testing.app();
    const network = new NetworkStack(app, prod);
    const stranger = new BaseStack(app, { config: dev, system: "probe" });
    expect(() => network.networkFor(stranger)).toThrow(
      "probe-dev cannot use network-prod: a system runs in its own environment's network",
    );
  });

  test("a stack with local state (bootstrap's first) cannot be read by another stack", () => {
    const app = Testing.app();
    const bootstrap = new BootstrapStack(app, dev);
    const reader = new BaseStack(app, { config: dev, system: "probe" });
    expect(() => bootstrap.remoteStateIn(reader, "bootstrap")).toThrow(
      "bootstrap-dev: its state is local, so no other stack can read it; use the S3 backend",
    );
  });

  test("one reader per consumer, however often it asks", () => {
    const app = Testing.app();
    const network = new NetworkStack(app, dev);
    const consumer = new BaseStack(app, { config: dev, system: "probe" });
    expect(network.networkFor(consumer)).toBe(network.networkFor(consumer));
    expect(Object.keys(remoteStatesOf(synthStack(consumer)))).toEqual(["network"]);
  });
});

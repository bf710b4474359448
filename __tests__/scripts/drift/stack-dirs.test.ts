import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

import { DriftInputError } from "../../../scripts/drift/errors";
import { StackDir, stackDirsFromOutput } from "../../../scripts/drift/stack-dirs";
import { synthesizedStackDirs } from "../../../scripts/drift/synthesized-stack-dirs";

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "drift-stack-dirs-"));
  made.push(dir);
  return dir;
}

/** A synth output as cdktf writes it: manifest.json naming stacks/<name>/ with their cdk.tf.json. */
function synthOutput(stacks: Record<string, { backend?: string; entry?: Record<string, string> }>): string {
  const dir = scratch();
  const manifest: Record<string, unknown> = {};
  for (const [name, { backend = "s3", entry }] of Object.entries(stacks)) {
    mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    writeFileSync(
      path.join(dir, "stacks", name, "cdk.tf.json"),
      JSON.stringify({ terraform: { backend: { [backend]: {} } } }),
    );
    manifest[name] = entry ?? {
      workingDirectory: `stacks/${name}`,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
    };
  }
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stacks: manifest }));
  return dir;
}

describe("stackDirsFromOutput (--from)", () => {
  let dir: string;
  beforeAll(() => {
    dir = synthOutput({
      "fileflow-dev": {},
      "network-dev": {},
      "bootstrap-dev": { backend: "local" },
      "aipx-dev": { entry: { synthesizedStackPath: "stacks/aipx-dev/cdk.tf.json" } },
      "network-prod": {},
      "bootstrap-prod": {},
    });
  });

  it("lists every stack in deploy order per environment, with its directory and backend", () => {
    const source = stackDirsFromOutput(dir, {});
    expect(source.stacks.map((s) => s.name)).toEqual([
      "bootstrap-dev",
      "network-dev",
      "aipx-dev",
      "fileflow-dev",
      "bootstrap-prod",
      "network-prod",
    ]);
    expect(source.stacks[0]).toEqual({
      name: "bootstrap-dev",
      dir: path.join(dir, "stacks", "bootstrap-dev"),
      backend: "local",
    });
    // Without workingDirectory, the directory of synthesizedStackPath.
    expect(source.stacks[2]!.dir).toBe(path.join(dir, "stacks", "aipx-dev"));
    expect(source).toMatchObject({ origin: path.resolve(dir), ephemeral: false });
  });

  it.each([
    ["INFRA_ENVS", { INFRA_ENVS: "prod" }, ["bootstrap-prod", "network-prod"]],
    ["INFRA_STACKS", { INFRA_STACKS: "fileflow-dev,network-dev" }, ["network-dev", "fileflow-dev"]],
  ])("narrows with %s", (_what, env, names) => {
    expect(stackDirsFromOutput(dir, env).stacks.map((s) => s.name)).toEqual(names);
  });

  it("leaves the directory as it was (cleanup and release are no-ops)", () => {
    const before = readdirSync(path.join(dir, "stacks")).sort();
    const source = stackDirsFromOutput(dir, {});
    source.release(source.stacks[0]!);
    source.cleanup();
    expect(readdirSync(path.join(dir, "stacks")).sort()).toEqual(before);
  });

  it("refuses a stack the manifest does not list", () => {
    expect(() => stackDirsFromOutput(dir, { INFRA_STACKS: "erp-mes-dev" })).toThrow(
      `stacks: expected stack names among fileflow-dev, network-dev, bootstrap-dev, aipx-dev, network-prod, bootstrap-prod (${path.join(dir, "manifest.json")}), found erp-mes-dev`,
    );
  });

  it.each([
    [
      "no manifest.json",
      () => "/nonexistent/cdktf.out",
      /--from \/nonexistent\/cdktf\.out: expected a cdktf synth output with manifest\.json, found no/,
    ],
    [
      "a manifest that is not JSON",
      () => {
        const d = scratch();
        writeFileSync(path.join(d, "manifest.json"), "{");
        return d;
      },
      /manifest\.json: expected valid JSON, found/,
    ],
    [
      "a stack whose directory holds no cdk.tf.json",
      () => {
        const d = synthOutput({ "network-dev": {} });
        rmSync(path.join(d, "stacks", "network-dev", "cdk.tf.json"));
        return d;
      },
      /stack network-dev names .*network-dev, which holds no cdk\.tf\.json/,
    ],
  ])("refuses %s", (_what, make, message) => {
    const d = make();
    expect(() => stackDirsFromOutput(d, {})).toThrow(DriftInputError);
    expect(() => stackDirsFromOutput(d, {})).toThrow(message);
  });
});

describe("synthesizedStackDirs (npm run synth of the committed config)", () => {
  it("drops a checked stack's directory at once, and the rest on cleanup", async () => {
    const source = await synthesizedStackDirs({ INFRA_STACKS: "fileflow-dev,network-dev" });
    expect(source.stacks.map((s) => s.name)).toEqual(["network-dev", "fileflow-dev"]);
    const [network, fileflow] = source.stacks as [StackDir, StackDir];
    try {
      // Its .terraform may hold a copy of the provider.
      source.release(network);
      expect(existsSync(network.dir)).toBe(false);
      expect(existsSync(fileflow.dir)).toBe(true);
    } finally {
      source.cleanup();
    }
    expect(existsSync(path.dirname(path.dirname(fileflow.dir)))).toBe(false);
  }, 60_000);

  it("checks only what was asked for, not the network a system stack brings into the synth", async () => {
    const source = await synthesizedStackDirs({ INFRA_STACKS: "fileflow-dev" });
    try {
      // fileflow-dev brings network-dev into the synth; only what was asked for is checked.
      expect(source.stacks.map((s) => s.name)).toEqual(["fileflow-dev"]);
      expect(source).toMatchObject({ origin: "npm run synth", ephemeral: true });
      expect(source.stacks[0]!.backend).toBe("s3");
      expect(existsSync(path.join(source.stacks[0]!.dir, "cdk.tf.json"))).toBe(true);
      expect(source.stacks[0]!.dir.startsWith(path.resolve("cdktf.out"))).toBe(false);
    } finally {
      source.cleanup();
    }
  }, 60_000);

  it("refuses an INFRA_STACKS name the config does not produce, as npm run synth does", async () => {
    await expect(synthesizedStackDirs({ INFRA_STACKS: "nope-dev" })).rejects.toThrow(DriftInputError);
    await expect(synthesizedStackDirs({ INFRA_STACKS: "nope-dev" })).rejects.toThrow(
      /INFRA_STACKS: expected stack names among bootstrap-dev, network-dev/,
    );
  });
});

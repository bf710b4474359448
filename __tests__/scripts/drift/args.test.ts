import { USAGE_TEXT, parseArgs, selectionEnv } from "../../../scripts/drift/args";
import { DriftInputError } from "../../../scripts/drift/errors";

describe("parseArgs", () => {
  it.each([
    [[], { json: false, help: false, environments: [], stacks: [] }],
    [["dev"], { json: false, help: false, environments: ["dev"], stacks: [] }],
    [
      ["dev", "network-dev", "fileflow-dev"],
      { json: false, help: false, environments: ["dev"], stacks: ["network-dev", "fileflow-dev"] },
    ],
    [["network-prod", "--json"], { json: true, help: false, environments: [], stacks: ["network-prod"] }],
    [
      ["--from", "cdktf.out", "dev"],
      { from: "cdktf.out", json: false, help: false, environments: ["dev"], stacks: [] },
    ],
    [["--from=out"], { from: "out", json: false, help: false, environments: [], stacks: [] }],
    [["-h"], { json: false, help: true, environments: [], stacks: [] }],
    [
      ["dev", "dev", "aipx-dev", "aipx-dev"],
      { json: false, help: false, environments: ["dev"], stacks: ["aipx-dev"] },
    ],
  ])("%j", (argv, expected) => {
    expect(parseArgs(argv)).toEqual(expected);
  });

  it.each([
    [["--detail"], "--detail: expected one of --from <dir>, --json, --help, found an unknown option"],
    [["--from"], "--from: expected a cdktf synth output directory, found nothing"],
    [["--from", "--json"], "--from: expected a cdktf synth output directory, found --json"],
    [
      ["qa"],
      'qa: expected an environment (dev, staging, prod) or a stack name "<system>-<dev|staging|prod>", found neither',
    ],
    [["-dev"], "-dev: expected one of --from <dir>, --json, --help, found an unknown option"],
    [
      ["dev", "network-prod"],
      "network-prod: expected stacks of the named environments (dev), found other environments' stacks",
    ],
  ])("refuses %j", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(DriftInputError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it("documents the exit codes, the lock choice and the runbook in --help", () => {
    expect(USAGE_TEXT).toMatch(/exit 0 +every stack in sync or not deployed/);
    expect(USAGE_TEXT).toMatch(/exit 2 +something drifted and every stack was checked/);
    expect(USAGE_TEXT).toMatch(/exit 1 +a stack could not be checked \(wins over 2/);
    expect(USAGE_TEXT).toContain("-lock=false");
    expect(USAGE_TEXT).toContain("A scheduled drift check failed");
  });
});

describe("selectionEnv", () => {
  const env = { PATH: "/bin", INFRA_ENVS: "staging", INFRA_STACKS: "aipx-staging" };

  it.each([
    [
      "no arguments: the variables select",
      [],
      { PATH: "/bin", INFRA_ENVS: "staging", INFRA_STACKS: "aipx-staging" },
    ],
    ["an environment replaces both variables", ["dev"], { PATH: "/bin", INFRA_ENVS: "dev" }],
    ["stacks replace both variables", ["network-dev"], { PATH: "/bin", INFRA_STACKS: "network-dev" }],
    [
      "both",
      ["dev", "network-dev", "fileflow-dev"],
      { PATH: "/bin", INFRA_ENVS: "dev", INFRA_STACKS: "network-dev,fileflow-dev" },
    ],
  ])("%s", (_what, argv, expected) => {
    expect(selectionEnv(parseArgs(argv), env)).toEqual(expected);
  });
});

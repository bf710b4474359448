import { LOCAL_BACKEND_NOTE, checkStack } from "../../../scripts/drift/check-stack";
import { checkStacks } from "../../../scripts/drift/check-stacks";
import { Limiter } from "../../harness/process";
import { WIDENED_RULE, FakeStack, FakeTerraform, driftedNetworkPlan, ok } from "./fixtures";

const NO_STATE = "No state file was found!\n\nState management commands require a state file.";

function check(answers: FakeStack, backend?: string) {
  const terraform = new FakeTerraform({ "network-dev": answers });
  const stack = { name: "network-dev", dir: "/out/stacks/network-dev", ...(backend ? { backend } : {}) };
  return checkStack(stack, { terraform, planDir: "/tmp/plans", initLock: new Limiter(1) }).then((r) => ({
    result: r,
    calls: terraform.calls,
  }));
}

describe("checkStack (one stack: init, state list, plan, show)", () => {
  it("in sync: plan exit 0, and no show", async () => {
    const { result, calls } = await check({
      stateList: ok("aws_vpc.main\naws_subnet.a\ndata.aws_region.r\n"),
      plan: ok("No changes.", 0),
    });
    expect(result).toMatchObject({ stack: "network-dev", status: "in sync", resources: 2, changes: [] });
    expect(calls).toEqual([
      "network-dev: init",
      "network-dev: state list",
      "network-dev: plan -out=network-dev.tfplan",
    ]);
  });

  it("drifted: plan exit 2, the saved plan's JSON names the changes", async () => {
    const { result, calls } = await check({
      stateList: ok("aws_vpc.main\n"),
      plan: ok("Plan: 0 to add, 1 to change, 0 to destroy.", 2),
      show: ok(JSON.stringify(driftedNetworkPlan())),
    });
    expect(result.status).toBe("drifted");
    expect(result.changes).toEqual([
      { address: WIDENED_RULE, action: "update", attributes: ["cidr_ipv4", "description"] },
    ]);
    expect(calls.at(-1)).toBe("network-dev: show -json network-dev.tfplan");
  });

  it.each([
    ["the backend has no state at all", ok("", 1, NO_STATE)],
    ["the state is empty (destroyed)", ok("", 0)],
    ["the state holds data sources only", ok("data.aws_caller_identity.current\n", 0)],
  ])("not deployed when %s, and no plan runs", async (_what, stateList) => {
    const { result, calls } = await check({ stateList });
    expect(result).toMatchObject({ status: "not deployed", resources: 0, changes: [] });
    expect(result.note).toBeUndefined();
    expect(calls).toEqual(["network-dev: init", "network-dev: state list"]);
  });

  it("says why a local backend's stack may only look not deployed", async () => {
    const { result } = await check({ stateList: ok("", 1, NO_STATE) }, "local");
    expect(result).toMatchObject({ status: "not deployed", note: LOCAL_BACKEND_NOTE });
  });

  it.each([
    [
      "init",
      { init: ok("", 1, 'Error: Failed to get existing workspaces: S3 bucket "b" does not exist.\n') },
      'Failed to get existing workspaces: S3 bucket "b" does not exist.',
    ],
    [
      "state list",
      { stateList: ok("", 1, "Error: error loading state: AccessDenied\n") },
      "error loading state: AccessDenied",
    ],
    [
      "plan",
      { plan: ok("", 1, "Error: AWS account ID not allowed: 222222222222\n") },
      "AWS account ID not allowed: 222222222222",
    ],
    [
      "show",
      { plan: ok("", 2), show: ok("", 1, "Error: Failed to read the given file as a state or plan file\n") },
      "Failed to read the given file as a state or plan file",
    ],
    ["show", { plan: ok("", 2), show: ok("not json", 0) }, "terraform show -json printed no plan JSON"],
    [
      "show",
      { plan: ok("", 2), show: ok('{"resource_changes":[{"address":"aws_vpc.main","mode":"managed"}]}', 0) },
      "terraform show -json printed no plan JSON",
    ],
  ])("error at %s, with terraform's message", async (step, answers, message) => {
    const { result } = await check(answers);
    expect(result.status).toBe("error");
    expect(result.error?.step).toBe(step);
    expect(result.error?.message).toContain(message);
    expect(result.changes).toEqual([]);
  });

  it("treats any plan exit but 0 and 2 as an error (a killed terraform is not 'in sync')", async () => {
    const { result } = await check({
      plan: { ...ok(), code: null, seconds: 1, timedOut: true },
    });
    expect(result).toMatchObject({
      status: "error",
      error: { step: "plan", message: "timed out; exit unknown, no output" },
    });
  });
});

describe("checkStacks (every stack, concurrently)", () => {
  const names = ["bootstrap-dev", "network-dev", "fileflow-dev", "erp-mes-dev", "aipx-dev"];
  const stacks = names.map((name) => ({ name, dir: `/out/stacks/${name}` }));

  it("runs at most `concurrency` stacks at once, one init at a time, and keeps the input order", async () => {
    const terraform = new FakeTerraform(
      { "network-dev": { plan: ok("", 2), show: ok("{}") } },
      { init: 10, plan: 40 },
    );
    const seen: string[] = [];
    const results = await checkStacks(stacks, {
      terraform,
      planDir: "/tmp/plans",
      concurrency: 2,
      onResult: (r) => seen.push(r.stack),
    });
    expect(results.map((r) => r.stack)).toEqual(names);
    expect(results.map((r) => r.status)).toEqual(["in sync", "drifted", "in sync", "in sync", "in sync"]);
    expect(terraform.peak.init).toBe(1);
    expect(terraform.peak.plan).toBe(2);
    expect(seen.sort()).toEqual([...names].sort());
  });

  it("plans side by side when there are cores for it", async () => {
    const terraform = new FakeTerraform({}, { init: 2, plan: 80 });
    await checkStacks(stacks, { terraform, planDir: "/tmp/plans", concurrency: 8 });
    expect(terraform.peak.plan).toBeGreaterThan(2);
    expect(terraform.peak.init).toBe(1);
  });
});

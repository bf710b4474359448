import { EXIT_DRIFTED, EXIT_ERROR, EXIT_IN_SYNC, exitCodeOf } from "../../../scripts/drift/exit-code";
import { result } from "./fixtures";

describe("exitCodeOf", () => {
  it.each([
    ["every stack in sync", [result("a-dev", "in sync"), result("b-dev", "in sync")], EXIT_IN_SYNC],
    ["in sync and not deployed", [result("a-dev", "in sync"), result("b-dev", "not deployed")], EXIT_IN_SYNC],
    ["nothing deployed", [result("a-dev", "not deployed")], EXIT_IN_SYNC],
    ["one stack drifted", [result("a-dev", "in sync"), result("b-dev", "drifted")], EXIT_DRIFTED],
    ["one stack errored", [result("a-dev", "in sync"), result("b-dev", "error")], EXIT_ERROR],
    [
      "drift and an error: error wins (the errored stack's drift is unknown)",
      [result("a-dev", "drifted"), result("b-dev", "error")],
      EXIT_ERROR,
    ],
  ])("%s", (_what, results, code) => {
    expect(exitCodeOf(results)).toBe(code);
  });

  it("uses terraform plan -detailed-exitcode's numbers", () => {
    expect([EXIT_IN_SYNC, EXIT_ERROR, EXIT_DRIFTED]).toEqual([0, 1, 2]);
  });
});

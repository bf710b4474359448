import { lockInfoFromOutput } from "./state-backend";

const PLAIN = `Error: Error acquiring the state lock

Error message: operation error S3: PutObject, https response error
StatusCode: 412, RequestID: X, api error PreconditionFailed: At least one of the pre-conditions you
specified did not hold
Lock Info:
  ID:        92a13e6f-2462-b23a-81e5-77651a4e54c5
  Path:      platform-tfstate-dev-111111111111/network/dev/terraform.tfstate
  Operation: OperationTypeApply
  Who:       root@vm
  Version:   1.11.4
  Created:   2026-12-01 15:48:03.000762091 +0000 UTC
  Info:      


Terraform acquires a state lock to protect the state from being written
by multiple users at the same time.`;

// Without -no-color terraform draws the diagnostic in a box.
const BOXED = `╷\n${PLAIN.split("\n")
  .map((l) => `│ ${l}`)
  .join("\n")}\n╵`;

const EXPECTED = {
  ID: "92a13e6f-2462-b23a-81e5-77651a4e54c5",
  Path: "platform-tfstate-dev-111111111111/network/dev/terraform.tfstate",
  Operation: "OperationTypeApply",
  Who: "root@vm",
  Version: "1.11.4",
  Created: "2026-12-01 15:48:03.000762091 +0000 UTC",
};

describe("lockInfoFromOutput", () => {
  test.each([
    ["-no-color output", PLAIN],
    ["boxed (coloured) output", BOXED],
  ])("reads the Lock Info of %s", (_, output) => {
    expect(lockInfoFromOutput(output)).toEqual(EXPECTED);
  });

  test.each([
    ["no lock error", "Plan: 1 to add, 0 to change, 0 to destroy."],
    ["a Lock Info without an ID", "Lock Info:\n  Path:      b/k\n\n"],
  ])("is undefined for %s", (_, output) => {
    expect(lockInfoFromOutput(output)).toBeUndefined();
  });
});

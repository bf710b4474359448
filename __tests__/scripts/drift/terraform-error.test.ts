import { summaryOf, terraformError } from "../../../scripts/drift/terraform-error";

const INIT_NO_BUCKET = `Initializing the backend...

Error: Failed to get existing workspaces: S3 bucket "platform-tfstate-dev-111111111111" does not exist.

The referenced S3 bucket must have been previously created. If the S3 bucket
was created within the last minute, please wait for a minute or two and try
again.

Error: second problem

detail
`;

describe("terraformError", () => {
  it("keeps the first Error: block of terraform's output, without the next diagnostic", () => {
    const message = terraformError({ stdout: "", stderr: INIT_NO_BUCKET });
    expect(message.split("\n")[0]).toBe(
      'Error: Failed to get existing workspaces: S3 bucket "platform-tfstate-dev-111111111111" does not exist.',
    );
    expect(message).toContain("must have been previously created");
    expect(message).not.toContain("second problem");
    expect(summaryOf(message)).toBe(
      'Failed to get existing workspaces: S3 bucket "platform-tfstate-dev-111111111111" does not exist.',
    );
  });

  it("reads the boxed diagnostics terraform prints with colour off in some versions", () => {
    const stderr = "╷\n│ Error: No valid credential sources found\n│ \n│ Please see the provider docs\n╵\n";
    expect(terraformError({ stdout: "", stderr })).toBe(
      "Error: No valid credential sources found\n\nPlease see the provider docs",
    );
  });

  it.each([
    [
      "the last lines of stderr when there is no Error: line",
      { stdout: "", stderr: "a\nb\nkilled\n", code: 1 },
      "a\nb\nkilled",
    ],
    [
      "the exit code when there is no output at all",
      { stdout: "", stderr: "", code: 137 },
      "exit 137, no output",
    ],
    [
      "that it timed out",
      { stdout: "", stderr: "", code: null, timedOut: true },
      "timed out; exit unknown, no output",
    ],
    [
      "the Error: block also from stdout",
      { stdout: "Error: Unsupported argument\n\nAn argument named x\n", stderr: "" },
      "Error: Unsupported argument\n\nAn argument named x",
    ],
  ])("says %s", (_what, output, expected) => {
    expect(terraformError(output)).toBe(expected);
  });

  it("stops at maxLines", () => {
    const stderr = `Error: long\n${Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n")}`;
    expect(terraformError({ stdout: "", stderr }, 5).split("\n")).toHaveLength(5);
  });
});

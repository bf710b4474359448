import { parseArgs } from "../../../scripts/diagram/args";
import { DiagramInputError } from "../../../scripts/diagram/errors";

describe("parseArgs", () => {
  it.each([
    [["fileflow-dev"], { mode: "stacks", stacks: ["fileflow-dev"] }],
    [["fileflow-dev", "erp-mes-dev"], { mode: "stacks", stacks: ["fileflow-dev", "erp-mes-dev"] }],
    [["--readme"], { mode: "readme" }],
    [["--check"], { mode: "check" }],
    [["--help"], { mode: "help" }],
    [["fileflow-dev", "-h"], { mode: "help" }],
  ])("%p", (argv, args) => {
    expect(parseArgs(argv)).toEqual(args);
  });

  it.each([
    [[], /expected a stack name \(e\.g\. fileflow-dev\), --readme or --check, found nothing/],
    [["--json"], /--json: expected a stack name, --readme, --check or --help, found an unknown option/],
    [["--readme", "--check"], /one of them\), found --readme --check/],
    [["--readme", "fileflow-dev"], /one of them\), found --readme fileflow-dev/],
  ])("refuses %p", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(DiagramInputError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

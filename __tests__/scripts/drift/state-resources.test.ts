import { managedAddresses } from "../../../scripts/drift/state-resources";

describe("managedAddresses (terraform state list -> deployed resources)", () => {
  it.each([
    ["managed resources", "aws_vpc.main\naws_subnet.a[0]\n", ["aws_vpc.main", "aws_subnet.a[0]"]],
    ["an empty state", "", []],
    [
      "data sources only (not deployed infrastructure)",
      "data.aws_caller_identity.current\ndata.aws_region.r\n",
      [],
    ],
    [
      "data sources in modules",
      'module.net.data.aws_region.r\nmodule.x["a.b"].data.aws_iam_policy_document.p\n',
      [],
    ],
    [
      "resources in modules",
      'module.net.aws_vpc.main\nmodule.x["a.b"].aws_s3_bucket.b\n',
      ["module.net.aws_vpc.main", 'module.x["a.b"].aws_s3_bucket.b'],
    ],
    ["a module named data", "module.data.aws_s3_bucket.lake\n", ["module.data.aws_s3_bucket.lake"]],
    ["a resource named data", "aws_s3_bucket.data\n", ["aws_s3_bucket.data"]],
    ["blank lines and indentation", "\n  aws_vpc.main  \n\n", ["aws_vpc.main"]],
  ])("%s", (_what, stdout, expected) => {
    expect(managedAddresses(stdout)).toEqual(expected);
  });
});

import {
  CLOUDFRONT_CERTIFICATE_REGION,
  certificateRegionOf,
  cloudFrontCertificateArnProblem,
} from "../../../modules/cdn/certificate-region";

const arn = (region: string, partition = "aws") =>
  `arn:${partition}:acm:${region}:111111111111:certificate/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9`;

describe("CloudFront certificate region", () => {
  it("accepts an ACM certificate in us-east-1", () => {
    expect(CLOUDFRONT_CERTIFICATE_REGION).toBe("us-east-1");
    expect(cloudFrontCertificateArnProblem(arn("us-east-1"))).toBeUndefined();
    expect(certificateRegionOf(arn("us-east-1"))).toBe("us-east-1");
  });

  it.each([
    ["the stack's region", arn("ap-northeast-2")],
    ["another region", arn("us-west-2")],
    ["an IAM server certificate", "arn:aws:iam::111111111111:server-certificate/site"],
    ["an ARN without an account", "arn:aws:acm:us-east-1::certificate/0f1e2d3c"],
    ["a certificate id alone", "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9"],
    ["an empty string", ""],
  ])("refuses %s, worded for module and config alike", (_what, value) => {
    expect(cloudFrontCertificateArnProblem(value)).toBe(
      `certificateArn must be an ACM certificate in us-east-1 (CloudFront reads certificates only there), got "${value}"`,
    );
  });

  it("names the prop it checks", () => {
    expect(cloudFrontCertificateArnProblem(arn("eu-west-1"), "domain.certificate_arn")).toMatch(
      /^domain.certificate_arn must be an ACM certificate in us-east-1/,
    );
    expect(certificateRegionOf("not an arn")).toBeUndefined();
  });
});

import { TerraformOutput } from "cdktf";
import { OriginSecret, OriginSecretProps } from "../../../modules/cdn/origin-secret";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

function build(overrides: Partial<OriginSecretProps> = {}): SynthesizedJson {
  return synthScope((scope) => {
    const secret = new OriginSecret(scope, "origin", { name: "ecg/origin-verify", ...overrides });
    new TerraformOutput(scope, "headerName", { value: secret.headerName });
    new TerraformOutput(scope, "headerValue", { value: secret.headerValue, sensitive: true });
    new TerraformOutput(scope, "secretArn", { value: secret.secretArn });
  });
}

describe("OriginSecret", () => {
  const synth = build();
  const draw = Object.keys(synth.json.data!.aws_secretsmanager_random_password as object)[0]!;
  const secretName = Object.keys(synth.resources("aws_secretsmanager_secret"))[0]!;
  const versionName = Object.keys(synth.resources("aws_secretsmanager_secret_version"))[0]!;

  it("has Secrets Manager draw 64 letters and digits (no punctuation: header-safe, no ALB wildcard)", () => {
    expect(
      (synth.json.data!.aws_secretsmanager_random_password as Record<string, unknown>)[draw],
    ).toMatchObject({
      password_length: 64,
      exclude_punctuation: true,
      include_space: false,
      require_each_included_type: true,
    });
  });

  it("stores the first draw only: the version ignores later changes to its secret_string", () => {
    expect(synth.only("aws_secretsmanager_secret_version")).toMatchObject({
      secret_id: ref("aws_secretsmanager_secret", secretName, "arn"),
      secret_string: `\${data.aws_secretsmanager_random_password.${draw}.random_password}`,
      lifecycle: { ignore_changes: ["secret_string"] },
    });
    expect(synth.only("aws_secretsmanager_secret")).toMatchObject({
      name: "ecg/origin-verify",
      recovery_window_in_days: 7,
    });
  });

  it("hands out the stored value, never the draw of the current plan", () => {
    expect(synth.output("headerValue")?.value).toBe(
      ref("aws_secretsmanager_secret_version", versionName, "secret_string"),
    );
    expect(synth.output("headerName")?.value).toBe("X-Origin-Verify");
    expect(synth.output("secretArn")?.value).toBe(ref("aws_secretsmanager_secret", secretName, "arn"));
  });

  it("takes a header name, a length, a recovery window and a KMS key", () => {
    const synth = build({
      headerName: "X-CDN-Secret",
      length: 32,
      recoveryWindowDays: 30,
      kmsKeyArn: "arn:aws:kms:ap-northeast-2:111111111111:key/abc",
    });
    expect(synth.output("headerName")?.value).toBe("X-CDN-Secret");
    expect(Object.values(synth.json.data!.aws_secretsmanager_random_password as object)[0]).toMatchObject({
      password_length: 32,
    });
    expect(synth.only("aws_secretsmanager_secret")).toMatchObject({
      recovery_window_in_days: 30,
      kms_key_id: "arn:aws:kms:ap-northeast-2:111111111111:key/abc",
    });
  });

  it.each<[string, Partial<OriginSecretProps>, RegExp]>([
    ["a header CloudFront manages", { headerName: "Host" }, /headerName must be a header name .* got "Host"/],
    ["an X-Amz- header", { headerName: "X-Amz-Origin" }, /headerName must be .* got "X-Amz-Origin"/],
    ["a value shorter than 32", { length: 16 }, /length must be a whole number from 32 to 128, got 16/],
    [
      "a value longer than an ALB condition holds",
      { length: 129 },
      /length must be a whole number from 32 to 128, got 129/,
    ],
  ])("refuses %s", (_what, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
    expect(() => build(overrides)).toThrow(/^stack\/origin: /);
  });
});

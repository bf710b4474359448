import { Role } from "../../../modules/iam/role";
import { ServicePrincipals } from "../../../modules/iam/service-principal";
import { Secret, SecretProps } from "../../../modules/secrets/secret";
import { synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

const BASE: SecretProps = { name: "erp-mes/database-url", description: "set by ops" };

describe("Secret", () => {
  test("holds no value in Terraform: the secret only, with a 7-day recovery window", () => {
    const synth = synthScope((scope) => new Secret(scope, "url", BASE));
    expect(synth.only("aws_secretsmanager_secret")).toMatchObject({
      name: "erp-mes/database-url",
      recovery_window_in_days: 7,
    });
    expect(synth.count("aws_secretsmanager_secret_version")).toBe(0);
  });

  test("keeps the address of a bare secret with the construct's id (a new address would recreate it)", () => {
    const synth = synthScope((scope) => new Secret(scope, "database-url", BASE));
    expect(Object.keys(synth.resources("aws_secretsmanager_secret"))).toEqual(["database-url"]);
  });

  test("grantRead lets exactly that role read exactly this secret", () => {
    const synth = synthScope((scope) => {
      const secret = new Secret(scope, "url", BASE);
      const role = new Role(scope, "reader", { roleName: "reader", assumedBy: ServicePrincipals.ecsTasks });
      secret.grantRead(role);
    });
    const secretName = Object.keys(synth.resources("aws_secretsmanager_secret"))[0]!;
    const policy = synth.only("aws_iam_role_policy");
    expect(JSON.parse(policy.policy as string).Statement).toEqual([
      {
        Sid: "ReadSecret",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: ref("aws_secretsmanager_secret", secretName, "arn"),
      },
    ]);
  });

  test.each([0, 6, 31, 7.5])("refuses a recovery window of %p days", (days) => {
    expect(() =>
      synthScope((scope) => new Secret(scope, "url", { ...BASE, recoveryWindowDays: days })),
    ).toThrow(`url: recoveryWindowDays must be a whole number from 7 to 30, got ${days}`);
  });
});

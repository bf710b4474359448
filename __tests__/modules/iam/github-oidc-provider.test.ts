import { TerraformOutput } from "cdktf";
import {
  GitHubOidcProvider,
  GitHubOidcProviderProps,
  gitHubOidcProviderRefProblem,
} from "../../../modules/iam/github-oidc-provider";
import { webIdentityPrincipal } from "../../../modules/iam/web-identity-principal";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";

/**
 * The account's GitHub Actions OIDC provider, and the web-identity principal a role trusts it
 * through (modules/iam/web-identity-principal.ts).
 */

function build(props?: GitHubOidcProviderProps): SynthesizedJson {
  return synthScope((scope) => {
    const provider = new GitHubOidcProvider(scope, "github", props);
    new TerraformOutput(scope, "arn", { value: provider.providerArn });
  });
}

describe("GitHubOidcProvider", () => {
  test("token.actions.githubusercontent.com for client sts.amazonaws.com, no thumbprint pinned by default", () => {
    const synth = build();
    // hashicorp/aws 5.100.0: thumbprint_list is optional and computed; IAM trusts GitHub through its root CAs.
    expect(synth.only("aws_iam_openid_connect_provider")).toEqual({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
    const name = Object.keys(synth.resources("aws_iam_openid_connect_provider"))[0]!;
    expect(synth.output("arn")!.value).toBe(`\${aws_iam_openid_connect_provider.${name}.arn}`);
  });

  test("thumbprints, when given, are pinned (lowercase)", () => {
    const thumbprint = "6938FD4D98BAB03FAADB97B34396831E3780AEA1";
    expect(
      build({ thumbprints: [thumbprint] }).only("aws_iam_openid_connect_provider").thumbprint_list,
    ).toEqual([thumbprint.toLowerCase()]);
  });

  test.each([
    [{ thumbprints: [] }, /thumbprints must list 1-5 certificate thumbprints .*got 0/],
    [{ thumbprints: Array(6).fill("a".repeat(40)) }, /thumbprints must list 1-5 .*got 6/],
    [{ thumbprints: ["abc"] }, /a thumbprint is the SHA-1 of a certificate, 40 hex digits, got "abc"/],
  ] as [GitHubOidcProviderProps, RegExp][])("refuses %j", (props, message) => {
    expect(() => build(props)).toThrow(new RegExp(`^stack/github: ${message.source}`));
  });

  test("a provider ARN handed in must name GitHub's provider", () => {
    expect(
      gitHubOidcProviderRefProblem({
        providerArn: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
      }),
    ).toBeUndefined();
    expect(
      gitHubOidcProviderRefProblem({
        providerArn: "arn:aws:iam::111111111111:oidc-provider/accounts.google.com",
      }),
    ).toMatch(/provider\.providerArn must be the ARN of the GitHub Actions OIDC provider/);
  });
});

describe("webIdentityPrincipal", () => {
  const ARN = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";

  test("conditions <host>:aud and <host>:sub, exactly", () => {
    expect(
      webIdentityPrincipal(ARN, "token.actions.githubusercontent.com", {
        audience: "sts.amazonaws.com",
        subject: "repo:acme/api:ref:refs/heads/main",
      }),
    ).toEqual({
      federatedProviderArn: ARN,
      stringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": "repo:acme/api:ref:refs/heads/main",
      },
    });
  });

  test.each([
    [
      "https://token.actions.githubusercontent.com",
      { audience: "a", subject: "s" },
      /host name without scheme/,
    ],
    ["token.actions.githubusercontent.com", { audience: "", subject: "s" }, /audience must not be empty/],
    [
      "token.actions.githubusercontent.com",
      { audience: "a", subject: "repo:acme/*" },
      /subject must be exact, without "\*" or "\?"/,
    ],
    [
      "token.actions.githubusercontent.com",
      { audience: "a", subject: "repo:acme/ap?" },
      /subject must be exact/,
    ],
  ])("refuses host %p with %j", (host, claims, message) => {
    expect(() => webIdentityPrincipal(ARN, host, claims)).toThrow(message);
  });
});

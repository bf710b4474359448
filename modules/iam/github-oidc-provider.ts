import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { Token } from "cdktf";
import { Construct } from "constructs";

/** The issuer of GitHub Actions' OIDC tokens (their `iss` claim, and the prefix of their condition keys). */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/**
 * The audience `aws-actions/configure-aws-credentials` asks GitHub to put in the token (`aud`), and the
 * one client id the provider accepts.
 */
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** What a deploy role needs of the provider: its ARN. A GitHubOidcProvider is one; so is `{ providerArn }`. */
export interface GitHubOidcProviderRef {
  /** `arn:<partition>:iam::<account>:oidc-provider/token.actions.githubusercontent.com` */
  readonly providerArn: string;
}

export interface GitHubOidcProviderProps {
  /**
   * SHA-1 thumbprints (40 hex digits) of the certificate IAM should pin, 1-5 of them. IAM verifies
   * GitHub's certificate against its own library of trusted root CAs, and hashicorp/aws 5.100.0 makes
   * `thumbprint_list` optional and computed (IAM fills it in), so pinning only adds an outage the next
   * time GitHub rotates its certificate.
   * @default none: IAM trusts GitHub through its root CAs and reports the thumbprint it computed
   */
  readonly thumbprints?: readonly string[];
}

const THUMBPRINT = /^[0-9a-fA-F]{40}$/;
const PROVIDER_ARN = new RegExp(
  `^arn:aws[a-z-]*:iam::\\d{12}:oidc-provider/${GITHUB_OIDC_HOST.replace(/\./g, "\\.")}$`,
);

/**
 * The account's IAM OIDC identity provider for GitHub Actions (`https://token.actions.githubusercontent.com`,
 * client id `sts.amazonaws.com`). IAM holds one provider per URL per account: make it in one stack
 * and hand its `providerArn` (or the ARN itself, as a GitHubOidcProviderRef) to every deploy role of
 * that account. It trusts nothing by itself; each GitHubDeployRole names the one repository and
 * branch its tokens must come from.
 */
export class GitHubOidcProvider extends Construct implements GitHubOidcProviderRef {
  public readonly providerArn: string;
  /** `https://token.actions.githubusercontent.com` */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: GitHubOidcProviderProps = {}) {
    super(scope, id);
    const thumbprints = props.thumbprints ? [...props.thumbprints] : undefined;
    if (thumbprints && (thumbprints.length < 1 || thumbprints.length > 5)) {
      throw new Error(
        `${this.node.path}: thumbprints must list 1-5 certificate thumbprints (IAM's limit), or be left out so IAM trusts GitHub through its root CAs; got ${thumbprints.length}`,
      );
    }
    const bad = thumbprints?.find((t) => !Token.isUnresolved(t) && !THUMBPRINT.test(t));
    if (bad !== undefined) {
      throw new Error(
        `${this.node.path}: a thumbprint is the SHA-1 of a certificate, 40 hex digits, got "${bad}"`,
      );
    }
    const provider = new IamOpenidConnectProvider(this, "provider", {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
      ...(thumbprints ? { thumbprintList: thumbprints.map((t) => t.toLowerCase()) } : {}),
    });
    this.providerArn = provider.arn;
    this.url = provider.url;
  }
}

/**
 * Why `ref` cannot be GitHub's provider, or undefined. A literal ARN must name the
 * token.actions.githubusercontent.com provider; a reference is checked by Terraform at apply.
 */
export function gitHubOidcProviderRefProblem(ref: GitHubOidcProviderRef): string | undefined {
  if (Token.isUnresolved(ref.providerArn) || PROVIDER_ARN.test(ref.providerArn)) return undefined;
  return `provider.providerArn must be the ARN of the GitHub Actions OIDC provider, "arn:aws:iam::<account>:oidc-provider/${GITHUB_OIDC_HOST}", got "${ref.providerArn}"`;
}

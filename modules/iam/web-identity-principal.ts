import { Token } from "cdktf";

/**
 * An OpenID Connect identity provider registered in IAM (`aws_iam_openid_connect_provider`) whose
 * tokens assume a role through `sts:AssumeRoleWithWebIdentity`, and the exact claims a token must
 * carry. Unlike a ServicePrincipal, a federated principal with no conditions would let every token
 * the provider issues assume the role (for GitHub: every workflow of every repository on
 * github.com), so `webIdentityPrincipal` refuses to make one without an audience and a subject.
 */
export interface WebIdentityPrincipal {
  /** ARN of the IAM OIDC provider, `arn:<partition>:iam::<account>:oidc-provider/<host>`. */
  readonly federatedProviderArn: string;
  /**
   * `StringEquals` conditions of the trust policy, claim key → the one value it must have. Only
   * StringEquals: StringLike would let a `*` in a value widen the trust.
   */
  readonly stringEquals: Readonly<Record<string, string>>;
}

export interface WebIdentityClaims {
  /** The `aud` claim the token must carry, e.g. "sts.amazonaws.com". */
  readonly audience: string;
  /** The `sub` claim the token must carry, exactly (no wildcards). */
  readonly subject: string;
}

/** Host names as IAM spells them in provider ARNs and condition keys (no scheme, no trailing slash). */
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(\/[A-Za-z0-9._~-]+)*$/;

/**
 * The principal for tokens of the provider at `host` (e.g. "token.actions.githubusercontent.com")
 * with exactly `claims.audience` and `claims.subject`: conditions `<host>:aud` and `<host>:sub`.
 * @throws when a claim is empty or holds a wildcard ("*" or "?"), or the host is not a bare host name
 */
export function webIdentityPrincipal(
  federatedProviderArn: string,
  host: string,
  claims: WebIdentityClaims,
): WebIdentityPrincipal {
  if (!HOST.test(host)) {
    throw new Error(
      `web identity provider host must be a host name without scheme, e.g. "token.actions.githubusercontent.com", got "${host}"`,
    );
  }
  for (const [claim, value] of [
    ["audience", claims.audience],
    ["subject", claims.subject],
  ] as const) {
    if (Token.isUnresolved(value)) continue;
    if (value.trim() === "") throw new Error(`web identity ${claim} must not be empty`);
    if (/[*?]/.test(value)) {
      throw new Error(
        `web identity ${claim} must be exact, without "*" or "?" (a wildcard trusts every token that matches it), got "${value}"`,
      );
    }
  }
  return {
    federatedProviderArn,
    stringEquals: { [`${host}:aud`]: claims.audience, [`${host}:sub`]: claims.subject },
  };
}

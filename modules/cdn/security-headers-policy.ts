import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";

export interface SecurityHeadersPolicyProps {
  /** Policy name, unique in the account: 1-128 letters, digits, hyphens or underscores. */
  readonly name: string;
  /** @default "Security headers for <name>" */
  readonly comment?: string;
  /**
   * Strict-Transport-Security max-age in seconds; browsers then refuse plain HTTP to the site (and
   * its subdomains) for that long.
   * @default 31536000 (one year)
   */
  readonly hstsMaxAgeSeconds?: number;
  /**
   * Add `preload` to Strict-Transport-Security. Submitting a domain to the browsers' preload list is
   * hard to undo and covers every subdomain, so it is an explicit choice of the domain's owner.
   * @default false
   */
  readonly hstsPreload?: boolean;
  /**
   * Content-Security-Policy sent with every response. What a frontend may load is the application's
   * business, so nothing is assumed here.
   * @default none
   */
  readonly contentSecurityPolicy?: string;
  /** @default the stack's default provider (CloudFront is global; this only picks the account) */
  readonly provider?: TerraformProvider;
}

const POLICY_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const ONE_YEAR = 31_536_000;

/**
 * A CloudFront response headers policy with the browser security headers every response of a
 * distribution carries, overriding whatever the origin sent: HSTS (one year, subdomains included),
 * `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`,
 * `Referrer-Policy: strict-origin-when-cross-origin` and `X-XSS-Protection: 1; mode=block` (for old
 * browsers; current ones ignore it).
 */
export class SecurityHeadersPolicy extends Construct {
  public readonly policyId: string;
  public readonly policyName: string;

  constructor(scope: Construct, id: string, props: SecurityHeadersPolicyProps) {
    super(scope, id);
    const maxAge = props.hstsMaxAgeSeconds ?? ONE_YEAR;
    this.validate(props, maxAge);

    const policy = new CloudfrontResponseHeadersPolicy(this, "policy", {
      name: props.name,
      comment: props.comment ?? `Security headers for ${props.name}`,
      provider: props.provider,
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: maxAge,
          includeSubdomains: true,
          preload: props.hstsPreload ?? false,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
        ...(props.contentSecurityPolicy !== undefined
          ? {
              contentSecurityPolicy: {
                contentSecurityPolicy: props.contentSecurityPolicy,
                override: true,
              },
            }
          : {}),
      },
    });
    this.policyId = policy.id;
    this.policyName = policy.name;
  }

  private validate(props: SecurityHeadersPolicyProps, maxAge: number): void {
    const path = this.node.path;
    if (!Token.isUnresolved(props.name) && !POLICY_NAME.test(props.name)) {
      throw new Error(
        `${path}: name must be 1-128 letters, digits, hyphens or underscores, got "${props.name}"`,
      );
    }
    // Below one year a site is not eligible for preload lists, and a short max-age protects little.
    if (!Number.isInteger(maxAge) || maxAge < ONE_YEAR || maxAge > 2 * ONE_YEAR) {
      throw new Error(
        `${path}: hstsMaxAgeSeconds must be a whole number from ${ONE_YEAR} (one year) to ${2 * ONE_YEAR}, got ${maxAge}`,
      );
    }
    if (props.comment !== undefined && props.comment.length > 128) {
      throw new Error(`${path}: comment must be at most 128 characters, got ${props.comment.length}`);
    }
    const csp = props.contentSecurityPolicy;
    if (csp !== undefined && !Token.isUnresolved(csp) && (csp.trim() === "" || csp.length > 1783)) {
      throw new Error(
        `${path}: contentSecurityPolicy must be a non-empty policy of at most 1783 characters, got ${csp.length} characters`,
      );
    }
  }
}

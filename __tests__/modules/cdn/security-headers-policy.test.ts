import {
  SecurityHeadersPolicy,
  SecurityHeadersPolicyProps,
} from "../../../modules/cdn/security-headers-policy";
import { synthScope } from "../../harness/synth-scope";

function policyOf(overrides: Partial<SecurityHeadersPolicyProps> = {}): Record<string, unknown> {
  return synthScope(
    (scope) => new SecurityHeadersPolicy(scope, "headers", { name: "ecg-dev-headers", ...overrides }),
  ).only("aws_cloudfront_response_headers_policy");
}

describe("SecurityHeadersPolicy", () => {
  it("sends the browser security headers on every response, overriding the origin's", () => {
    expect(policyOf()).toEqual(
      expect.objectContaining({
        name: "ecg-dev-headers",
        comment: "Security headers for ecg-dev-headers",
        security_headers_config: {
          strict_transport_security: {
            access_control_max_age_sec: 31536000,
            include_subdomains: true,
            preload: false,
            override: true,
          },
          content_type_options: { override: true },
          frame_options: { frame_option: "DENY", override: true },
          referrer_policy: { referrer_policy: "strict-origin-when-cross-origin", override: true },
          xss_protection: { protection: true, mode_block: true, override: true },
        },
      }),
    );
  });

  it("adds preload and a content security policy only when asked", () => {
    const config = policyOf({ hstsPreload: true, contentSecurityPolicy: "default-src 'self'" })
      .security_headers_config as Record<string, Record<string, unknown>>;
    expect(config.strict_transport_security!.preload).toBe(true);
    expect(config.content_security_policy).toEqual({
      content_security_policy: "default-src 'self'",
      override: true,
    });
    expect(
      (policyOf().security_headers_config as Record<string, unknown>).content_security_policy,
    ).toBeUndefined();
  });

  it.each<[string, Partial<SecurityHeadersPolicyProps>, RegExp]>([
    [
      "an HSTS max-age under a year",
      { hstsMaxAgeSeconds: 86400 },
      /hstsMaxAgeSeconds must be a whole number from 31536000 \(one year\) to 63072000, got 86400/,
    ],
    [
      "a name with a dot",
      { name: "ecg.headers" },
      /name must be 1-128 letters, digits, hyphens or underscores, got "ecg.headers"/,
    ],
    [
      "an empty content security policy",
      { contentSecurityPolicy: " " },
      /contentSecurityPolicy must be a non-empty policy/,
    ],
    [
      "a comment over 128 characters",
      { comment: "c".repeat(129) },
      /comment must be at most 128 characters, got 129/,
    ],
  ])("refuses %s", (_what, overrides, message) => {
    expect(() => policyOf(overrides)).toThrow(message);
    expect(() => policyOf(overrides)).toThrow(/^stack\/headers: /);
  });
});

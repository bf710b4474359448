/**
 * The ELB security policies an HTTPS listener here may use: every predefined Application Load Balancer
 * policy whose lowest protocol is TLS 1.2 or TLS 1.3. Policies that still accept TLS 1.0 or 1.1
 * (ELBSecurityPolicy-2016-08, the AWS API default, and every *-1-0-* / *-1-1-* / FS-2018-06 / TLS-1-0
 * policy) are absent, so the allow-list is the whole check. Shared by the ALB module and the policy suite.
 */
export const ALLOWED_ALB_TLS_POLICIES = [
  // TLS 1.3 + 1.2 (2021-06 generation)
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
  // TLS 1.3 only
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  // Hybrid post-quantum key exchange (2025-09)
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  // FIPS 140-3
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
  // TLS 1.2 only (forward secrecy and older TLS 1.2 policies)
  "ELBSecurityPolicy-FS-1-2-2019-08",
  "ELBSecurityPolicy-FS-1-2-Res-2019-08",
  "ELBSecurityPolicy-FS-1-2-Res-2020-10",
  "ELBSecurityPolicy-TLS-1-2-2017-01",
  "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
] as const;

export type AlbTlsPolicy = (typeof ALLOWED_ALB_TLS_POLICIES)[number];

/** TLS 1.3 with TLS 1.2 fallback, restricted to forward-secret AEAD ciphers; the console default until 2025. */
export const DEFAULT_ALB_TLS_POLICY: AlbTlsPolicy = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06";

export function isAllowedAlbTlsPolicy(policy: string): policy is AlbTlsPolicy {
  return (ALLOWED_ALB_TLS_POLICIES as readonly string[]).includes(policy);
}

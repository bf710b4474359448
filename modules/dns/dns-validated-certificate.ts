import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { MAX_CERTIFICATE_DOMAIN_LENGTH, domainNameProblem, hostedZoneIdProblem, isInZone } from "./dns-names";

/** Key algorithms ACM issues public certificates with, and an ALB serves. */
export const CERTIFICATE_KEY_ALGORITHMS = ["RSA_2048", "EC_prime256v1", "EC_secp384r1"] as const;

/** ACM's limit on the first (common) name of a certificate, periods included. */

export interface DnsValidatedCertificateProps {
  /**
   * The name the certificate is for, e.g. "api.example.com" ("*.example.com" for a wildcard): lowercase,
   * no trailing dot, at most 64 characters (ACM's limit for a certificate's first name). One name per
   * certificate: it then has exactly one validation record, whose address is known at plan time.
   */
  readonly domainName: string;
  /**
   * The hosted zone that answers for `domainName`, where the validation record goes: its id ("Z..."),
   * taken as given rather than looked up by name, so a plan never depends on which zones exist.
   */
  readonly hostedZoneId: string;
  /**
   * The zone's own domain ("example.com"). When given, a `domainName` outside it is refused at synth
   * instead of failing (or validating nothing) at apply.
   * @default none: not checked
   */
  readonly zoneName?: string;
  /**
   * Key algorithm of the certificate. RSA 2048 is what every client accepts; the EC keys are smaller
   * and faster where all clients support ECDSA.
   * @default "RSA_2048"
   */
  readonly keyAlgorithm?: (typeof CERTIFICATE_KEY_ALGORITHMS)[number];
  /**
   * Provider (and so region) the certificate and its validation are created with: a certificate is
   * usable only in its own region, so this is the region of the load balancer that serves it
   * (`stack.providerIn("us-east-1")` for CloudFront). The validation record is in Route 53, which is
   * global, and uses the stack's default provider.
   * @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A public ACM certificate for one domain name, validated through DNS in a Route 53 hosted zone: the
 * validation CNAME is written to the zone and `aws_acm_certificate_validation` waits until ACM has
 * issued the certificate. Because ACM keeps that record to renew the certificate, renewals need no
 * one. `certificateArn` is the validation's, so whatever uses it (an HTTPS listener) is created only
 * once the certificate is issued.
 *
 * One construct per name and account: ACM gives every certificate for a name in an account the same
 * validation record, and a second construct for the same name fails to create the record (it exists)
 * rather than silently sharing, and later deleting, the other's.
 */
export class DnsValidatedCertificate extends Construct {
  /** The issued certificate's ARN; a reference to the validation, so users wait for issuance. */
  public readonly certificateArn: string;
  public readonly domainName: string;
  /** The validation CNAME's name in the zone. */
  public readonly validationRecordFqdn: string;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    this.validate(props);

    const certificate = new AcmCertificate(this, "certificate", {
      domainName: props.domainName,
      validationMethod: "DNS",
      keyAlgorithm: props.keyAlgorithm ?? "RSA_2048",
      provider: props.provider,
      // A change that replaces the certificate (name, key) issues the new one before the listener
      // lets go of the old, so HTTPS never goes without a certificate.
      lifecycle: { createBeforeDestroy: true },
    });

    // domain_validation_options is a set in the provider's schema; cdktf's `.get(0)` reads it through
    // tolist(). A certificate for one name has exactly one option, so index 0 is that name's record.
    const option = certificate.domainValidationOptions.get(0);
    const record = new Route53Record(this, "validation-record", {
      zoneId: props.hostedZoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 60,
      // Taking over an existing record would hide that another certificate (or stack) owns it.
      allowOverwrite: false,
    });

    const validation = new AcmCertificateValidation(this, "validation", {
      certificateArn: certificate.arn,
      validationRecordFqdns: [record.fqdn],
      provider: props.provider,
    });

    this.certificateArn = validation.certificateArn;
    this.domainName = props.domainName;
    this.validationRecordFqdn = record.fqdn;
  }

  private validate(props: DnsValidatedCertificateProps): void {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    const name = props.domainName;
    if (!Token.isUnresolved(name)) {
      const problem = domainNameProblem(name, { wildcard: true });
      if (problem) fail(`domainName ${problem}`);
      if (name.length > MAX_CERTIFICATE_DOMAIN_LENGTH) {
        fail(
          `domainName must be at most ${MAX_CERTIFICATE_DOMAIN_LENGTH} characters (ACM's limit for a certificate's first name), got ${name.length} in "${name}"`,
        );
      }
    }
    if (!Token.isUnresolved(props.hostedZoneId)) {
      const problem = hostedZoneIdProblem(props.hostedZoneId);
      if (problem) fail(`hostedZoneId ${problem}`);
    }
    if (props.zoneName !== undefined && !Token.isUnresolved(props.zoneName)) {
      const problem = domainNameProblem(props.zoneName, { wildcard: false });
      if (problem) fail(`zoneName ${problem}`);
      if (!Token.isUnresolved(name) && !isInZone(name.replace(/^\*\./, ""), props.zoneName)) {
        fail(
          `domainName "${name}" is not in zone "${props.zoneName}": its validation record could not be written there; use that zone's name or a name below it`,
        );
      }
    }
    const algorithm = props.keyAlgorithm;
    if (algorithm !== undefined && !(CERTIFICATE_KEY_ALGORITHMS as readonly string[]).includes(algorithm)) {
      fail(`keyAlgorithm must be one of ${CERTIFICATE_KEY_ALGORITHMS.join(", ")}, got "${algorithm}"`);
    }
  }
}

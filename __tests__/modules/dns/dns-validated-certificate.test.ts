import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { Alb } from "../../../modules/alb/alb";
import {
  DnsValidatedCertificate,
  DnsValidatedCertificateProps,
} from "../../../modules/dns/dns-validated-certificate";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref, target } from "../refs";

const ZONE = "Z0123456789ABCDEFGHIJ";
const BASE: DnsValidatedCertificateProps = {
  domainName: "api.example.com",
  hostedZoneId: ZONE,
  zoneName: "example.com",
};

function build(
  overrides: Partial<DnsValidatedCertificateProps> = {},
  extra?: (scope: Construct, cert: DnsValidatedCertificate) => void,
): SynthesizedJson {
  return synthScope((scope) => {
    const cert = new DnsValidatedCertificate(scope, "cert", { ...BASE, ...overrides });
    new TerraformOutput(scope, "certificate_arn", { value: cert.certificateArn });
    new TerraformOutput(scope, "domain_name", { value: cert.domainName });
    new TerraformOutput(scope, "validation_fqdn", { value: cert.validationRecordFqdn });
    extra?.(scope, cert);
  });
}

function buildError(overrides: Partial<DnsValidatedCertificateProps>): string {
  try {
    build(overrides);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected DnsValidatedCertificate to refuse these props");
}

const name = (synth: SynthesizedJson, type: string) => Object.keys(synth.resources(type))[0]!;

describe("DnsValidatedCertificate", () => {
  const synth = build();
  const certificate = name(synth, "aws_acm_certificate");
  const option = (attribute: string) =>
    `\${tolist(aws_acm_certificate.${certificate}.domain_validation_options).0.${attribute}}`;

  it("requests a DNS-validated RSA 2048 certificate for the one name, replaced before it is destroyed", () => {
    expect(synth.only("aws_acm_certificate")).toEqual({
      domain_name: "api.example.com",
      validation_method: "DNS",
      key_algorithm: "RSA_2048",
      lifecycle: { create_before_destroy: true },
    });
  });

  it("writes the validation CNAME from the one domain validation option (the set read through tolist) into the zone given by id", () => {
    expect(synth.only("aws_route53_record")).toEqual({
      zone_id: ZONE,
      name: option("resource_record_name"),
      type: option("resource_record_type"),
      records: [option("resource_record_value")],
      ttl: 60,
      allow_overwrite: false,
    });
    // The zone is taken as given: nothing is looked up by name.
    expect(synth.json.data?.aws_route53_zone).toBeUndefined();
  });

  it("waits for ACM to issue the certificate once the validation record exists", () => {
    const validation = synth.only("aws_acm_certificate_validation");
    expect(validation.certificate_arn).toBe(ref("aws_acm_certificate", certificate, "arn"));
    expect(validation.validation_record_fqdns).toEqual([
      ref("aws_route53_record", name(synth, "aws_route53_record"), "fqdn"),
    ]);
  });

  it("gives the validation's certificate_arn, so users wait for issuance, and the name as given", () => {
    expect(
      target(
        synth,
        "aws_acm_certificate_validation",
        synth.output("certificate_arn")?.value,
        "certificate_arn",
      ),
    ).toBe(name(synth, "aws_acm_certificate_validation"));
    expect(synth.output("domain_name")?.value).toBe("api.example.com");
    expect(synth.output("validation_fqdn")?.value).toBe(
      ref("aws_route53_record", name(synth, "aws_route53_record"), "fqdn"),
    );
  });

  it("an Alb's HTTPS listener given certificateArn depends on the validation through the reference", () => {
    const withAlb = build({}, (scope, cert) => {
      new Alb(scope, "web", {
        name: "web",
        vpcId: "vpc-1",
        subnetIds: ["subnet-a", "subnet-b"],
        certificateArn: cert.certificateArn,
      });
    });
    const https = Object.values(withAlb.resources("aws_lb_listener")).find((l) => l.protocol === "HTTPS")!;
    expect(https.certificate_arn).toBe(
      ref(
        "aws_acm_certificate_validation",
        name(withAlb, "aws_acm_certificate_validation"),
        "certificate_arn",
      ),
    );
  });

  it("takes a wildcard name and an EC key", () => {
    expect(
      build({ domainName: "*.example.com", keyAlgorithm: "EC_prime256v1" }).only("aws_acm_certificate"),
    ).toMatchObject({ domain_name: "*.example.com", key_algorithm: "EC_prime256v1" });
  });

  it("creates certificate and validation with the given provider (another region), the record with the default", () => {
    const regional = synthScope((scope) => {
      const east = new AwsProvider(scope, "us-east-1", { region: "us-east-1", alias: "us-east-1" });
      new DnsValidatedCertificate(scope, "cert", { ...BASE, provider: east });
    });
    expect(regional.only("aws_acm_certificate").provider).toBe("aws.us-east-1");
    expect(regional.only("aws_acm_certificate_validation").provider).toBe("aws.us-east-1");
    expect(regional.only("aws_route53_record").provider).toBeUndefined();
  });

  it("checks nothing it cannot read: a zone id and name from references", () => {
    const fromRefs = synthScope((scope) => {
      const zone = new Route53Zone(scope, "zone", { name: "example.com" });
      new DnsValidatedCertificate(scope, "cert", {
        domainName: "api.example.com",
        hostedZoneId: zone.zoneId,
        zoneName: zone.name,
      });
    });
    const zone = Object.keys(fromRefs.resources("aws_route53_zone"))[0]!;
    expect(fromRefs.only("aws_route53_record").zone_id).toBe(ref("aws_route53_zone", zone, "zone_id"));
  });

  describe("refuses", () => {
    it.each([
      [
        "an upper-case name",
        { domainName: "API.example.com" },
        /domainName must be a lowercase domain name .*, got "API.example.com"/,
      ],
      [
        "a trailing dot",
        { domainName: "api.example.com." },
        /domainName must be .*without the trailing dot.*got "api.example.com."/,
      ],
      [
        "a single label",
        { domainName: "localhost", zoneName: undefined },
        /domainName must be .*got "localhost"/,
      ],
      [
        "an IP address",
        { domainName: "10.0.0.1", zoneName: undefined },
        /domainName must be .*got "10.0.0.1"/,
      ],
      ["a label starting with a hyphen", { domainName: "-api.example.com" }, /domainName must be/],
      ["a wildcard below the first label", { domainName: "api.*.example.com" }, /domainName must be/],
      [
        "a name over ACM's 64 characters",
        { domainName: `${"a".repeat(60)}.example.com` },
        /domainName must be at most 64 characters \(ACM's limit for a certificate's first name\), got 72/,
      ],
      [
        "a zone id with the /hostedzone/ prefix",
        { hostedZoneId: `/hostedzone/${ZONE}` },
        /hostedZoneId must be a Route 53 hosted zone id: "Z" then uppercase letters and digits.*got "\/hostedzone\/Z0123456789ABCDEFGHIJ"/,
      ],
      [
        "a lower-case zone id",
        { hostedZoneId: "z0123abc" },
        /hostedZoneId must be a Route 53 hosted zone id/,
      ],
      [
        "a name outside the zone",
        { domainName: "api.example.org" },
        /domainName "api.example.org" is not in zone "example.com": its validation record could not be written there/,
      ],
      [
        "a name that only ends like the zone",
        { domainName: "api.notexample.com" },
        /domainName "api.notexample.com" is not in zone "example.com"/,
      ],
      ["a malformed zone name", { zoneName: "example" }, /zoneName must be .*got "example"/],
      [
        "an unknown key algorithm",
        { keyAlgorithm: "RSA_1024" as DnsValidatedCertificateProps["keyAlgorithm"] },
        /keyAlgorithm must be one of RSA_2048, EC_prime256v1, EC_secp384r1, got "RSA_1024"/,
      ],
    ])("%s", (_what, overrides, message) => {
      const error = buildError(overrides);
      expect(error).toMatch(/^stack\/cert: /);
      expect(error).toMatch(message);
    });

    it("accepts the zone apex and a wildcard of the zone", () => {
      expect(() => build({ domainName: "example.com" })).not.toThrow();
      expect(() => build({ domainName: "*.example.com" })).not.toThrow();
    });
  });
});

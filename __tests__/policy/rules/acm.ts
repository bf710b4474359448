import { PolicyStack, StackResource } from "../policy-stack";
import { PolicyRule, Violation, stackJson } from "../rule";

/**
 * ACM certificates and what serves them. Stated here from ACM's behaviour: ACM renews a certificate
 * by itself only when it validates through DNS (the CNAME stays in the zone) or comes from a private
 * CA; an e-mail-validated one waits for someone to click a link every year, and an imported one is
 * never renewed. An expired certificate is an outage.
 */

const LISTENER_TYPES = ["aws_lb_listener", "aws_alb_listener"];
/** Where a certificate is put to use: listeners (default certificate) and extra listener certificates. */
const CERTIFICATE_USERS = [...LISTENER_TYPES, "aws_lb_listener_certificate", "aws_alb_listener_certificate"];
const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function isImported(certificate: StackResource): boolean {
  return !isEmpty(certificate.config.private_key) || !isEmpty(certificate.config.certificate_body);
}

function fromPrivateCa(certificate: StackResource): boolean {
  return !isEmpty(certificate.config.certificate_authority_arn);
}

const dnsValidation: PolicyRule = {
  name: "acm-certificate-dns-validation",
  check: (stack) =>
    stack.resources("aws_acm_certificate").flatMap((certificate): Violation[] => {
      if (isImported(certificate))
        return [
          {
            address: certificate.address,
            why: "an imported certificate (private_key / certificate_body): ACM never renews it; request one with validation_method DNS",
          },
        ];
      if (fromPrivateCa(certificate)) return [];
      const method = certificate.config.validation_method;
      if (method === "DNS") return [];
      return [
        {
          address: certificate.address,
          why:
            method === undefined || method === null
              ? "no validation_method: request it with DNS validation so ACM renews it unattended"
              : `validation_method ${JSON.stringify(method)}: ACM renews only DNS-validated certificates unattended (e-mail needs a click every year)`,
        },
      ];
    }),
  examples: {
    violating: [
      {
        description: "e-mail validation, no validation method, and an imported certificate",
        json: stackJson({
          aws_acm_certificate: {
            mail: { domain_name: "a.example.com", validation_method: "EMAIL" },
            none: { domain_name: "b.example.com" },
            imported: { private_key: "${var.key}", certificate_body: "${var.body}" },
          },
        }),
        flags: ["aws_acm_certificate.mail", "aws_acm_certificate.none", "aws_acm_certificate.imported"],
      },
    ],
    passing: [
      {
        description: "DNS validation, and a certificate of a private CA (ACM renews both)",
        json: stackJson({
          aws_acm_certificate: {
            dns: { domain_name: "a.example.com", validation_method: "DNS" },
            private: {
              domain_name: "internal.example.com",
              certificate_authority_arn:
                "arn:aws:acm-pca:ap-northeast-2:111111111111:certificate-authority/1",
            },
          },
        }),
      },
    ],
  },
};

/** The stack's aws_acm_certificate that `value` references directly (its arn or id), if any. */
function certificateReferenced(stack: PolicyStack, value: unknown): StackResource | undefined {
  return stack
    .referencedBy(value)
    .find((r) => r.type === "aws_acm_certificate" && !r.address.startsWith("data."));
}

const validatedBeforeUse: PolicyRule = {
  name: "acm-certificate-validated-before-use",
  check: (stack) => {
    const validations = stack.resources("aws_acm_certificate_validation");
    const unvalidated = stack
      .resources("aws_acm_certificate")
      .filter((c) => c.config.validation_method === "DNS" && !isImported(c) && !fromPrivateCa(c))
      .filter((c) => !validations.some((v) => stack.referencedBy(v.config.certificate_arn).includes(c)))
      .map((c) => ({
        address: c.address,
        why: "no aws_acm_certificate_validation waits for it: whatever uses it may be created before ACM issues it, and nothing fails the apply if it never is",
      }));
    const direct = CERTIFICATE_USERS.flatMap((type) => stack.resources(type))
      .filter((user) => {
        const certificate = certificateReferenced(stack, user.config.certificate_arn);
        return certificate !== undefined && certificate.config.validation_method === "DNS";
      })
      .map((user) => ({
        address: user.address,
        why: "certificate_arn references the aws_acm_certificate itself, not its aws_acm_certificate_validation's certificate_arn: it can be attached before the certificate is issued (and fail)",
      }));
    return [...unvalidated, ...direct];
  },
  examples: {
    violating: [
      {
        description: "a DNS certificate without validation, used by a listener directly",
        json: stackJson({
          aws_acm_certificate: { c: { domain_name: "api.example.com", validation_method: "DNS" } },
          aws_lb_listener: {
            https: {
              protocol: "HTTPS",
              port: 443,
              ssl_policy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
              certificate_arn: "${aws_acm_certificate.c.arn}",
            },
          },
        }),
        flags: ["aws_acm_certificate.c", "aws_lb_listener.https"],
      },
      {
        description: "a validated certificate an extra listener certificate still takes directly",
        json: stackJson({
          aws_acm_certificate: { c: { domain_name: "api.example.com", validation_method: "DNS" } },
          aws_acm_certificate_validation: { v: { certificate_arn: "${aws_acm_certificate.c.arn}" } },
          aws_lb_listener_certificate: {
            extra: {
              listener_arn: "${aws_lb_listener.l.arn}",
              certificate_arn: "${aws_acm_certificate.c.arn}",
            },
          },
        }),
        flags: ["aws_lb_listener_certificate.extra"],
      },
    ],
    passing: [
      {
        description: "a listener on the validation's certificate_arn (what DnsValidatedCertificate gives)",
        json: stackJson({
          aws_acm_certificate: { c: { domain_name: "api.example.com", validation_method: "DNS" } },
          aws_route53_record: { r: { name: "x", type: "CNAME", zone_id: "Z1", records: ["y"], ttl: 60 } },
          aws_acm_certificate_validation: {
            v: {
              certificate_arn: "${aws_acm_certificate.c.arn}",
              validation_record_fqdns: ["${aws_route53_record.r.fqdn}"],
            },
          },
          aws_lb_listener: {
            https: {
              protocol: "HTTPS",
              port: 443,
              certificate_arn: "${aws_acm_certificate_validation.v.certificate_arn}",
            },
          },
        }),
      },
      {
        description: "a listener on a certificate of another stack, by ARN",
        json: stackJson({
          aws_lb_listener: {
            https: {
              protocol: "HTTPS",
              port: 443,
              certificate_arn: "arn:aws:acm:ap-northeast-2:111111111111:certificate/0f1e2d3c",
            },
          },
        }),
      },
    ],
  },
};

/**
 * In this file rather than alb.ts because it is about the certificate: TLS listeners must name one,
 * from ACM (an IAM server certificate would work but nothing renews it).
 */
const httpsListenerCertificate: PolicyRule = {
  name: "alb-https-listener-has-certificate",
  check: (stack) =>
    LISTENER_TYPES.flatMap((type) => stack.resources(type))
      .filter((listener) => listener.config.protocol === "HTTPS" || listener.config.protocol === "TLS")
      .flatMap((listener): Violation[] => {
        const arn = listener.config.certificate_arn;
        if (isEmpty(arn))
          return [
            {
              address: listener.address,
              why: `a ${String(listener.config.protocol)} listener without certificate_arn: AWS refuses it, or it presents nothing clients trust; use DnsValidatedCertificate's certificateArn`,
            },
          ];
        if (typeof arn === "string" && !arn.includes("${") && !ACM_ARN.test(arn))
          return [
            {
              address: listener.address,
              why: `certificate_arn ${JSON.stringify(arn)} is not an ACM certificate: nothing renews it before it expires`,
            },
          ];
        return [];
      }),
  examples: {
    violating: [
      {
        description:
          "an HTTPS listener without a certificate, a TLS one with an empty ARN, and an IAM server certificate",
        json: stackJson({
          aws_lb_listener: {
            none: { protocol: "HTTPS", port: 443, ssl_policy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" },
            tls: { protocol: "TLS", port: 8443, certificate_arn: "" },
          },
          aws_alb_listener: {
            iam: {
              protocol: "HTTPS",
              port: 443,
              certificate_arn: "arn:aws:iam::111111111111:server-certificate/web",
            },
          },
        }),
        flags: ["aws_lb_listener.none", "aws_lb_listener.tls", "aws_alb_listener.iam"],
      },
    ],
    passing: [
      {
        description: "an ACM ARN, a reference, and plain HTTP without one",
        json: stackJson({
          aws_lb_listener: {
            arn: {
              protocol: "HTTPS",
              port: 443,
              certificate_arn: "arn:aws:acm:ap-northeast-2:111111111111:certificate/0f1e2d3c-4b5a",
            },
            ref: {
              protocol: "HTTPS",
              port: 443,
              certificate_arn: "${aws_acm_certificate_validation.v.certificate_arn}",
            },
            http: { protocol: "HTTP", port: 80 },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [dnsValidation, validatedBeforeUse, httpsListenerCertificate];

import { PolicyStack, StackResource, singleBlock } from "../policy-stack";
import { PolicyRule, stackJson } from "../rule";

/** `aws_alb*` are the provider's aliases of `aws_lb*`; both are checked. */
const LB_TYPES = ["aws_lb", "aws_alb"];
const LISTENER_TYPES = ["aws_lb_listener", "aws_alb_listener"];

function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** Application load balancers: `load_balancer_type` "application", or absent (the provider's default). */
function applicationLoadBalancers(stack: PolicyStack): StackResource[] {
  return LB_TYPES.flatMap((type) => stack.resources(type)).filter((lb) => {
    const kind = lb.config.load_balancer_type;
    return kind === undefined || kind === null || kind === "application";
  });
}

const dropsInvalidHeaders: PolicyRule = {
  name: "alb-drops-invalid-header-fields",
  check: (stack) =>
    applicationLoadBalancers(stack)
      .filter((lb) => !isTrue(lb.config.drop_invalid_header_fields))
      .map((lb) => ({
        address: lb.address,
        why: "drop_invalid_header_fields is not true: malformed headers reach the targets (HTTP desync / request smuggling); use the Alb module",
      })),
  examples: {
    violating: [
      {
        description: "attribute absent (provider default false)",
        json: stackJson({ aws_lb: { a: { name: "a" } } }),
        flags: ["aws_lb.a"],
      },
      {
        description: "explicitly false, on the aws_alb alias",
        json: stackJson({
          aws_alb: { a: { name: "a", load_balancer_type: "application", drop_invalid_header_fields: false } },
        }),
        flags: ["aws_alb.a"],
      },
    ],
    passing: [
      {
        description: "true",
        json: stackJson({ aws_lb: { a: { name: "a", drop_invalid_header_fields: true } } }),
      },
      {
        description: "a network load balancer (no such attribute)",
        json: stackJson({ aws_lb: { n: { name: "n", load_balancer_type: "network" } } }),
      },
    ],
  },
};

const accessLogsEnabled: PolicyRule = {
  name: "alb-access-logs-enabled",
  check: (stack) =>
    applicationLoadBalancers(stack).flatMap((lb) => {
      const logs = singleBlock(lb.config.access_logs);
      if (!logs)
        return [
          {
            address: lb.address,
            why: "no access_logs block: requests leave no trace for incident response; use the Alb module",
          },
        ];
      if (!isTrue(logs.enabled)) {
        return [
          {
            address: lb.address,
            why: "access_logs.enabled is not true (the provider's default is false): no request is logged",
          },
        ];
      }
      if (typeof logs.bucket !== "string" || logs.bucket === "") {
        return [{ address: lb.address, why: "access_logs names no bucket: logs have nowhere to go" }];
      }
      return [];
    }),
  examples: {
    violating: [
      {
        description: "no access_logs block",
        json: stackJson({ aws_lb: { a: { name: "a" } } }),
        flags: ["aws_lb.a"],
      },
      {
        description: "block present but enabled left at its default",
        json: stackJson({ aws_lb: { a: { name: "a", access_logs: { bucket: "logs" } } } }),
        flags: ["aws_lb.a"],
      },
      {
        description: "disabled, as a list of one",
        json: stackJson({ aws_alb: { a: { name: "a", access_logs: [{ bucket: "logs", enabled: false }] } } }),
        flags: ["aws_alb.a"],
      },
      {
        description: "enabled with an empty bucket",
        json: stackJson({ aws_lb: { a: { name: "a", access_logs: { bucket: "", enabled: true } } } }),
        flags: ["aws_lb.a"],
      },
    ],
    passing: [
      {
        description: "enabled, bucket by reference",
        json: stackJson({
          aws_s3_bucket: { logs: { bucket: "logs" } },
          aws_lb: {
            a: {
              name: "a",
              access_logs: { bucket: "${aws_s3_bucket.logs.bucket}", prefix: "a", enabled: true },
            },
          },
        }),
      },
      {
        description: "a gateway load balancer is out of scope",
        json: stackJson({ aws_lb: { g: { name: "g", load_balancer_type: "gateway" } } }),
      },
    ],
  },
};

/**
 * Stated here, not imported from the module it checks: an ELB policy whose lowest protocol is TLS 1.2
 * or 1.3 is named TLS13-1-2-*, TLS13-1-3-*, TLS-1-2-* or FS-1-2-*; every policy that still accepts
 * TLS 1.0 or 1.1 (2016-08, TLS13-1-0/1-1, TLS-1-1, FS-2018-06, FS-1-1) has another name.
 */
const TLS12_OR_LATER_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-[A-Za-z0-9-]+$/;

const httpsTlsPolicy: PolicyRule = {
  name: "alb-https-listener-tls-policy",
  check: (stack) =>
    LISTENER_TYPES.flatMap((type) => stack.resources(type))
      .filter((listener) => listener.config.protocol === "HTTPS")
      .flatMap((listener) => {
        const policy = listener.config.ssl_policy;
        if (typeof policy === "string" && TLS12_OR_LATER_POLICY.test(policy)) return [];
        const why =
          policy === undefined || policy === null
            ? "HTTPS listener without ssl_policy gets ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1"
            : `ssl_policy ${JSON.stringify(policy)} is not a TLS 1.2+ policy (e.g. ELBSecurityPolicy-TLS13-1-2-Res-2021-06)`;
        return [{ address: listener.address, why }];
      }),
  examples: {
    violating: [
      {
        description: "no ssl_policy (AWS default ELBSecurityPolicy-2016-08)",
        json: stackJson({ aws_lb_listener: { l: { port: 443, protocol: "HTTPS", certificate_arn: "arn" } } }),
        flags: ["aws_lb_listener.l"],
      },
      {
        description: "a policy that still accepts TLS 1.0",
        json: stackJson({
          aws_lb_listener: {
            l: { port: 443, protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-0-2021-06" },
          },
        }),
        flags: ["aws_lb_listener.l"],
      },
      {
        description: "a TLS 1.1 policy on the aws_alb_listener alias",
        json: stackJson({
          aws_alb_listener: {
            l: { port: 443, protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS-1-1-2017-01" },
          },
        }),
        flags: ["aws_alb_listener.l"],
      },
      {
        description: "a policy Terraform only knows at apply time",
        json: stackJson({
          aws_lb_listener: { l: { port: 443, protocol: "HTTPS", ssl_policy: "${var.ssl_policy}" } },
        }),
        flags: ["aws_lb_listener.l"],
      },
    ],
    passing: [
      {
        description: "the module default",
        json: stackJson({
          aws_lb_listener: {
            l: { port: 443, protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" },
          },
        }),
      },
      {
        description: "a plain HTTP redirect listener needs no policy",
        json: stackJson({
          aws_lb_listener: {
            l: {
              port: 80,
              protocol: "HTTP",
              default_action: [
                { type: "redirect", redirect: { protocol: "HTTPS", status_code: "HTTP_301" } },
              ],
            },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [dropsInvalidHeaders, accessLogsEnabled, httpsTlsPolicy];

import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { DataAwsEc2ManagedPrefixList } from "@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list";
import { ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { originHeaderNameProblem, originHeaderValueProblem } from "../cdn/origin-header";
import { Connections, IConnectable } from "../network/connections";
import { Port } from "../network/port";
import { SecurityGroup } from "../network/security-group";
import { isCidr } from "../vpc/cidr";
import { AlbAccessLogBucket } from "./access-log-bucket";
import { ALLOWED_ALB_TLS_POLICIES, DEFAULT_ALB_TLS_POLICY, isAllowedAlbTlsPolicy } from "./tls-policies";
import { CERTIFICATE_ARN, CERTIFICATE_ARN_EXPECTED } from "./certificate-arn";
import { AlbHealthCheckProps, DEFAULT_ALB_HEALTH_CHECK } from "./health-check";

export interface AlbProps {
  /** Load balancer name: 1-32 letters, digits and hyphens, not starting with "internal-". */
  readonly name: string;
  readonly vpcId: string;
  /** At least two subnets in different AZs: public subnets when internet-facing, private otherwise. */
  readonly subnetIds: string[];
  /** Internal (VPC-only) instead of internet-facing. @default false */
  readonly internal?: boolean;
  /**
   * ACM certificate for the HTTPS:443 listener. When set, HTTP:80 only redirects to HTTPS (301).
   * @default none: then `allowPlainHttp` must be true
   */
  readonly certificateArn?: string;
  /**
   * Serve the targets over plain HTTP:80 when there is no certificate (dev only). Without a certificate
   * and without this flag the construct throws.
   * @default false
   */
  readonly allowPlainHttp?: boolean;
  /**
   * Security policy of the HTTPS listener; one of ALLOWED_ALB_TLS_POLICIES (TLS 1.2 and newer only).
   * @default "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"
   */
  readonly sslPolicy?: string;
  /** Seconds a connection may idle. @default 60 */
  readonly idleTimeoutSeconds?: number;
  /** Refuse deletion through the API (and so through `terraform destroy`). @default true */
  readonly deletionProtection?: boolean;
  /**
   * How the ALB treats requests that may be HTTP desync attacks: "defensive" blocks the dangerous ones
   * and keeps availability; "strictest" accepts only RFC 7230-compliant requests.
   * @default "defensive"
   */
  readonly desyncMitigationMode?: "defensive" | "strictest";
  /** Write access logs to a dedicated SSE-S3 bucket this construct creates. @default true */
  readonly accessLogs?: boolean;
  /** Name of the access-log bucket. @default "<name>-alb-logs-<account id>" (lowercased) */
  readonly accessLogBucketName?: string;
  /** Days before access-log objects expire. @default 90 */
  readonly accessLogRetentionDays?: number;
  /**
   * Dev only: lets `terraform destroy` delete the access-log bucket with its logs. Independent of
   * `deletionProtection`: a load balancer that may be deleted still leaves its logs behind unless
   * this says otherwise.
   * @default false
   */
  readonly accessLogForceDestroy?: boolean;
  /**
   * IPv4 CIDRs allowed to reach the listeners (80, and 443 with a certificate).
   * @default ["0.0.0.0/0"] when internet-facing; an internal ALB requires it (pass the VPC CIDR)
   */
  readonly ingressCidrs?: readonly string[];
  /**
   * Serve CloudFront only: the security group admits nothing but the
   * `com.amazonaws.global.cloudfront.origin-facing` managed prefix list, on the serving port only
   * (443 with a certificate, 80 without; the list counts as ~55 rules against the group's quota, so
   * never on both), the serving listener answers 403 to anything no rule takes, and every
   * `addTarget` rule also requires the header CloudFront adds (`OriginSecret`,
   * `CloudFrontDistribution` apiOrigin.originHeader). Whoever reaches the load balancer without
   * passing CloudFront (and its WAF) gets no further. Not with `ingressCidrs` nor `internal`.
   * @default none: `ingressCidrs` decide who reaches the listeners
   */
  readonly cloudFrontOnly?: AlbCloudFrontOnlyProps;
}

export interface AlbCloudFrontOnlyProps {
  /** Name of the header CloudFront sends, e.g. "X-Origin-Verify". */
  readonly originHeaderName: string;
  /** Its secret value (`OriginSecret.headerValue`). */
  readonly originHeaderValue: string;
}

/** The AWS managed prefix list of the addresses CloudFront reaches origins from. */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

export type { AlbHealthCheckProps } from "./health-check";

export interface AlbTargetProps {
  /** Port the targets (container port for Fargate awsvpc tasks) listen on. */
  readonly port: number;
  /** @default the defaults of AlbHealthCheckProps */
  readonly healthCheck?: AlbHealthCheckProps;
  /** Seconds the ALB drains a deregistering target. @default 30 */
  readonly deregistrationDelaySeconds?: number;
  /** Path patterns routed to these targets (at most 5). @default ["/*"] */
  readonly pathPatterns?: readonly string[];
  /** Listener rule priority, 1-50000, unique on this ALB. @default the next free number from 100 */
  readonly priority?: number;
}

/** What `Alb.addTarget` returns. */
export interface AlbTarget {
  readonly targetGroupArn: string;
  readonly targetGroupArnSuffix: string;
  /** `<alb arn_suffix>/<target group arn_suffix>`: the resource label of ALBRequestCountPerTarget scaling. */
  readonly resourceLabel: string;
  /**
   * The listener rule forwarding to the target group. An ECS service using the target group must
   * `dependsOn` it: ECS rejects a target group that no load balancer forwards to yet.
   */
  readonly listenerRule: ITerraformDependable;
}

const ALB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;
const MATCHER = /^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/;
const FIRST_AUTO_PRIORITY = 100;

/**
 * An Application Load Balancer: invalid header fields dropped, desync mitigation on, deletion
 * protection and access logs on by default, HTTPS with a TLS 1.2+ policy (HTTP only redirects), and a
 * security group open on 80/443 to `ingressCidrs` only. Listeners answer 404 until `addTarget` routes
 * paths to a target group. With `cloudFrontOnly` only CloudFront reaches it, and only requests that
 * carry CloudFront's secret origin header reach the targets (the rest get 403).
 *
 * Traffic from the ALB to its targets is opened on the targets' side:
 * `service.connections.allowFrom(alb, Port.tcp(containerPort))` adds the ingress rule on the
 * service's group and the egress rule on the ALB's. The ALB's group sends nowhere else: its only
 * egress is to the groups of its targets, on their ports (health checks use the traffic port too).
 */
export class Alb extends Construct implements IConnectable {
  public readonly connections: Connections;
  public readonly securityGroupId: string;
  public readonly albArn: string;
  public readonly albArnSuffix: string;
  public readonly dnsName: string;
  public readonly zoneId: string;
  /** The listener `addTarget` routes on: HTTPS:443 with a certificate, HTTP:80 otherwise. */
  public readonly listenerArn: string;
  /** The access-log bucket name; undefined when `accessLogs` is false. */
  public readonly accessLogBucketName?: string;

  private readonly vpcId: string;
  private readonly name: string;
  private readonly cloudFrontOnly?: AlbCloudFrontOnlyProps;
  private readonly usedPriorities = new Set<number>();
  private nextPriority = FIRST_AUTO_PRIORITY;

  constructor(scope: Construct, id: string, props: AlbProps) {
    super(scope, id);
    const https = props.certificateArn !== undefined;
    this.validate(props, https);
    this.vpcId = props.vpcId;
    this.name = props.name;
    this.cloudFrontOnly = props.cloudFrontOnly;
    const internal = props.internal ?? false;
    const accessLogs = props.accessLogs ?? true;
    const deletionProtection = props.deletionProtection ?? true;
    const servingPort = https ? 443 : 80;

    const securityGroup = new SecurityGroup(this, "security-group", {
      vpcId: props.vpcId,
      name: `${props.name}-alb`,
      description: `${internal ? "internal" : "internet-facing"} ALB ${props.name}`,
      defaultPort: Port.tcp(servingPort),
      // Its destinations are known: each target's `allowFrom(alb)` adds the one egress rule needed.
      allowAllOutbound: false,
    });
    if (props.cloudFrontOnly) {
      const cloudFront = new DataAwsEc2ManagedPrefixList(this, "cloudfront-origin-facing", {
        name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST,
      });
      // The serving port only: the HTTP redirect is for browsers, which never come here directly.
      securityGroup.connections.allowFromPrefixList(
        cloudFront.id,
        Port.tcp(servingPort),
        `${https ? "HTTPS" : "HTTP"} from CloudFront`,
      );
    } else {
      const ingressCidrs = props.ingressCidrs ?? ["0.0.0.0/0"];
      for (const cidr of ingressCidrs) {
        securityGroup.connections.allowFromCidr(cidr, Port.tcp(80), `HTTP from ${cidr}`);
        if (https) securityGroup.connections.allowFromCidr(cidr, Port.tcp(443), `HTTPS from ${cidr}`);
      }
    }

    let logBucket: AlbAccessLogBucket | undefined;
    if (accessLogs) {
      logBucket = new AlbAccessLogBucket(this, "access-logs", {
        prefix: props.name,
        bucketName: props.accessLogBucketName,
        retentionDays: props.accessLogRetentionDays ?? 90,
        // Not tied to deletionProtection: logs are evidence, kept unless deleting them is asked for.
        forceDestroy: props.accessLogForceDestroy ?? false,
      });
    }

    const lb = new Lb(this, "alb", {
      name: props.name,
      loadBalancerType: "application",
      internal,
      ipAddressType: "ipv4",
      subnets: props.subnetIds,
      securityGroups: [securityGroup.securityGroupId],
      idleTimeout: props.idleTimeoutSeconds ?? 60,
      enableDeletionProtection: deletionProtection,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: props.desyncMitigationMode ?? "defensive",
      enableHttp2: true,
      ...(logBucket
        ? {
            accessLogs: { bucket: logBucket.bucketName, prefix: logBucket.prefix, enabled: true },
            // AWS test-writes to the bucket when logging is enabled, so the delivery grant must exist first.
            dependsOn: [logBucket.policy],
          }
        : {}),
    });

    const notFound = {
      type: "fixed-response",
      fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" },
    };
    const forbidden = {
      type: "fixed-response",
      fixedResponse: { contentType: "text/plain", messageBody: "Forbidden", statusCode: "403" },
    };
    const servingDefault = props.cloudFrontOnly ? forbidden : notFound;
    let serving: LbListener;
    if (https) {
      serving = new LbListener(this, "https", {
        loadBalancerArn: lb.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: props.sslPolicy ?? DEFAULT_ALB_TLS_POLICY,
        certificateArn: props.certificateArn,
        defaultAction: [servingDefault],
      });
      new LbListener(this, "http-redirect", {
        loadBalancerArn: lb.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [
          { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
        ],
      });
    } else {
      serving = new LbListener(this, "http", {
        loadBalancerArn: lb.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [servingDefault],
      });
    }

    this.connections = securityGroup.connections;
    this.securityGroupId = securityGroup.securityGroupId;
    this.albArn = lb.arn;
    this.albArnSuffix = lb.arnSuffix;
    this.dnsName = lb.dnsName;
    this.zoneId = lb.zoneId;
    this.listenerArn = serving.arn;
    this.accessLogBucketName = logBucket?.bucketName;
  }

  /**
   * Routes `pathPatterns` on the serving listener to a new `ip` target group (Fargate awsvpc tasks).
   * The target group has no fixed name (Terraform generates one) and is created before the old one is
   * destroyed, so changing its port or health check protocol never leaves the rule without a target.
   */
  addTarget(id: string, props: AlbTargetProps): AlbTarget {
    const where = `${this.node.path}: addTarget("${id}")`;
    const healthCheck = resolveHealthCheck(where, props.healthCheck ?? {});
    checkPort(where, "port", props.port);
    const deregistrationDelay = props.deregistrationDelaySeconds ?? 30;
    checkRange(where, "deregistrationDelaySeconds", deregistrationDelay, 0, 3600);
    const pathPatterns = [...(props.pathPatterns ?? ["/*"])];
    // A rule holds 5 condition values in all; in CloudFront-only mode the origin header takes one.
    const maxPatterns = this.cloudFrontOnly ? 4 : 5;
    if (pathPatterns.length < 1 || pathPatterns.length > maxPatterns) {
      throw new Error(
        `${where}: pathPatterns needs 1-${maxPatterns} patterns${this.cloudFrontOnly ? " (the CloudFront origin header takes the fifth condition value)" : ""}, got ${pathPatterns.length}`,
      );
    }
    for (const pattern of pathPatterns) {
      if (!Token.isUnresolved(pattern) && (pattern.length < 1 || pattern.length > 128)) {
        throw new Error(`${where}: each path pattern must be 1-128 characters, got "${pattern}"`);
      }
    }
    const priority = this.claimPriority(where, props.priority);

    const scope = new Construct(this, `target-${id}`);
    const targetGroup = new LbTargetGroup(scope, "target-group", {
      targetType: "ip",
      port: props.port,
      protocol: "HTTP",
      vpcId: this.vpcId,
      deregistrationDelay: String(deregistrationDelay),
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        port: "traffic-port",
        path: healthCheck.path,
        interval: healthCheck.intervalSeconds,
        timeout: healthCheck.timeoutSeconds,
        healthyThreshold: healthCheck.healthyThreshold,
        unhealthyThreshold: healthCheck.unhealthyThreshold,
        matcher: healthCheck.matcher,
      },
      tags: { Name: `${this.name}-${id}` },
      lifecycle: { createBeforeDestroy: true },
    });
    const rule = new LbListenerRule(scope, "rule", {
      listenerArn: this.listenerArn,
      priority,
      action: [{ type: "forward", targetGroupArn: targetGroup.arn }],
      condition: [
        { pathPattern: { values: pathPatterns } },
        ...(this.cloudFrontOnly
          ? [
              {
                httpHeader: {
                  httpHeaderName: this.cloudFrontOnly.originHeaderName,
                  values: [this.cloudFrontOnly.originHeaderValue],
                },
              },
            ]
          : []),
      ],
    });
    return {
      targetGroupArn: targetGroup.arn,
      targetGroupArnSuffix: targetGroup.arnSuffix,
      resourceLabel: `${this.albArnSuffix}/${targetGroup.arnSuffix}`,
      listenerRule: rule,
    };
  }

  private claimPriority(where: string, requested: number | undefined): number {
    if (requested !== undefined) {
      checkRange(where, "priority", requested, 1, 50000);
      if (this.usedPriorities.has(requested)) {
        throw new Error(
          `${where}: priority ${requested} is already used on this ALB; pick another or omit it`,
        );
      }
      this.usedPriorities.add(requested);
      return requested;
    }
    while (this.usedPriorities.has(this.nextPriority)) this.nextPriority++;
    const priority = this.nextPriority++;
    this.usedPriorities.add(priority);
    return priority;
  }

  private validate(props: AlbProps, https: boolean): void {
    const path = this.node.path;
    if (
      !Token.isUnresolved(props.name) &&
      (!ALB_NAME.test(props.name) || props.name.startsWith("internal-"))
    ) {
      throw new Error(
        `${path}: name must be 1-32 letters, digits or hyphens, not starting or ending with "-" nor starting with "internal-", got "${props.name}"`,
      );
    }
    if (!Token.isUnresolved(props.subnetIds) && props.subnetIds.length < 2) {
      throw new Error(
        `${path}: subnetIds needs at least two subnets in different availability zones, got ${props.subnetIds.length}`,
      );
    }
    if (https) {
      const arn = props.certificateArn!;
      if (!Token.isUnresolved(arn) && !CERTIFICATE_ARN.test(arn)) {
        throw new Error(`${path}: certificateArn must be ${CERTIFICATE_ARN_EXPECTED}, got "${arn}"`);
      }
      if (props.allowPlainHttp) {
        throw new Error(
          `${path}: allowPlainHttp only applies without certificateArn; with a certificate HTTP redirects to HTTPS, so remove allowPlainHttp`,
        );
      }
    } else if (!props.allowPlainHttp) {
      throw new Error(
        `${path}: set certificateArn to serve HTTPS, or set allowPlainHttp: true to serve plain HTTP (dev only)`,
      );
    }
    if (props.sslPolicy !== undefined && !isAllowedAlbTlsPolicy(props.sslPolicy)) {
      throw new Error(
        `${path}: sslPolicy "${props.sslPolicy}" is not an allowed TLS 1.2+ policy; use one of ${ALLOWED_ALB_TLS_POLICIES.join(", ")}`,
      );
    }
    checkRange(path, "idleTimeoutSeconds", props.idleTimeoutSeconds ?? 60, 1, 4000);
    if (
      props.accessLogs === false &&
      (props.accessLogBucketName !== undefined ||
        props.accessLogRetentionDays !== undefined ||
        props.accessLogForceDestroy !== undefined)
    ) {
      throw new Error(
        `${path}: accessLogBucketName, accessLogRetentionDays and accessLogForceDestroy need accessLogs; remove them or drop accessLogs: false`,
      );
    }
    // First: its refusals say more than the generic ingress ones below.
    if (props.cloudFrontOnly) this.validateCloudFrontOnly(props, props.cloudFrontOnly);
    if (props.ingressCidrs === undefined && props.internal) {
      throw new Error(
        `${path}: an internal ALB needs ingressCidrs (e.g. the VPC CIDR); it gets no internet default`,
      );
    }
    if (props.ingressCidrs !== undefined && props.ingressCidrs.length === 0) {
      throw new Error(
        `${path}: ingressCidrs is empty, so nothing could reach the ALB; list at least one CIDR`,
      );
    }
    for (const cidr of props.ingressCidrs ?? []) {
      if (!isCidr(cidr)) {
        throw new Error(
          `${path}: ingressCidrs entry "${cidr}" is not an IPv4 CIDR with no host bits set, e.g. "10.0.0.0/16"`,
        );
      }
    }
  }

  private validateCloudFrontOnly(props: AlbProps, cloudFrontOnly: AlbCloudFrontOnlyProps): void {
    const path = this.node.path;
    if (props.ingressCidrs !== undefined) {
      throw new Error(
        `${path}: cloudFrontOnly admits CloudFront's origin-facing addresses only, so it cannot be combined with ingressCidrs; drop ingressCidrs`,
      );
    }
    if (props.internal) {
      throw new Error(
        `${path}: cloudFrontOnly needs an internet-facing ALB (CloudFront reaches it over the internet), got internal: true`,
      );
    }
    const { originHeaderName: name, originHeaderValue: value } = cloudFrontOnly;
    const problem =
      (Token.isUnresolved(name)
        ? undefined
        : originHeaderNameProblem(name, "cloudFrontOnly.originHeaderName")) ??
      (Token.isUnresolved(value)
        ? undefined
        : originHeaderValueProblem(value, "cloudFrontOnly.originHeaderValue"));
    if (problem) throw new Error(`${path}: ${problem}`);
  }
}

function resolveHealthCheck(where: string, props: AlbHealthCheckProps): Required<AlbHealthCheckProps> {
  const resolved: Required<AlbHealthCheckProps> = { ...DEFAULT_ALB_HEALTH_CHECK, ...definedOf(props) };
  if (!resolved.path.startsWith("/") || resolved.path.length > 1024) {
    throw new Error(
      `${where}: healthCheck.path must start with "/" (at most 1024 characters), got "${resolved.path}"`,
    );
  }
  checkRange(where, "healthCheck.intervalSeconds", resolved.intervalSeconds, 5, 300);
  checkRange(where, "healthCheck.timeoutSeconds", resolved.timeoutSeconds, 2, 120);
  if (resolved.timeoutSeconds >= resolved.intervalSeconds) {
    throw new Error(
      `${where}: healthCheck.timeoutSeconds (${resolved.timeoutSeconds}) must be less than intervalSeconds (${resolved.intervalSeconds})`,
    );
  }
  checkRange(where, "healthCheck.healthyThreshold", resolved.healthyThreshold, 2, 10);
  checkRange(where, "healthCheck.unhealthyThreshold", resolved.unhealthyThreshold, 2, 10);
  const codesOk =
    MATCHER.test(resolved.matcher) &&
    resolved.matcher.split(/[,-]/).every((code) => Number(code) >= 200 && Number(code) <= 499);
  if (!codesOk) {
    throw new Error(
      `${where}: healthCheck.matcher must list HTTP codes 200-499 as "200", "200-399" or "200,302", got "${resolved.matcher}"`,
    );
  }
  return resolved;
}

function checkPort(where: string, name: string, value: number): void {
  checkRange(where, name, value, 1, 65535);
}

function checkRange(where: string, name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${where}: ${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

/** `props` without its undefined entries, so spreading it over defaults keeps them. */
function definedOf<T extends object>(props: T): Partial<T> {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as Partial<T>;
}

import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { domainNameProblem, hostedZoneIdProblem, isInZone } from "./dns-names";

/** What an alias points at: a load balancer's DNS name and canonical hosted zone (`Alb.dnsName`, `Alb.zoneId`). */
export interface AliasTarget {
  readonly dnsName: string;
  /** The target's own hosted zone id (the load balancer's canonical zone), not the record's zone. */
  readonly zoneId: string;
}

export interface AliasRecordProps {
  /** The hosted zone the record goes into, by id ("Z..."), never looked up by name. */
  readonly hostedZoneId: string;
  /** The record's fully qualified name, e.g. "api.example.com": lowercase, no trailing dot. */
  readonly recordName: string;
  readonly target: AliasTarget;
  /**
   * The zone's own domain ("example.com"). When given, a `recordName` outside it is refused at synth.
   * @default none: not checked
   */
  readonly zoneName?: string;
  /**
   * Also an AAAA alias. Only for a dualstack target: an AAAA alias to an IPv4-only load balancer
   * answers with no address. The Alb module's load balancers are IPv4.
   * @default false
   */
  readonly ipv6?: boolean;
  /**
   * Route 53 answers with the target only while it is healthy (for an ALB: while some target group has
   * a healthy target), so resolvers fail over where there is somewhere to fail over to.
   * @default true
   */
  readonly evaluateTargetHealth?: boolean;
}

/**
 * Route 53 alias record(s) for a name in a hosted zone, pointing at a load balancer: an A record, and
 * an AAAA record when `ipv6` is set. Aliases cost nothing per query and follow the load balancer's
 * addresses as they change, which a CNAME to it would too, but a CNAME cannot sit at a zone's apex.
 */
export class AliasRecord extends Construct {
  /** The name as Route 53 serves it (a reference to the A record). */
  public readonly fqdn: string;
  public readonly recordName: string;

  constructor(scope: Construct, id: string, props: AliasRecordProps) {
    super(scope, id);
    this.validate(props);
    const alias = {
      name: props.target.dnsName,
      zoneId: props.target.zoneId,
      evaluateTargetHealth: props.evaluateTargetHealth ?? true,
    };
    const ipv4 = new Route53Record(this, "a", {
      zoneId: props.hostedZoneId,
      name: props.recordName,
      type: "A",
      alias,
    });
    if (props.ipv6 ?? false) {
      new Route53Record(this, "aaaa", {
        zoneId: props.hostedZoneId,
        name: props.recordName,
        type: "AAAA",
        alias,
      });
    }
    this.fqdn = ipv4.fqdn;
    this.recordName = props.recordName;
  }

  private validate(props: AliasRecordProps): void {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    const zoneIdProblem = (prop: string, zoneId: string) => {
      const problem = Token.isUnresolved(zoneId) ? undefined : hostedZoneIdProblem(zoneId);
      if (problem) fail(`${prop} ${problem}`);
    };
    zoneIdProblem("hostedZoneId", props.hostedZoneId);
    zoneIdProblem("target.zoneId", props.target.zoneId);
    const name = props.recordName;
    if (!Token.isUnresolved(name)) {
      const problem = domainNameProblem(name, { wildcard: true });
      if (problem) fail(`recordName ${problem}`);
    }
    const target = props.target.dnsName;
    if (!Token.isUnresolved(target)) {
      // Load balancer names carry capitals ("my-ALB-123....elb.amazonaws.com"); Route 53 compares them
      // case-insensitively, so only the shape is checked.
      const problem = domainNameProblem(target.toLowerCase(), { wildcard: false });
      if (problem) fail(`target.dnsName ${problem.replace(/, got ".*"$/, `, got "${target}"`)}`);
    }
    if (props.zoneName !== undefined && !Token.isUnresolved(props.zoneName)) {
      const problem = domainNameProblem(props.zoneName, { wildcard: false });
      if (problem) fail(`zoneName ${problem}`);
      if (!Token.isUnresolved(name) && !isInZone(name.replace(/^\*\./, ""), props.zoneName)) {
        fail(
          `recordName "${name}" is not in zone "${props.zoneName}"; use that zone's name or a name below it`,
        );
      }
    }
  }
}

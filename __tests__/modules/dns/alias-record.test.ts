import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { Alb } from "../../../modules/alb/alb";
import { AliasRecord, AliasRecordProps } from "../../../modules/dns/alias-record";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";

const ZONE = "Z0123456789ABCDEFGHIJ";
const ALB_TARGET = { dnsName: "web-123456789.ap-northeast-2.elb.amazonaws.com", zoneId: "ZWKZPGTI48KDX" };
const BASE: AliasRecordProps = {
  hostedZoneId: ZONE,
  recordName: "api.example.com",
  zoneName: "example.com",
  target: ALB_TARGET,
};

function build(
  overrides: Partial<AliasRecordProps> = {},
  extra?: (scope: Construct, alias: AliasRecord) => void,
): SynthesizedJson {
  return synthScope((scope) => {
    const alias = new AliasRecord(scope, "alias", { ...BASE, ...overrides });
    new TerraformOutput(scope, "fqdn", { value: alias.fqdn });
    extra?.(scope, alias);
  });
}

function buildError(overrides: Partial<AliasRecordProps>): string {
  try {
    build(overrides);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected AliasRecord to refuse these props");
}

describe("AliasRecord", () => {
  it("is one A alias to the target, evaluating its health, in the zone given by id", () => {
    const synth = build();
    expect(synth.only("aws_route53_record")).toEqual({
      zone_id: ZONE,
      name: "api.example.com",
      type: "A",
      alias: { name: ALB_TARGET.dnsName, zone_id: ALB_TARGET.zoneId, evaluate_target_health: true },
    });
    const record = Object.keys(synth.resources("aws_route53_record"))[0]!;
    expect(synth.output("fqdn")?.value).toBe(ref("aws_route53_record", record, "fqdn"));
  });

  it("points at an Alb through its dnsName and zoneId", () => {
    const synth = synthScope((scope) => {
      const alb = new Alb(scope, "web", {
        name: "web",
        vpcId: "vpc-1",
        subnetIds: ["subnet-a", "subnet-b"],
        allowPlainHttp: true,
      });
      new AliasRecord(scope, "alias", { ...BASE, target: { dnsName: alb.dnsName, zoneId: alb.zoneId } });
    });
    const lb = Object.keys(synth.resources("aws_lb"))[0]!;
    expect(synth.only("aws_route53_record").alias).toEqual({
      name: ref("aws_lb", lb, "dns_name"),
      zone_id: ref("aws_lb", lb, "zone_id"),
      evaluate_target_health: true,
    });
  });

  it("adds the AAAA alias for a dualstack target, and can stop evaluating target health", () => {
    const synth = build({ ipv6: true, evaluateTargetHealth: false });
    const records = Object.values(synth.resources("aws_route53_record"));
    expect(records.map((r) => r.type).sort()).toEqual(["A", "AAAA"]);
    for (const record of records) {
      expect(record).toMatchObject({
        name: "api.example.com",
        alias: { name: ALB_TARGET.dnsName, zone_id: ALB_TARGET.zoneId, evaluate_target_health: false },
      });
    }
  });

  it("takes the apex, a wildcard, and a target name with capitals (as ELB spells them)", () => {
    expect(() => build({ recordName: "example.com" })).not.toThrow();
    expect(() => build({ recordName: "*.example.com" })).not.toThrow();
    expect(() =>
      build({ target: { ...ALB_TARGET, dnsName: "Web-ALB-1.ap-northeast-2.elb.amazonaws.com" } }),
    ).not.toThrow();
  });

  it.each([
    [
      "a name outside the zone",
      { recordName: "api.example.org" },
      /recordName "api.example.org" is not in zone "example.com"/,
    ],
    ["an upper-case name", { recordName: "Api.example.com" }, /recordName must be a lowercase domain name/],
    [
      "a bad zone id",
      { hostedZoneId: "zone-1" },
      /hostedZoneId must be a Route 53 hosted zone id.*got "zone-1"/,
    ],
    [
      "a bad target zone id",
      { target: { ...ALB_TARGET, zoneId: "/hostedzone/ZWKZPGTI48KDX" } },
      /target.zoneId must be a Route 53 hosted zone id/,
    ],
    [
      "a target that is not a DNS name",
      { target: { ...ALB_TARGET, dnsName: "http://web.example.com" } },
      /target.dnsName must be .*got "http:\/\/web.example.com"/,
    ],
  ])("refuses %s", (_what, overrides, message) => {
    const error = buildError(overrides);
    expect(error).toMatch(/^stack\/alias: /);
    expect(error).toMatch(message);
  });
});

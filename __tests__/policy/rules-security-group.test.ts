import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { Construct } from "constructs";
import { Alb } from "../../modules/alb/alb";
import { Port } from "../../modules/network/port";
import { SecurityGroup } from "../../modules/network/security-group";
import { PostgresDatabase } from "../../modules/rds/postgres-database";
import { SecureBucket } from "../../modules/s3/secure-bucket";
import { synthScope } from "../harness/synth-scope";
import { evaluate } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * The security-group egress rules (and the S3 rules, for grants added after construction) on what
 * cdktf really emits: a data store's or a load balancer's group with general egress breaks them, the
 * PostgresDatabase, Alb and SecureBucket modules do not.
 */
const rules = loadRules();
const CERT = "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc";
const DATA_STORE = "security-group-data-store-no-egress";
const LOAD_BALANCER = "security-group-load-balancer-egress-to-groups-only";

/** The security-group and S3 rules `build` breaks: the families this file is about. */
function rulesBroken(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return [...new Set(evaluate([stack], rules).map((f) => f.rule))]
    .filter((name) => name.startsWith("security-group-") || name.startsWith("s3-"))
    .sort();
}

const group = (scope: Construct, name: string, allowAllOutbound: boolean) =>
  new SecurityGroup(scope, `${name}-group`, { vpcId: "vpc-1", name, description: name, allowAllOutbound });

test("the egress rules are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining([DATA_STORE, LOAD_BALANCER]));
});

test("a PostgresDatabase with clients breaks no egress rule; a DB instance in an allow-all group does", () => {
  expect(
    rulesBroken((s) => {
      const db = new PostgresDatabase(s, "db", {
        identifier: "erp",
        databaseName: "erp",
        vpcId: "vpc-1",
        subnetIds: ["a", "b"],
      });
      db.connections.allowFrom(group(s, "api", false));
      db.connections.allowFrom(group(s, "tasks", true));
    }),
  ).toEqual([]);
  expect(
    rulesBroken((s) => {
      const sg = group(s, "db", true);
      new DbInstance(s, "db", {
        engine: "postgres",
        instanceClass: "db.t4g.micro",
        vpcSecurityGroupIds: [sg.securityGroupId],
      });
    }),
  ).toEqual([DATA_STORE]);
});

test("an Alb sending to its targets' groups passes; general egress on a load balancer's group is flagged", () => {
  expect(
    rulesBroken((s) => {
      const alb = new Alb(s, "web", {
        name: "web",
        vpcId: "vpc-1",
        subnetIds: ["a", "b"],
        certificateArn: CERT,
      });
      alb.addTarget("api", { port: 8080 });
      group(s, "api", true).connections.allowFrom(alb, Port.tcp(8080));
    }),
  ).toEqual([]);
  expect(
    rulesBroken((s) => {
      const alb = new Alb(s, "web", {
        name: "web",
        vpcId: "vpc-1",
        subnetIds: ["a", "b"],
        certificateArn: CERT,
      });
      alb.connections.allowToCidr("10.0.0.0/16", Port.tcp(8080));
    }),
  ).toEqual([LOAD_BALANCER]);
  expect(
    rulesBroken((s) => {
      const sg = group(s, "lb", true);
      new Lb(s, "lb", { name: "lb", subnets: ["a", "b"], securityGroups: [sg.securityGroupId] });
    }),
  ).toEqual([LOAD_BALANCER]);
});

test("grants added to a SecureBucket after construction keep it within every S3 rule", () => {
  expect(
    rulesBroken((s) => {
      const bucket = new SecureBucket(s, "b", { bucketName: "acme-bucket" });
      bucket.grantRead("arn:aws:iam::123456789012:role/reader", "reports/");
      bucket.grantPut({ service: "logging.s3.amazonaws.com" }, "access/");
    }),
  ).toEqual([]);
});

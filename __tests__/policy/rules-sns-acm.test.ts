import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { Construct } from "constructs";
import { Alb } from "../../modules/alb/alb";
import { AliasRecord } from "../../modules/dns/alias-record";
import { DnsValidatedCertificate } from "../../modules/dns/dns-validated-certificate";
import { AlarmTopic } from "../../modules/monitoring/alarm-topic";
import { metricAlarm } from "../../modules/monitoring/metric-alarm";
import { albAlarms, ecsServiceAlarms, queueNotEmptyAlarm } from "../../modules/monitoring/standard-alarms";
import { PostgresDatabase } from "../../modules/rds/postgres-database";
import { synthScope } from "../harness/synth-scope";
import { evaluate } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * The SNS, alarm and ACM rules on what cdktf really emits: bare provider resources break them; the
 * AlarmTopic, alarm helpers, DnsValidatedCertificate and AliasRecord break no rule at all (every rule,
 * not only these: the topic's key policy is read by the IAM rules too). The hand-written fixtures
 * live in each rule's `examples` and run in rules.test.ts.
 */
const rules = loadRules();
const ZONE = "Z0123456789ABCDEFGHIJ";

function findings(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return evaluate([stack], rules).map((f) => `${f.rule} ${f.address.split(".")[0]}`);
}

function rulesBroken(build: (scope: Construct) => void): string[] {
  return [...new Set(findings(build).map((f) => f.split(" ")[0]!))].sort();
}

/** An HTTPS edge and alarms as a stack would wire them. */
function edgeWithAlarms(scope: Construct): AlarmTopic {
  const cert = new DnsValidatedCertificate(scope, "cert", {
    domainName: "api.example.com",
    hostedZoneId: ZONE,
    zoneName: "example.com",
  });
  const alb = new Alb(scope, "web", {
    name: "web",
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b"],
    certificateArn: cert.certificateArn,
  });
  new AliasRecord(scope, "alias", {
    hostedZoneId: ZONE,
    recordName: cert.domainName,
    target: { dnsName: alb.dnsName, zoneId: alb.zoneId },
  });
  const topic = new AlarmTopic(scope, "alarms", {
    topicName: "alerts",
    emailAddresses: ["oncall@example.com"],
  });
  albAlarms(new Construct(scope, "alb-alarms"), {
    loadBalancerArnSuffix: alb.albArnSuffix,
    topic,
    alarmNamePrefix: "web",
  });
  ecsServiceAlarms(new Construct(scope, "api-alarms"), { clusterName: "c", serviceName: "api", topic });
  queueNotEmptyAlarm(new Construct(scope, "dlq-alarm"), { queueName: "alerts-dlq", topic });
  return topic;
}

test("the SNS, alarm and ACM rules are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(
    expect.arrayContaining([
      "sns-topic-customer-managed-key",
      "sns-topic-policy-denies-insecure-transport",
      "cloudwatch-alarm-topic-accepts-alarms",
      "cloudwatch-alarm-notifies-stack-topic",
      "acm-certificate-dns-validation",
      "acm-certificate-validated-before-use",
      "alb-https-listener-has-certificate",
    ]),
  );
});

test("the HTTPS edge, the alarm topic and the standard alarms break no rule", () => {
  expect(findings(edgeWithAlarms)).toEqual([]);
});

test("a PostgresDatabase notifying the stack's AlarmTopic breaks no rule; left silent it breaks the notify rule", () => {
  const database = (scope: Construct, topicArn?: string) =>
    new PostgresDatabase(scope, "db", {
      identifier: "alerts-db",
      databaseName: "alerts",
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-b"],
      ...(topicArn ? { alarmTopicArn: topicArn } : {}),
    });
  expect(
    findings((s) => {
      const topic = new AlarmTopic(s, "alarms", {
        topicName: "alerts",
        emailAddresses: ["oncall@example.com"],
      });
      database(s, topic.topicArn);
    }),
  ).toEqual([]);
  expect(
    findings((s) => {
      new AlarmTopic(s, "alarms", { topicName: "alerts", emailAddresses: ["oncall@example.com"] });
      database(s);
    }),
  ).toEqual([
    "cloudwatch-alarm-notifies-stack-topic aws_cloudwatch_metric_alarm",
    "cloudwatch-alarm-notifies-stack-topic aws_cloudwatch_metric_alarm",
  ]);
});

test("a bare aws_sns_topic on the AWS managed key, with an alarm on it, breaks the SNS and alarm rules", () => {
  expect(
    rulesBroken((s) => {
      const topic = new SnsTopic(s, "topic", { name: "bare", kmsMasterKeyId: "alias/aws/sns" });
      metricAlarm(s, "alarm", {
        alarmName: "a",
        description: "d",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: "q" },
        statistic: "Maximum",
        comparison: "GreaterThanThreshold",
        threshold: 0,
        periodSeconds: 300,
        evaluationPeriods: 1,
        treatMissingData: "ignore",
        topic: { topicArn: topic.arn },
      });
    }),
  ).toEqual([
    "cloudwatch-alarm-topic-accepts-alarms",
    "sns-topic-customer-managed-key",
    "sns-topic-policy-denies-insecure-transport",
  ]);
});

test("an e-mail validated certificate on a listener directly breaks the ACM rules", () => {
  expect(
    rulesBroken((s) => {
      const certificate = new AcmCertificate(s, "cert", {
        domainName: "api.example.com",
        validationMethod: "EMAIL",
      });
      new LbListener(s, "https", {
        loadBalancerArn: "arn:aws:elasticloadbalancing:ap-northeast-2:111111111111:loadbalancer/app/a/1",
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        certificateArn: certificate.arn,
        defaultAction: [
          { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } },
        ],
      });
    }),
  ).toEqual(["acm-certificate-dns-validation"]);
  expect(
    rulesBroken((s) => {
      const certificate = new AcmCertificate(s, "cert", {
        domainName: "api.example.com",
        validationMethod: "DNS",
      });
      new LbListener(s, "https", {
        loadBalancerArn: "arn:aws:elasticloadbalancing:ap-northeast-2:111111111111:loadbalancer/app/a/1",
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        certificateArn: certificate.arn,
        defaultAction: [
          { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } },
        ],
      });
    }),
  ).toEqual(["acm-certificate-validated-before-use"]);
});

test("an HTTPS listener without a certificate breaks the listener rule", () => {
  expect(
    rulesBroken(
      (s) =>
        new LbListener(s, "https", {
          loadBalancerArn: "arn:aws:elasticloadbalancing:ap-northeast-2:111111111111:loadbalancer/app/a/1",
          port: 443,
          protocol: "HTTPS",
          sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
          defaultAction: [
            { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } },
          ],
        }),
    ),
  ).toEqual(["alb-https-listener-has-certificate"]);
});

import { EdgeSet } from "../../../scripts/diagram/edge-set";
import { addEntryEdges } from "../../../scripts/diagram/entry-points";
import { addFlowEdges } from "../../../scripts/diagram/flows";
import { Edge } from "../../../scripts/diagram/model";
import { StackJson, StackResources } from "../../../scripts/diagram/resources";
import { addConnectionEdges } from "../../../scripts/diagram/security-group-edges";
import { ModuleTree } from "../../../scripts/diagram/tree";
import { at, node } from "./fixtures";

/**
 * Hand-written stack JSON in the shape cdktf writes (`//.metadata.path` on each resource), read
 * against a hand-made tree: the readers' logic without building the modules.
 */
const TREE = new ModuleTree([
  node("api", "HttpApi", "edge"),
  node("cdn", "CloudFrontDistribution", "edge"),
  node("alb", "Alb", "edge"),
  node("handler", "NodejsFunction", "compute"),
  node("worker", "NodejsFunction", "compute"),
  node("kafka", "KafkaCluster", "data"),
  node("signals", "Topic", "data"),
  node("site", "SecureBucket", "data"),
]);

function edgesOf(json: StackJson): Edge[] {
  const resources = new StackResources(json);
  const edges = new EdgeSet();
  addConnectionEdges(resources, TREE, edges);
  addEntryEdges(resources, TREE, edges);
  addFlowEdges(resources, TREE, edges);
  return edges.result().edges;
}

const lines = (edges: Edge[]) => edges.map((e) => `${e.from} ${e.kind} ${e.to}: ${e.labels.join(", ")}`);

const FUNCTIONS = {
  aws_lambda_function: {
    handler_fn: { ...at("handler/function"), function_name: "handler" },
    worker_fn: { ...at("worker/function"), function_name: "worker" },
  },
};

describe("data flows", () => {
  it.each<[string, StackJson, string[]]>([
    [
      "an MSK event source mapping, labelled with its topics",
      {
        resource: {
          ...FUNCTIONS,
          aws_msk_cluster: { kafka_cluster: { ...at("kafka/cluster") } },
          aws_lambda_event_source_mapping: {
            m: {
              ...at("worker-ticks/mapping"),
              event_source_arn: "${aws_msk_cluster.kafka_cluster.arn}",
              function_name: "${aws_lambda_function.worker_fn.arn}",
              topics: ["market-ticks"],
            },
          },
        },
      },
      ["kafka flow worker: market-ticks"],
    ],
    [
      "an SNS subscription delivering to a function of the stack",
      {
        resource: {
          ...FUNCTIONS,
          aws_sns_topic: { signals_topic: { ...at("signals/topic") } },
          aws_sns_topic_subscription: {
            s: {
              ...at("signals-sub/subscription"),
              topic_arn: "${aws_sns_topic.signals_topic.arn}",
              protocol: "lambda",
              endpoint: "${aws_lambda_function.handler_fn.arn}",
            },
            mail: {
              ...at("signals/email"),
              topic_arn: "${aws_sns_topic.signals_topic.arn}",
              protocol: "email",
              endpoint: "ops@example.com",
            },
          },
        },
      },
      ["signals flow handler: subscription"],
    ],
    [
      "an event source whose function is in another stack (left out)",
      {
        resource: {
          aws_msk_cluster: { kafka_cluster: { ...at("kafka/cluster") } },
          aws_lambda_event_source_mapping: {
            m: {
              event_source_arn: "${aws_msk_cluster.kafka_cluster.arn}",
              function_name: "arn:aws:lambda:ap-northeast-2:123456789012:function:elsewhere",
            },
          },
        },
      },
      [],
    ],
  ])("%s", (_what, json, expected) => {
    expect(lines(edgesOf(json))).toEqual(expected);
  });
});

describe("entry points without a security group", () => {
  it.each([
    ["AWS_IAM", "https 443 (IAM)"],
    ["JWT", "https 443 (JWT)"],
    ["NONE", "https 443 (no auth)"],
  ])("an HTTP API whose routes use %s, and its Lambda integration", (authorization, label) => {
    const json: StackJson = {
      resource: {
        ...FUNCTIONS,
        aws_apigatewayv2_api: { api_api: { ...at("api/api"), protocol_type: "HTTP" } },
        aws_apigatewayv2_route: {
          r: {
            ...at("api/route"),
            api_id: "${aws_apigatewayv2_api.api_api.id}",
            authorization_type: authorization,
          },
        },
        aws_apigatewayv2_integration: {
          i: {
            ...at("api/integration"),
            api_id: "${aws_apigatewayv2_api.api_api.id}",
            integration_uri: "${aws_lambda_function.handler_fn.arn}",
          },
        },
      },
    };
    expect(lines(edgesOf(json))).toEqual([`internet connection api: ${label}`, "api flow handler: invoke"]);
  });

  it.each([
    ["redirect-to-https", "https 443"],
    ["allow-all", "http 80, https 443"],
  ])("a CloudFront distribution with viewer policy %s, its origins drawn once", (policy, label) => {
    const json: StackJson = {
      resource: {
        aws_s3_bucket: { site_bucket: { ...at("site/bucket") } },
        aws_lb: { alb_lb: { ...at("alb/alb"), internal: false } },
        aws_security_group: { alb_group: { ...at("alb/security-group/group") } },
        aws_cloudfront_distribution: {
          cdn_distribution: {
            ...at("cdn/distribution"),
            enabled: true,
            default_cache_behavior: { viewer_protocol_policy: policy },
            origin: [
              { domain_name: "${aws_s3_bucket.site_bucket.bucket_regional_domain_name}", origin_id: "site" },
              { domain_name: "${aws_lb.alb_lb.dns_name}", origin_id: "api" },
            ],
          },
        },
        aws_vpc_security_group_ingress_rule: {
          from_cloudfront: {
            ...at("alb/security-group/ingress"),
            security_group_id: "${aws_security_group.alb_group.id}",
            prefix_list_id: "${data.aws_ec2_managed_prefix_list.cloudfront.id}",
            ip_protocol: "tcp",
            from_port: 443,
            to_port: 443,
          },
        },
      },
      data: {
        aws_ec2_managed_prefix_list: {
          cloudfront: { ...at("alb/cloudfront"), name: "com.amazonaws.global.cloudfront.origin-facing" },
        },
      },
    };
    // The ALB origin is the security-group edge from the distribution; no dashed duplicate.
    expect(lines(edgesOf(json))).toEqual([
      `internet connection cdn: ${label}`,
      "cdn connection alb: tcp 443",
      "cdn flow site: origin",
    ]);
  });
});

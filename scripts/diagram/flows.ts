import { EdgeSet } from "./edge-set";
import { Attributes, StackResources, SynthesizedResource } from "./resources";
import { ModuleTree } from "./tree";

/**
 * Data flows no security group governs, read only where a resource says both ends outright:
 * - an event source mapping: from its source (MSK cluster, queue) to its function, labelled with
 *   the topics it reads;
 * - an SNS subscription delivering to a resource of this stack (a function, a queue);
 * - an API Gateway integration: from the API to what it invokes;
 * - a CloudFront origin: from the distribution to the bucket or load balancer it fetches from.
 * IAM grants are left out: a policy naming a resource says who may, not who does.
 */
export function addFlowEdges(resources: StackResources, tree: ModuleTree, edges: EdgeSet): void {
  const owner = (value: unknown): string | undefined => {
    const target = resources.referenced(value).find((r) => r.path && tree.ownerOf(r.path));
    return target?.path ? tree.ownerOf(target.path)?.key : undefined;
  };
  const selfOwner = (r: SynthesizedResource) => (r.path ? tree.ownerOf(r.path)?.key : undefined);
  const add = (from: string | undefined, to: string | undefined, label: string) => {
    if (from && to) edges.add(from, to, "flow", label);
  };

  for (const mapping of resources.ofType("aws_lambda_event_source_mapping")) {
    const topics = Array.isArray(mapping.attrs.topics) ? mapping.attrs.topics.map(String) : [];
    add(
      owner(mapping.attrs.event_source_arn),
      owner(mapping.attrs.function_name),
      topics.join(", ") || "events",
    );
  }
  for (const subscription of resources.ofType("aws_sns_topic_subscription")) {
    add(owner(subscription.attrs.topic_arn), owner(subscription.attrs.endpoint), "subscription");
  }
  for (const integration of resources.ofType("aws_apigatewayv2_integration")) {
    add(owner(integration.attrs.api_id), owner(integration.attrs.integration_uri), "invoke");
  }
  for (const distribution of resources.ofType("aws_cloudfront_distribution")) {
    for (const origin of blocks(distribution.attrs.origin)) {
      add(selfOwner(distribution), owner(origin.domain_name), "origin");
    }
  }
}

function blocks(value: unknown): Attributes[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.filter((v): v is Attributes => v !== null && typeof v === "object");
}

import { EdgeSet } from "./edge-set";
import { INTERNET } from "./model";
import { Attributes, StackResources } from "./resources";
import { ModuleTree } from "./tree";

const AUTHORIZATION: Record<string, string> = {
  AWS_IAM: "IAM",
  JWT: "JWT",
  CUSTOM: "Lambda authorizer",
  NONE: "no auth",
};

/**
 * Entry points no security group describes: a CloudFront distribution (`https 443`, or
 * `http 80, https 443` when viewers may stay on HTTP) and an API Gateway API (`https 443` with the
 * authorization its routes ask for). Load balancers come in through their groups' rules from
 * 0.0.0.0/0 (security-group-edges.ts).
 */
export function addEntryEdges(resources: StackResources, tree: ModuleTree, edges: EdgeSet): void {
  for (const distribution of resources.ofType("aws_cloudfront_distribution")) {
    const owner = distribution.path ? tree.ownerOf(distribution.path) : undefined;
    if (!owner || String(distribution.attrs.enabled) === "false") continue;
    for (const label of viewerLabels(distribution.attrs)) edges.add(INTERNET, owner.key, "connection", label);
  }
  const routes = resources.ofType("aws_apigatewayv2_route");
  for (const api of resources.ofType("aws_apigatewayv2_api")) {
    const owner = api.path ? tree.ownerOf(api.path) : undefined;
    if (!owner) continue;
    const auth = new Set(
      routes
        .filter((r) => resources.referenced(r.attrs.api_id).some((x) => x.address === api.address))
        .map(
          (r) =>
            AUTHORIZATION[String(r.attrs.authorization_type ?? "NONE")] ?? String(r.attrs.authorization_type),
        ),
    );
    const scheme = api.attrs.protocol_type === "WEBSOCKET" ? "wss 443" : "https 443";
    const label = auth.size > 0 ? `${scheme} (${[...auth].sort().join(", ")})` : scheme;
    edges.add(INTERNET, owner.key, "connection", label);
  }
}

function viewerLabels(attrs: Attributes): string[] {
  const behaviour = Array.isArray(attrs.default_cache_behavior)
    ? (attrs.default_cache_behavior[0] as Attributes | undefined)
    : (attrs.default_cache_behavior as Attributes | undefined);
  return behaviour?.viewer_protocol_policy === "allow-all" ? ["http 80", "https 443"] : ["https 443"];
}

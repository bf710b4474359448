import { TerraformStack } from "cdktf";
import { EdgeSet } from "./edge-set";
import { addEntryEdges } from "./entry-points";
import { addFlowEdges } from "./flows";
import { INTERNET, StackDiagram, byText } from "./model";
import { StackJson, StackResources } from "./resources";
import { addConnectionEdges } from "./security-group-edges";
import { moduleTree, resourcePaths } from "./tree";

/**
 * The diagram of one stack: its module nodes from the construct tree, its edges from what the
 * stack synthesized (`json`: the stack's `cdk.tf.json`), each resource mapped back to the module
 * owning it through the tree.
 */
export function diagramOf(stack: TerraformStack, json: StackJson): StackDiagram {
  const tree = moduleTree(stack);
  const resources = new StackResources(json, resourcePaths(stack));
  const collected = new EdgeSet();
  addConnectionEdges(resources, tree, collected);
  addEntryEdges(resources, tree, collected);
  addFlowEdges(resources, tree, collected);
  const { edges, externals } = collected.result();
  const entryPoints = [...new Set(edges.filter((e) => e.from === INTERNET.key).map((e) => e.to))].sort(
    byText,
  );
  return { stack: stack.node.id, nodes: tree.nodes, externals, edges, entryPoints };
}

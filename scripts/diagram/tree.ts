import { TerraformDataSource, TerraformElement, TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { ModuleNode, TIERS, byText } from "./model";
import { placementOf } from "./tiers";

/** The module nodes of one stack, and which of them owns a synthesized resource. */
export class ModuleTree {
  /** Sorted by tier, then key. */
  readonly nodes: readonly ModuleNode[];
  private readonly byKey: ReadonlyMap<string, ModuleNode>;

  constructor(nodes: readonly ModuleNode[]) {
    this.nodes = [...nodes].sort(
      (a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) || byText(a.key, b.key),
    );
    this.byKey = new Map(nodes.map((n) => [n.key, n]));
  }

  node(key: string): ModuleNode | undefined {
    return this.byKey.get(key);
  }

  /**
   * The node owning the construct at `constructPath` (a resource's `//.metadata.path`): the node
   * with the longest path that is it or one of its ancestors.
   */
  ownerOf(constructPath: string): ModuleNode | undefined {
    let best: ModuleNode | undefined;
    for (const node of this.nodes) {
      const inside = constructPath === node.path || constructPath.startsWith(`${node.path}/`);
      if (inside && (!best || node.path.length > best.path.length)) best = node;
    }
    return best;
  }
}

/** Walks `stack`'s construct tree for module nodes, as modules/… classes are placed in tiers.ts. */
export function moduleTree(stack: TerraformStack): ModuleTree {
  const nodes: ModuleNode[] = [];
  const prefix = `${stack.node.path}/`;
  const walk = (scope: IConstruct, owner: ModuleNode | undefined): void => {
    for (const child of scope.node.children) {
      if (TerraformElement.isTerraformElement(child)) continue;
      const placement = placementOf(child);
      let next = owner;
      if (placement && "tier" in placement && (!owner || placement.ownNode)) {
        const path = child.node.path;
        next = {
          key: path.startsWith(prefix) ? path.slice(prefix.length) : path,
          path,
          name: child.node.id,
          kind: child.constructor.name,
          tier: placement.tier,
        };
        nodes.push(next);
      }
      walk(child, next);
    }
  };
  walk(stack, undefined);
  return new ModuleTree(nodes);
}

/**
 * The construct path of every resource and data source of `stack`, by its address in the
 * synthesized JSON (`aws_lb.alb_88D76693`, `data.aws_region.<name>`). Read from the tree rather
 * than from `//.metadata`, which not every synth keeps (`Testing.synth` strips it).
 */
export function resourcePaths(stack: TerraformStack): Map<string, string> {
  const paths = new Map<string, string>();
  for (const construct of stack.node.findAll()) {
    if (construct instanceof TerraformResource) {
      paths.set(`${construct.terraformResourceType}.${construct.friendlyUniqueId}`, construct.node.path);
    } else if (construct instanceof TerraformDataSource) {
      paths.set(`data.${construct.terraformResourceType}.${construct.friendlyUniqueId}`, construct.node.path);
    }
  }
  return paths;
}

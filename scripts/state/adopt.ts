import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { Limiter } from "../../__tests__/harness/process";

/**
 * After an apply was killed hard (SIGKILL, a lost runner), what it created since the last state
 * persist exists in the account but not in the state: a re-apply would create a second VPC, subnets
 * and route tables, and fail on every named object (IAM roles, the log group, the Auto Scaling
 * group). This finds, for every resource the plan would create, the object already in the account,
 * by the identity the configuration gives it (its Name tag or name, within the stack's default
 * tags, and its parent), and writes one import block per object found, so that the next apply
 * adopts them instead of creating them again.
 *
 *   npm run state -- adopt <stack dir>
 *
 * runs `terraform plan` and `terraform show -json` in <stack dir> and the aws CLI (credentials,
 * region and endpoint as usual), prints each aws command and what it found, and writes
 * <stack dir>/adopt_import.tf.json (nothing when nothing was found). Exit 0: done; 2: an object is
 * ambiguous (two candidates) or exists without the stack's tags, nothing written; 3: the plan
 * creates a type this table has no lookup for, check the account by hand. The state-safety e2e
 * suite runs exactly this command (README "A deploy was interrupted").
 */
export const ADOPT_IMPORT_FILE = "adopt_import.tf.json";
export const ADOPT_PLAN_FILE = "adopt.tfplan";

/** The parts of `terraform show -json <plan>` the lookups read. */
export interface AdoptPlanJson {
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly mode: string;
    readonly type: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly after?: Record<string, unknown> | null;
      readonly after_unknown?: Record<string, unknown>;
    };
  }[];
  readonly prior_state?: {
    readonly values?: { readonly root_module?: { readonly resources?: readonly StateResource[] } };
  };
  readonly configuration?: {
    readonly provider_config?: Record<
      string,
      { readonly expressions?: Record<string, unknown> & { region?: { constant_value?: unknown } } }
    >;
    readonly root_module?: {
      readonly resources?: readonly {
        readonly address: string;
        readonly expressions?: Record<string, { readonly references?: readonly string[] } | unknown>;
      }[];
    };
  };
}

/** `terraform show -json` of the state (no plan file). */
export interface StateJson {
  readonly values?: { readonly root_module?: { readonly resources?: readonly StateResource[] } };
}

/** The synthesized configuration (cdk.tf.json): resources and the aws provider's region and default tags. */
export interface ConfigJson {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly provider?: Record<string, unknown>;
}

interface StateResource {
  readonly address: string;
  readonly mode: string;
  /** An object whose create failed or was interrupted: the next apply replaces it. */
  readonly tainted?: boolean;
  readonly values?: Record<string, unknown>;
}

/** One resource as the lookups see it: what is known of it, and how to resolve its references. */
export interface Wanted {
  readonly address: string;
  readonly type: string;
  /** Known attribute values (planned, or from state for a resource that exists). */
  readonly values: Record<string, unknown>;
  /** attribute -> the address whose `id`/`name` it refers to, when the value is not known yet. */
  readonly references: Record<string, { address: string; attribute: string }>;
  /** In state but tainted: replaced by the next apply, so what hangs off it is created anew. */
  readonly tainted?: boolean;
}

/** An object found in the account for a wanted resource. */
export interface Found {
  /** What `import { id = ... }` takes for this type. */
  readonly importId: string;
  /** The value the resource's `id` has in state, when comparable (not for routes, attachments). */
  readonly stateId?: string;
  /** Attribute values other resources may refer to (id, name). */
  readonly attributes: Record<string, string>;
}

export type AwsCli = (args: readonly string[]) => Promise<{ ok: boolean; json?: unknown; stderr: string }>;

/** Stack scope of the EC2 lookups: the provider's default tags, so no other stack's object matches. */
export interface Scope {
  readonly region: string;
  readonly tags: Record<string, string>;
}

type Resolve = (wanted: Wanted, attribute: string) => string | undefined;

interface Lookup {
  /** One line for the report: how the object is identified. */
  readonly by: string;
  /** Candidates for `wanted`, or undefined while a parent it needs is not resolved yet. */
  readonly find: (ctx: LookupContext, wanted: Wanted) => Promise<Found[] | undefined>;
}

/** Types whose create cannot leave a second object behind, with the reason. */
export const NOTHING_TO_ADOPT: Record<string, string> = {
  aws_default_security_group:
    "creating it adopts the VPC's default security group, which every VPC has exactly once",
};

class LookupContext {
  private readonly cache = new Map<string, Promise<Record<string, unknown>[]>>();
  // Each aws CLI call is a Python start-up (~0.5 s of CPU): a few at a time, not all at once.
  private readonly limiter = new Limiter(4);

  constructor(
    readonly aws: AwsCli,
    readonly scope: Scope,
    readonly resolve: Resolve,
    /** Every aws command run, in order, for the report. */
    readonly commands: string[],
  ) {}

  /** `aws ec2 describe-<what>` of every object carrying the stack's tags, once per command. */
  describeTagged(
    command: string,
    listKey: string,
    filterFlag = "--filters",
  ): Promise<Record<string, unknown>[]> {
    let listed = this.cache.get(command);
    if (!listed) {
      const filters = Object.entries(this.scope.tags).map(([k, v]) => `Name=tag:${k},Values=${v}`);
      listed = this.json(["ec2", command, "--region", this.scope.region, filterFlag, ...filters]).then(
        (json) =>
          ((json as Record<string, unknown> | undefined)?.[listKey] ?? []) as Record<string, unknown>[],
      );
      this.cache.set(command, listed);
    }
    return listed;
  }

  /** Every rule of these security groups, whatever its tags. */
  rulesOf(groups: readonly string[]): Promise<Record<string, unknown>[]> {
    const ids = [...groups].sort().join(",");
    let listed = this.cache.get(`rules:${ids}`);
    if (!listed) {
      const args = ["ec2", "describe-security-group-rules", "--region", this.scope.region];
      listed = this.json([...args, "--filters", `Name=group-id,Values=${ids}`]).then(
        (json) =>
          (json as { SecurityGroupRules?: Record<string, unknown>[] } | undefined)?.SecurityGroupRules ?? [],
      );
      this.cache.set(`rules:${ids}`, listed);
    }
    return listed;
  }

  /** The JSON answer, or undefined when the object does not exist (NoSuchEntity, NotFound...). */
  async json(args: readonly string[]): Promise<unknown> {
    this.commands.push(`aws ${args.join(" ")}`);
    const answer = await this.limiter.use(() => this.aws(args));
    if (answer.ok) return answer.json;
    if (/NoSuchEntity|NotFound|does not exist/i.test(answer.stderr)) return undefined;
    throw new Error(`aws ${args.join(" ")} failed: ${answer.stderr.trim()}`);
  }
}

function tagsOf(object: Record<string, unknown>): Record<string, string> {
  const list = (object.Tags ?? object.TagSet ?? []) as { Key: string; Value: string }[];
  return Object.fromEntries(list.map((t) => [t.Key, t.Value]));
}

function nameTag(wanted: Wanted): string | undefined {
  const tags = wanted.values.tags as Record<string, unknown> | undefined;
  return typeof tags?.Name === "string" ? tags.Name : undefined;
}

/** An EC2 object found by its Name tag among those carrying the stack's tags. */
function byNameTag(command: string, listKey: string, idKey: string, filterFlag?: string): Lookup {
  return {
    by: `Name tag, among ${command} with the stack's tags`,
    find: async (ctx, wanted) => {
      const name = nameTag(wanted);
      if (name === undefined) return [];
      const objects = await ctx.describeTagged(command, listKey, filterFlag);
      return objects
        .filter((o) => tagsOf(o).Name === name && o.State !== "deleted")
        .map((o) => ({
          importId: String(o[idKey]),
          stateId: String(o[idKey]),
          attributes: { id: String(o[idKey]) },
        }));
    },
  };
}

/**
 * How each resource type of a stack is found in the account. A type missing here stops the tool
 * (exit 3): its orphans would go unnoticed.
 */
export const LOOKUPS: Record<string, Lookup> = {
  aws_vpc: byNameTag("describe-vpcs", "Vpcs", "VpcId"),
  aws_subnet: byNameTag("describe-subnets", "Subnets", "SubnetId"),
  aws_route_table: byNameTag("describe-route-tables", "RouteTables", "RouteTableId"),
  aws_internet_gateway: byNameTag("describe-internet-gateways", "InternetGateways", "InternetGatewayId"),
  aws_network_interface: byNameTag("describe-network-interfaces", "NetworkInterfaces", "NetworkInterfaceId"),
  aws_vpc_endpoint: byNameTag("describe-vpc-endpoints", "VpcEndpoints", "VpcEndpointId"),
  aws_flow_log: byNameTag("describe-flow-logs", "FlowLogs", "FlowLogId", "--filter"),
  aws_security_group: {
    by: "group name in its VPC, among describe-security-groups with the stack's tags",
    find: async (ctx, wanted) => {
      const vpc = ctx.resolve(wanted, "vpc_id");
      if (vpc === undefined) return undefined;
      const groups = await ctx.describeTagged("describe-security-groups", "SecurityGroups");
      return groups
        .filter((g) => g.GroupName === wanted.values.name && g.VpcId === vpc)
        .map((g) => ({
          importId: String(g.GroupId),
          stateId: String(g.GroupId),
          attributes: { id: String(g.GroupId) },
        }));
    },
  },
  aws_launch_template: {
    by: "name, among describe-launch-templates with the stack's tags",
    find: async (ctx, wanted) => {
      const templates = await ctx.describeTagged("describe-launch-templates", "LaunchTemplates");
      return templates
        .filter((t) => t.LaunchTemplateName === wanted.values.name)
        .map((t) => ({
          importId: String(t.LaunchTemplateId),
          stateId: String(t.LaunchTemplateId),
          attributes: { id: String(t.LaunchTemplateId), name: String(t.LaunchTemplateName) },
        }));
    },
  },
  aws_vpc_security_group_ingress_rule: securityGroupRule(false),
  aws_vpc_security_group_egress_rule: securityGroupRule(true),
  aws_route: {
    by: "destination in its route table (describe-route-tables)",
    find: async (ctx, wanted) => {
      const table = ctx.resolve(wanted, "route_table_id");
      if (table === undefined) return undefined;
      const destination = String(wanted.values.destination_cidr_block);
      const tables = await ctx.describeTagged("describe-route-tables", "RouteTables");
      const routes = tables
        .filter((t) => t.RouteTableId === table)
        .flatMap((t) => (t.Routes ?? []) as Record<string, unknown>[])
        .filter((r) => r.DestinationCidrBlock === destination);
      return routes.map(() => ({ importId: `${table}_${destination}`, attributes: {} }));
    },
  },
  aws_route_table_association: {
    by: "subnet in its route table's associations (describe-route-tables)",
    find: async (ctx, wanted) => {
      const table = ctx.resolve(wanted, "route_table_id");
      const subnet = ctx.resolve(wanted, "subnet_id");
      if (table === undefined || subnet === undefined) return undefined;
      const tables = await ctx.describeTagged("describe-route-tables", "RouteTables");
      return tables
        .filter((t) => t.RouteTableId === table)
        .flatMap((t) => (t.Associations ?? []) as Record<string, unknown>[])
        .filter((a) => a.SubnetId === subnet)
        .map((a) => ({
          importId: `${subnet}/${table}`,
          stateId: String(a.RouteTableAssociationId),
          attributes: { id: String(a.RouteTableAssociationId) },
        }));
    },
  },
  aws_iam_role: {
    by: "role name (aws iam get-role), carrying the stack's tags",
    find: async (ctx, wanted) => {
      const role = (await ctx.json(["iam", "get-role", "--role-name", String(wanted.values.name)])) as
        { Role: Record<string, unknown> } | undefined;
      if (!role) return [];
      return [
        namedFound(ctx, role.Role, String(role.Role.RoleName), {
          id: String(role.Role.RoleName),
          name: String(role.Role.RoleName),
        }),
      ];
    },
  },
  aws_iam_instance_profile: {
    by: "instance profile name (aws iam get-instance-profile), carrying the stack's tags",
    find: async (ctx, wanted) => {
      const name = ctx.resolve(wanted, "name");
      if (name === undefined) return undefined;
      const profile = (await ctx.json(["iam", "get-instance-profile", "--instance-profile-name", name])) as
        { InstanceProfile: Record<string, unknown> } | undefined;
      if (!profile) return [];
      return [namedFound(ctx, profile.InstanceProfile, name, { id: name, name })];
    },
  },
  aws_iam_role_policy: {
    by: "inline policy name on its role (aws iam get-role-policy)",
    find: async (ctx, wanted) => {
      const role = ctx.resolve(wanted, "role");
      if (role === undefined) return undefined;
      const name = String(wanted.values.name);
      const policy = await ctx.json(["iam", "get-role-policy", "--role-name", role, "--policy-name", name]);
      return policy ? [{ importId: `${role}:${name}`, stateId: `${role}:${name}`, attributes: {} }] : [];
    },
  },
  aws_iam_role_policy_attachment: {
    by: "policy ARN among its role's attached policies (aws iam list-attached-role-policies)",
    find: async (ctx, wanted) => {
      const role = ctx.resolve(wanted, "role");
      const arn = ctx.resolve(wanted, "policy_arn");
      if (role === undefined || arn === undefined) return undefined;
      const attached = (await ctx.json(["iam", "list-attached-role-policies", "--role-name", role])) as
        { AttachedPolicies: { PolicyArn: string }[] } | undefined;
      return (attached?.AttachedPolicies ?? [])
        .filter((p) => p.PolicyArn === arn)
        .map(() => ({ importId: `${role}/${arn}`, attributes: {} }));
    },
  },
  aws_cloudwatch_log_group: {
    by: "log group name (aws logs describe-log-groups), carrying the stack's tags",
    find: async (ctx, wanted) => {
      const name = String(wanted.values.name);
      const listed = (await ctx.json([
        "logs",
        "describe-log-groups",
        "--region",
        ctx.scope.region,
        "--log-group-name-prefix",
        name,
      ])) as { logGroups: Record<string, unknown>[] } | undefined;
      const groups = (listed?.logGroups ?? []).filter((g) => g.logGroupName === name);
      const found: Found[] = [];
      for (const group of groups) {
        const tags = (await ctx.json([
          "logs",
          "list-tags-for-resource",
          "--region",
          ctx.scope.region,
          "--resource-arn",
          String(group.arn).replace(/:\*$/, ""),
        ])) as { tags?: Record<string, string> } | undefined;
        found.push(namedFound(ctx, { Tags: toTagList(tags?.tags ?? {}) }, name, { id: name, name }));
      }
      return found;
    },
  },
  aws_autoscaling_group: {
    by: "group name (aws autoscaling describe-auto-scaling-groups), carrying its configured tags",
    find: async (ctx, wanted) => {
      const name = String(wanted.values.name);
      const listed = (await ctx.json([
        "autoscaling",
        "describe-auto-scaling-groups",
        "--region",
        ctx.scope.region,
        "--auto-scaling-group-names",
        name,
      ])) as { AutoScalingGroups: Record<string, unknown>[] } | undefined;
      // Auto Scaling groups do not take the provider's default tags: they carry their own `tag` blocks.
      const own = Object.fromEntries(
        ((wanted.values.tag ?? []) as { key: string; value: string }[]).map((t) => [t.key, t.value]),
      );
      return (listed?.AutoScalingGroups ?? []).map((g) => namedFound(ctx, g, name, { id: name, name }, own));
    },
  },
};

function toTagList(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * A named object exists once per account, whoever made it: one without the stack's tags is not
 * ours to adopt (the tool stops on it instead).
 */
function namedFound(
  ctx: LookupContext,
  object: Record<string, unknown>,
  importId: string,
  attributes: Record<string, string>,
  expectedTags: Record<string, string> = ctx.scope.tags,
): Found & { foreign?: true } {
  const found = { importId, stateId: importId, attributes };
  const tags = tagsOf(object);
  const ours = Object.entries(expectedTags).every(([k, v]) => tags[k] === v);
  return ours ? found : { ...found, foreign: true };
}

function securityGroupRule(egress: boolean): Lookup {
  return {
    // Every rule of the group, tagged or not: a group whose create was cut short still has the
    // allow-all egress rule AWS gives every new group (the provider revokes it right after
    // creating the group), the same rule an "all outbound" egress resource would add.
    by: "direction, protocol and CIDR among its group's rules (describe-security-group-rules)",
    find: async (ctx, wanted) => {
      const group = ctx.resolve(wanted, "security_group_id");
      if (group === undefined) return undefined;
      const rules = await ctx.rulesOf([group]);
      const v = wanted.values;
      return rules
        .filter(
          (r) =>
            r.GroupId === group &&
            r.IsEgress === egress &&
            r.IpProtocol === v.ip_protocol &&
            (r.CidrIpv4 ?? null) === (v.cidr_ipv4 ?? null) &&
            // AWS reports -1 for the ports of an all-protocols rule, which the configuration leaves unset.
            (r.FromPort ?? -1) === (v.from_port ?? -1) &&
            (r.ToPort ?? -1) === (v.to_port ?? -1),
        )
        .map((r) => ({
          importId: String(r.SecurityGroupRuleId),
          stateId: String(r.SecurityGroupRuleId),
          attributes: { id: String(r.SecurityGroupRuleId) },
        }));
    },
  };
}

/** What the plan creates, and what exists already (from prior state), as the lookups see them. */
export function wantedFromPlan(plan: AdoptPlanJson): { creates: Wanted[]; existing: Map<string, Wanted> } {
  const references = new Map<string, Record<string, { address: string; attribute: string }>>();
  for (const resource of plan.configuration?.root_module?.resources ?? []) {
    const refs: Record<string, { address: string; attribute: string }> = {};
    for (const [attribute, expression] of Object.entries(resource.expressions ?? {})) {
      const first = (expression as { references?: readonly string[] }).references?.[0];
      const match = first ? /^([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)$/.exec(first) : null;
      if (match) refs[attribute] = { address: match[1]!, attribute: match[2]! };
    }
    references.set(resource.address, refs);
  }
  const existing = new Map<string, Wanted>();
  for (const resource of plan.prior_state?.values?.root_module?.resources ?? []) {
    if (resource.mode !== "managed") continue;
    const type = resource.address.split(".")[0]!;
    existing.set(resource.address, {
      address: resource.address,
      type,
      values: resource.values ?? {},
      references: references.get(resource.address) ?? {},
      tainted: resource.tainted === true,
    });
  }
  const creates: Wanted[] = [];
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== "managed" || change.change.actions.join() !== "create") continue;
    creates.push({
      address: change.address,
      type: change.type,
      values: knownValues(change.change.after ?? {}, change.change.after_unknown ?? {}),
      references: references.get(change.address) ?? {},
    });
  }
  return { creates, existing };
}

/** `after` without the attributes `after_unknown` marks as unknown (whole values only). */
function knownValues(
  after: Record<string, unknown>,
  unknown: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(after).filter(([key]) => unknown[key] !== true));
}

/** The same scope from the synthesized configuration (its first aws provider). */
export function scopeOfConfig(config: ConfigJson): Scope {
  const aws = ((config.provider?.aws ?? []) as Record<string, unknown>[])[0] ?? {};
  const tags = (aws.default_tags as { tags?: Record<string, string> }[] | undefined)?.[0]?.tags;
  return checkedScope(aws.region, tags);
}

function checkedScope(region: unknown, tags: unknown): Scope {
  if (typeof region !== "string") throw new Error("the aws provider has no literal region");
  if (!tags || typeof tags !== "object" || Object.keys(tags).length === 0)
    throw new Error("the aws provider has no default tags: the lookups would match other stacks' objects");
  return { region, tags: tags as Record<string, string> };
}

/** The provider's region and default tags: the scope every EC2 lookup is limited to. */
export function scopeOf(plan: AdoptPlanJson): Scope {
  const aws = plan.configuration?.provider_config?.aws?.expressions ?? {};
  const region = (aws.region as { constant_value?: unknown } | undefined)?.constant_value;
  const defaultTags = (aws.default_tags as { tags?: { constant_value?: unknown } }[] | undefined)?.[0]?.tags
    ?.constant_value;
  return checkedScope(region, defaultTags);
}

export interface Adoption {
  readonly address: string;
  readonly importId: string;
  readonly by: string;
}

export interface AdoptResult {
  /** One import each: the object exists, exactly once, with the stack's tags. */
  readonly adopt: Adoption[];
  /** Not found: the apply creates them. */
  readonly create: string[];
  /** Types that cannot leave an orphan, with why. */
  readonly skipped: { address: string; why: string }[];
  /** Problems that stop the tool: two candidates, a foreign named object, an unresolvable parent. */
  readonly ambiguous: string[];
  /** Types without a lookup. */
  readonly unchecked: string[];
  readonly commands: string[];
}

/**
 * Finds, for each resource the plan creates, the object that already exists. Resources are visited
 * in rounds so that a child (a subnet's route table association) is looked up once its parents
 * resolve, either from state or from an object adopted in an earlier round.
 */
export async function findOrphans(plan: AdoptPlanJson, aws: AwsCli): Promise<AdoptResult> {
  const { creates, existing } = wantedFromPlan(plan);
  const adopted = new Map<string, Found>();
  const notFound = new Set<string>();
  const resolve: Resolve = (wanted, attribute) => {
    const known = wanted.values[attribute];
    if (typeof known === "string" && known !== "") return known;
    const ref = wanted.references[attribute];
    if (!ref) return undefined;
    const parent = existing.get(ref.address);
    // A tainted parent is replaced: its children go with it and are created on the new one.
    if (parent?.tainted) return undefined;
    const fromState = parent?.values[ref.attribute];
    if (typeof fromState === "string") return fromState;
    return adopted.get(ref.address)?.attributes[ref.attribute];
  };
  const commands: string[] = [];
  const ctx = new LookupContext(aws, scopeOf(plan), resolve, commands);
  const result: AdoptResult = { adopt: [], create: [], skipped: [], ambiguous: [], unchecked: [], commands };

  let pending = creates.filter((w) => {
    if (NOTHING_TO_ADOPT[w.type]) {
      result.skipped.push({ address: w.address, why: NOTHING_TO_ADOPT[w.type]! });
      return false;
    }
    if (!LOOKUPS[w.type]) {
      result.unchecked.push(w.address);
      return false;
    }
    return true;
  });
  while (pending.length > 0) {
    const waiting: Wanted[] = [];
    const round = await Promise.all(
      pending.map(async (w) => ({ w, found: await LOOKUPS[w.type]!.find(ctx, w) })),
    );
    for (const { w, found } of round) {
      if (found === undefined) {
        waiting.push(w);
      } else if (found.length === 0) {
        notFound.add(w.address);
        result.create.push(w.address);
      } else if (found.length > 1) {
        result.ambiguous.push(
          `${w.address}: ${found.length} objects match (${found.map((f) => f.importId).join(", ")})`,
        );
      } else if ((found[0] as { foreign?: true }).foreign) {
        result.ambiguous.push(
          `${w.address}: ${found[0]!.importId} exists without the stack's tags (${tagList(ctx.scope)})`,
        );
      } else {
        adopted.set(w.address, found[0]!);
        result.adopt.push({ address: w.address, importId: found[0]!.importId, by: LOOKUPS[w.type]!.by });
      }
    }
    if (waiting.length === pending.length) {
      // A parent that is neither in state nor found, or is tainted, will be created by the apply: so
      // will its children.
      for (const w of waiting) {
        const parents = Object.values(w.references).map((r) => r.address);
        if (parents.some((p) => notFound.has(p) || existing.get(p)?.tainted)) result.create.push(w.address);
        else result.ambiguous.push(`${w.address}: its parent could not be resolved (${parents.join(", ")})`);
      }
      break;
    }
    pending = waiting;
  }
  result.adopt.sort((a, b) => a.address.localeCompare(b.address));
  result.create.sort();
  return result;
}

/** EC2 listings of every object carrying the stack's tags, and the resource types they hold. */
const TAGGED_LISTINGS: readonly { command: string; listKey: string; filterFlag?: string; types: string[] }[] =
  [
    { command: "describe-vpcs", listKey: "Vpcs", types: ["aws_vpc"] },
    { command: "describe-subnets", listKey: "Subnets", types: ["aws_subnet"] },
    { command: "describe-route-tables", listKey: "RouteTables", types: ["aws_route_table"] },
    { command: "describe-internet-gateways", listKey: "InternetGateways", types: ["aws_internet_gateway"] },
    {
      command: "describe-network-interfaces",
      listKey: "NetworkInterfaces",
      types: ["aws_network_interface"],
    },
    { command: "describe-vpc-endpoints", listKey: "VpcEndpoints", types: ["aws_vpc_endpoint"] },
    { command: "describe-flow-logs", listKey: "FlowLogs", filterFlag: "--filter", types: ["aws_flow_log"] },
    {
      command: "describe-security-groups",
      listKey: "SecurityGroups",
      types: ["aws_security_group", "aws_default_security_group"],
    },
    { command: "describe-launch-templates", listKey: "LaunchTemplates", types: ["aws_launch_template"] },
  ];

/** Rule resources, counted among every rule of the stack's security groups (tagged or not). */
const RULE_TYPES = ["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"];
const GROUP_TYPES = ["aws_security_group", "aws_default_security_group"];

export interface AccountRow {
  /** A resource type, or several sharing one EC2 listing ("aws_security_group+aws_default_security_group"). */
  readonly types: string;
  readonly inConfig: number;
  readonly inState: number;
  /** Objects carrying the stack's tags; undefined for types AWS keeps unique by name or parent. */
  readonly inAccount?: number;
}

export interface AccountCheck {
  readonly rows: AccountRow[];
  /** Empty when nothing is duplicated and nothing lost. */
  readonly problems: string[];
  readonly commands: string[];
}

/**
 * "Nothing duplicated, nothing lost" after a recovery, given the state (`terraform show -json`) and
 * the configuration: the state holds exactly the resources the configuration declares, and each EC2
 * listing of objects carrying the stack's tags holds exactly the objects the state names, so an
 * orphan with any name shows up. The other types cannot be duplicated (AWS keeps IAM roles, log
 * groups, Auto Scaling groups unique by name, a route unique per destination in its table, a subnet
 * in one association), and a clean plan has just read every object the state names.
 */
export async function checkAccount(state: StateJson, config: ConfigJson, aws: AwsCli): Promise<AccountCheck> {
  const commands: string[] = [];
  const ctx = new LookupContext(aws, scopeOfConfig(config), () => undefined, commands);
  const problems: string[] = [];
  const configured = new Map<string, number>();
  for (const [type, byName] of Object.entries(config.resource ?? {}))
    configured.set(type, Object.keys(byName).length);
  const stateIds = new Map<string, string[]>();
  for (const resource of state.values?.root_module?.resources ?? []) {
    if (resource.mode !== "managed") continue;
    const type = resource.address.split(".")[0]!;
    stateIds.set(type, [...(stateIds.get(type) ?? []), String(resource.values?.id)]);
  }
  const count = (m: Map<string, number | string[]>, types: readonly string[]) =>
    types.reduce((n, t) => {
      const v = m.get(t);
      return n + (typeof v === "number" ? v : (v?.length ?? 0));
    }, 0);

  const rows: AccountRow[] = [];
  const listed = new Set<string>();
  const listings = TAGGED_LISTINGS.filter((l) => l.types.some((t) => configured.has(t)));
  const results = await Promise.all(
    listings.map((l) => ctx.describeTagged(l.command, l.listKey, l.filterFlag)),
  );
  listings.forEach((listing, i) => {
    const types = listing.types.filter((t) => configured.has(t));
    types.forEach((t) => listed.add(t));
    const idKey = LISTING_ID[listing.command]!;
    const inAccount = results[i]!.filter((o) => o.State !== "deleted").map((o) => String(o[idKey]));
    const inState = types.flatMap((t) => stateIds.get(t) ?? []);
    rows.push({
      types: types.join("+"),
      inConfig: count(configured, types),
      inState: inState.length,
      inAccount: inAccount.length,
    });
    const orphans = inAccount.filter((id) => !inState.includes(id));
    const lost = inState.filter((id) => !inAccount.includes(id));
    if (orphans.length > 0)
      problems.push(
        `${listing.command}: ${orphans.join(", ")} carry the stack's tags but are not in the state`,
      );
    if (lost.length > 0)
      problems.push(
        `${listing.command}: the state names ${lost.join(", ")}, which the account does not list`,
      );
  });
  const groups = GROUP_TYPES.flatMap((t) => stateIds.get(t) ?? []);
  const ruleTypes = RULE_TYPES.filter((t) => configured.has(t));
  if (ruleTypes.length > 0 && groups.length > 0) {
    ruleTypes.forEach((t) => listed.add(t));
    const inAccount = (await ctx.rulesOf(groups)).map((r) => String(r.SecurityGroupRuleId));
    const inState = ruleTypes.flatMap((t) => stateIds.get(t) ?? []);
    rows.push({
      types: ruleTypes.join("+"),
      inConfig: count(configured, ruleTypes),
      inState: inState.length,
      inAccount: inAccount.length,
    });
    const extra = inAccount.filter((id) => !inState.includes(id));
    const lost = inState.filter((id) => !inAccount.includes(id));
    if (extra.length > 0)
      problems.push(
        `security group rules ${extra.join(", ")} are on the stack's groups but not in the state`,
      );
    if (lost.length > 0)
      problems.push(`the state names rules ${lost.join(", ")}, which its groups do not have`);
  }
  for (const [type, n] of [...configured].sort()) {
    if (!listed.has(type)) rows.push({ types: type, inConfig: n, inState: count(stateIds, [type]) });
  }
  for (const row of rows) {
    if (row.inState !== row.inConfig)
      problems.push(`${row.types}: ${row.inState} in state, the configuration declares ${row.inConfig}`);
  }
  return { rows, problems, commands };
}

/** The id field of each listing's objects (what the state's `id` holds). */
const LISTING_ID: Record<string, string> = {
  "describe-vpcs": "VpcId",
  "describe-subnets": "SubnetId",
  "describe-route-tables": "RouteTableId",
  "describe-internet-gateways": "InternetGatewayId",
  "describe-network-interfaces": "NetworkInterfaceId",
  "describe-vpc-endpoints": "VpcEndpointId",
  "describe-flow-logs": "FlowLogId",
  "describe-security-groups": "GroupId",
  "describe-launch-templates": "LaunchTemplateId",
};

function tagList(scope: Scope): string {
  return Object.entries(scope.tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

/** The import blocks terraform reads from `<dir>/adopt_import.tf.json` (JSON syntax). */
export function importBlocks(adopt: readonly Adoption[]): string {
  return `${JSON.stringify(
    {
      "//": "Written by npm run state -- adopt (scripts/state/adopt.ts) after an interrupted apply: objects that exist but are missing from the state. Delete after the apply.",
      import: adopt.map((a) => ({ to: a.address, id: a.importId })),
    },
    null,
    2,
  )}\n`;
}

export function formatResult(result: AdoptResult): string {
  const lines = [
    ...result.commands.map((c) => `$ ${c}`),
    ...result.adopt.map((a) => `import  ${a.address}  id=${a.importId}  (by ${a.by})`),
    ...result.create.map((a) => `create  ${a}  (not in the account)`),
    ...result.skipped.map((s) => `skip    ${s.address}  (${s.why})`),
    ...result.ambiguous.map((a) => `STOP    ${a}`),
    ...result.unchecked.map(
      (a) => `STOP    ${a}: no lookup for this type in scripts/state/adopt.ts, check the account by hand`,
    ),
  ];
  return `${lines.join("\n")}\n${result.adopt.length} to import, ${result.create.length} to create\n`;
}

/** Runs a program and collects its output (no shell). */
function capture(
  program: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { cwd: options.cwd, env: options.env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", (e) => resolve({ code: null, stdout: "", stderr: e.message }));
    child.on("close", (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}

/** The aws CLI on PATH, JSON output. */
export async function awsCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ReturnType<AwsCli> {
  const result = await capture("aws", [...args, "--output", "json"], { env });
  if (result.code !== 0) return { ok: false, stderr: result.stderr };
  return { ok: true, json: result.stdout.trim() ? JSON.parse(result.stdout) : {}, stderr: result.stderr };
}

/** plan, lookups, import file: what the command line does. Returns the exit code. */
export async function adopt(dir: string, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const plan = await capture(
    "terraform",
    ["plan", "-input=false", "-lock-timeout=0s", `-out=${ADOPT_PLAN_FILE}`, "-no-color"],
    {
      cwd: dir,
    },
  );
  if (plan.code !== 0) {
    out.write(`terraform plan failed:\n${plan.stdout}${plan.stderr}`);
    return 1;
  }
  const shown = await capture("terraform", ["show", "-json", ADOPT_PLAN_FILE], { cwd: dir });
  if (shown.code !== 0) {
    out.write(`terraform show -json failed:\n${shown.stderr}`);
    return 1;
  }
  const result = await findOrphans(JSON.parse(shown.stdout) as AdoptPlanJson, (args) => awsCli(args));
  out.write(formatResult(result));
  if (result.unchecked.length > 0) return 3;
  if (result.ambiguous.length > 0) return 2;
  if (result.adopt.length > 0) {
    writeFileSync(path.join(dir, ADOPT_IMPORT_FILE), importBlocks(result.adopt));
    out.write(`wrote ${path.join(dir, ADOPT_IMPORT_FILE)}: run terraform apply, then delete it\n`);
  } else {
    out.write("nothing to adopt: no import file written\n");
  }
  return 0;
}

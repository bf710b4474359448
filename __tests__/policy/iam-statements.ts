import { PolicyStack, StackResource, blockList, isPureReference } from "./policy-stack";

/** An IAM statement reduced to what the rules look at, from a JSON document or a policy-document data source. */
export interface Statement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** `"*"`, or principal values such as `{ AWS: "*" }` flattened to their strings. */
  readonly principals: readonly string[];
  /** Condition as `operator -> key -> values`, e.g. Bool -> aws:SecureTransport -> ["false"]. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** Where policies hide: attributes holding a JSON policy document, at any depth (inline_policy[].policy). */
const POLICY_ATTRIBUTES = new Set(["policy", "assume_role_policy", "access_policies", "resource_policy"]);

export interface PolicyDocument {
  /** The resource or data source holding the document. */
  readonly owner: StackResource;
  readonly statements: readonly Statement[];
}

/** Every policy document in the stack: JSON strings in policy attributes, and aws_iam_policy_document data sources. */
export function policyDocumentsOf(stack: PolicyStack): PolicyDocument[] {
  const fromJson = stack.all().flatMap((owner) =>
    policyStringsIn(owner.config)
      .map((text) => parseDocument(text))
      .filter((statements): statements is Statement[] => statements !== undefined)
      .map((statements) => ({ owner, statements })),
  );
  const fromData = stack
    .dataSources("aws_iam_policy_document")
    .map((owner) => ({ owner, statements: dataStatements(owner) }));
  return [...fromJson, ...fromData];
}

/**
 * Policy attributes whose value the suite cannot read: neither JSON nor a plain reference to another
 * resource (which is checked where it is defined). `${jsonencode(...)}` and templates land here.
 */
export function unreadablePolicies(stack: PolicyStack): { owner: StackResource; text: string }[] {
  return stack.all().flatMap((owner) =>
    policyStringsIn(owner.config)
      .filter((text) => !isPureReference(text) && !isJson(text))
      .map((text) => ({ owner, text })),
  );
}

/** The statements of a policy attribute's value: its JSON, or the data source it references. */
export function statementsOfPolicyValue(stack: PolicyStack, value: unknown): Statement[] | undefined {
  if (typeof value !== "string") return undefined;
  const parsed = parseDocument(value);
  if (parsed) return parsed;
  const documents = stack.referencedBy(value).filter((r) => r.type === "aws_iam_policy_document");
  return documents.length > 0 ? documents.flatMap(dataStatements) : undefined;
}

function policyStringsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(policyStringsIn);
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, v]) => {
    if (key === "//") return [];
    if (POLICY_ATTRIBUTES.has(key) && typeof v === "string") return [v];
    return policyStringsIn(v);
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Statements of a JSON policy document; undefined when `text` is not one. */
export function parseDocument(text: string): Statement[] | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!document || typeof document !== "object" || !("Statement" in document)) return undefined;
  const raw = (document as { Statement: unknown }).Statement;
  return (Array.isArray(raw) ? raw : [raw]).map((s) => jsonStatement((s ?? {}) as Record<string, unknown>));
}

function jsonStatement(s: Record<string, unknown>): Statement {
  return {
    effect: String(s.Effect ?? ""),
    actions: strings(s.Action),
    resources: strings(s.Resource),
    principals:
      s.Principal === "*"
        ? ["*"]
        : Object.values((s.Principal ?? {}) as Record<string, unknown>).flatMap(strings),
    conditions: Object.fromEntries(
      Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>).map(([op, byKey]) => [
        op,
        Object.fromEntries(Object.entries(byKey).map(([key, values]) => [key, strings(values)])),
      ]),
    ),
  };
}

/** `aws_iam_policy_document` statements use Terraform's names and blocks; effect defaults to Allow. */
function dataStatements(owner: StackResource): Statement[] {
  return blockList(owner.config.statement).map((s) => {
    const conditions: Record<string, Record<string, string[]>> = {};
    for (const c of blockList(s.condition)) {
      const op = String(c.test);
      conditions[op] = { ...conditions[op], [String(c.variable)]: strings(c.values) };
    }
    return {
      effect: String(s.effect ?? "Allow"),
      actions: strings(s.actions),
      resources: strings(s.resources),
      principals: blockList(s.principals).flatMap((p) => strings(p.identifiers)),
      conditions,
    };
  });
}

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

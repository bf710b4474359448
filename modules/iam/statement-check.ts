import { PolicyStatement } from "./policy-document";

/**
 * Why an identity-policy statement is refused, or undefined. Refused: a Principal (identity policies
 * have none), no action, an action "*" or "<service>:*", and any wildcard action on Resource "*".
 * Every role's policy runs through it (modules/iam/role.ts), whichever module grants.
 */
export function statementProblem(statement: PolicyStatement): string | undefined {
  const actions = ([] as string[]).concat(statement.Action);
  const resources = ([] as string[]).concat(statement.Resource);
  const label = statement.Sid ? `statement ${statement.Sid}` : `statement ${JSON.stringify(actions)}`;
  if (statement.Principal !== undefined)
    return `${label} has a Principal; role policies take none, remove it`;
  if (actions.length === 0) return `${label} names no action`;
  if (resources.length === 0) return `${label} names no resource`;
  const all = actions.find((a) => a === "*" || /^[A-Za-z0-9-]+:\*$/.test(a));
  if (all) return `${label} grants "${all}"; name the actions the role needs, e.g. "ecs:UpdateService"`;
  if (statement.Effect === "Allow" && resources.includes("*")) {
    const wildcard = actions.find((a) => a.includes("*"));
    if (wildcard)
      return `${label} grants wildcard action "${wildcard}" on Resource "*"; name the actions or scope the resources`;
  }
  return undefined;
}

/**
 * The names a Service Connect namespace takes here. Cloud Map accepts almost any printable text for an
 * HTTP namespace (`^(?!arn:)[!-~]{1,1024}$`), but the name is also the suffix of every endpoint's
 * fully qualified name (`<discovery name>.<namespace>`), so it is held to a DNS name. One rule for the
 * ServiceConnectNamespace construct and for config.
 */

/** What a namespace name must be, worded to follow "must be" and "expected". */
export const NAMESPACE_NAME_EXPECTED =
  'a lowercase DNS name of at least two labels (letters, digits, inner hyphens; 1-63 characters each; at most 253 in all), without the trailing dot, e.g. "aipx.dev.internal"';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why `name` is refused, worded "name must be <rule>, got <value>", or undefined. */
export function namespaceNameProblem(name: string): string | undefined {
  const bad = `name must be ${NAMESPACE_NAME_EXPECTED}, got ${JSON.stringify(name)}`;
  if (typeof name !== "string" || name.length === 0 || name.length > 253) return bad;
  const labels = name.split(".");
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return bad;
  return undefined;
}

/**
 * A Cloud Map namespace ARN as ECS takes it (`service_connect_configuration.namespace`,
 * `service_connect_defaults.namespace`): by ARN, which also works for a namespace shared from another
 * account, where a name or id does not.
 */
export const NAMESPACE_ARN = /^arn:aws[a-z-]*:servicediscovery:[a-z0-9-]+:\d{12}:namespace\/ns-[a-z0-9]+$/;

/** What a namespace ARN must be, worded to follow "must be" and "expected". */
export const NAMESPACE_ARN_EXPECTED =
  'a Cloud Map namespace ARN, "arn:aws:servicediscovery:<region>:<account>:namespace/ns-<id>"';

/**
 * Names Route 53 and ACM take, checked once for the dns constructs. Names are lowercase without the
 * trailing dot: Route 53 stores and returns them that way, so any other spelling would plan a change
 * on every run, and ACM refuses a trailing dot.
 */

/** A Route 53 hosted zone id as the API's HostedZone.Id minus its "/hostedzone/" prefix. */
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/** What a hosted zone id must be, worded to follow "must be". */
export const HOSTED_ZONE_ID_EXPECTED =
  'a Route 53 hosted zone id: "Z" then uppercase letters and digits, e.g. "Z0123456789ABCDEFGHIJ", without "/hostedzone/"';

/** Why `zoneId` is not a hosted zone id, or undefined. */
export function hostedZoneIdProblem(zoneId: string): string | undefined {
  return HOSTED_ZONE_ID.test(zoneId) ? undefined : `must be ${HOSTED_ZONE_ID_EXPECTED}, got "${zoneId}"`;
}

/** ACM's limit for a certificate's first name. */
export const MAX_CERTIFICATE_DOMAIN_LENGTH = 64;

/** What a domain name must be, worded to follow "must be". */
export const DOMAIN_NAME_EXPECTED =
  'a lowercase domain name of at least two labels (letters, digits, inner hyphens; 1-63 characters each; at most 253 in all), without the trailing dot, e.g. "api.example.com"';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Why `name` is not a domain name, or undefined. `wildcard` lets the first label be "*" ("*.example.com"),
 * which certificates and alias records both accept.
 */
export function domainNameProblem(name: string, options: { wildcard: boolean }): string | undefined {
  const bad = `must be ${DOMAIN_NAME_EXPECTED}${options.wildcard ? ' (or "*." and such a name)' : ""}, got "${name}"`;
  if (name.length === 0 || name.length > 253 || name.endsWith(".")) return bad;
  const labels = name.split(".");
  if (options.wildcard && labels[0] === "*") labels.shift();
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return bad;
  // The last label is a top-level domain, never all digits: this keeps IPv4 addresses out.
  if (/^\d+$/.test(labels[labels.length - 1]!)) return bad;
  return undefined;
}

/** True when `name` is the zone's apex or a name below it ("api.example.com" in "example.com"). */
export function isInZone(name: string, zoneName: string): boolean {
  return name === zoneName || name.endsWith(`.${zoneName}`);
}

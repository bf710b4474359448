/**
 * The names and values a Service Connect endpoint takes, as the ECS API defines them. ECS checks them
 * only when it creates the service (after the task definition is registered), so a typo would
 * surface half-way through a deploy; checking here turns that into a synth-time message. One set of
 * rules for the ECS modules and for config, each worded "<prop> must be <rule>, got <value>".
 */

/** The application protocols a port mapping may declare (`appProtocol`); none means plain TCP. */
export const SERVICE_CONNECT_APP_PROTOCOLS = ["http", "http2", "grpc"] as const;
export type ServiceConnectAppProtocol = (typeof SERVICE_CONNECT_APP_PROTOCOLS)[number];

/** Port mapping names and Cloud Map discovery names: the same rule in the ECS API. */
const PORT_OR_DISCOVERY_NAME = /^[a-z0-9_][a-z0-9_-]{0,63}$/;

export const PORT_NAME_EXPECTED =
  "1-64 lowercase letters, digits, underscores and hyphens, not starting with a hyphen";
export const DISCOVERY_NAME_EXPECTED = PORT_NAME_EXPECTED;

/**
 * Client alias DNS names: ECS allows lowercase letters, digits, underscores, hyphens and dots, up to
 * 127, not starting with a hyphen, and asks for a valid DNS name; held here to non-empty labels that
 * do not start with a hyphen either.
 */
const DNS_LABEL = /^[a-z0-9_][a-z0-9_-]*$/;
export const DNS_NAME_EXPECTED =
  'a DNS name of at most 127 characters: dot-separated labels of lowercase letters, digits, underscores and hyphens, none starting with a hyphen, e.g. "oms" or "oms.aipx.dev.internal"';

export const PORT_NUMBER_EXPECTED = "a whole number from 1 to 65535";
export const TIMEOUT_SECONDS_EXPECTED = "a whole number of seconds from 0 (no timeout) to 2147483647";

const show = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : String(value));

export function portNameProblem(prop: string, name: unknown): string | undefined {
  return typeof name === "string" && PORT_OR_DISCOVERY_NAME.test(name)
    ? undefined
    : `${prop} must be ${PORT_NAME_EXPECTED}, got ${show(name)}`;
}

export function discoveryNameProblem(prop: string, name: unknown): string | undefined {
  return typeof name === "string" && PORT_OR_DISCOVERY_NAME.test(name)
    ? undefined
    : `${prop} must be ${DISCOVERY_NAME_EXPECTED}, got ${show(name)}`;
}

export function dnsNameProblem(prop: string, name: unknown): string | undefined {
  const ok =
    typeof name === "string" &&
    name.length >= 1 &&
    name.length <= 127 &&
    name.split(".").every((label) => DNS_LABEL.test(label));
  return ok ? undefined : `${prop} must be ${DNS_NAME_EXPECTED}, got ${show(name)}`;
}

export function portNumberProblem(prop: string, port: unknown): string | undefined {
  return typeof port === "number" && Number.isInteger(port) && port >= 1 && port <= 65535
    ? undefined
    : `${prop} must be ${PORT_NUMBER_EXPECTED}, got ${show(port)}`;
}

export function appProtocolProblem(prop: string, protocol: unknown): string | undefined {
  return (SERVICE_CONNECT_APP_PROTOCOLS as readonly unknown[]).includes(protocol)
    ? undefined
    : `${prop} must be one of ${SERVICE_CONNECT_APP_PROTOCOLS.map((p) => `"${p}"`).join(", ")} (leave it out for plain TCP), got ${show(protocol)}`;
}

export function timeoutSecondsProblem(prop: string, seconds: unknown): string | undefined {
  return typeof seconds === "number" && Number.isInteger(seconds) && seconds >= 0 && seconds <= 2147483647
    ? undefined
    : `${prop} must be ${TIMEOUT_SECONDS_EXPECTED}, got ${show(seconds)}`;
}

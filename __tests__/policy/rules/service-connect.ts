import { PolicyStack, StackResource, singleBlock } from "../policy-stack";
import { PolicyRule, Violation, stackJson } from "../rule";

/**
 * ECS Service Connect. Every task of a Service Connect service runs ECS's proxy, which carries all
 * of the service's calls (and, when it publishes, all calls to it): its logs are the only record of
 * a refused or timed-out connection, so they must go somewhere. And the namespace decides which
 * endpoints the tasks can reach: left out, ECS takes the cluster's default, which nothing in the
 * service's own configuration shows.
 */

/** The service's Service Connect block when it is (or may be, by variable) enabled. */
function enabledServiceConnect(service: StackResource): Record<string, unknown> | undefined {
  const block = singleBlock(service.config.service_connect_configuration);
  if (!block) return undefined;
  const enabled = block.enabled;
  return enabled === false || enabled === "false" ? undefined : block;
}

const nonEmpty = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";

function eachEnabled(
  check: (config: Record<string, unknown>) => string | undefined,
): (stack: PolicyStack) => Violation[] {
  return (stack) =>
    stack.resources("aws_ecs_service").flatMap((service) => {
      const config = enabledServiceConnect(service);
      const why = config && check(config);
      return why ? [{ address: service.address, why }] : [];
    });
}

const logs = {
  log_driver: "awslogs",
  options: {
    "awslogs-group": "/aws/ecs/oms",
    "awslogs-region": "ap-northeast-2",
    "awslogs-stream-prefix": "service-connect",
  },
};
const NAMESPACE = "arn:aws:servicediscovery:ap-northeast-2:123456789012:namespace/ns-abc123";

const proxyLogging: PolicyRule = {
  name: "ecs-service-connect-proxy-logging",
  check: eachEnabled((config) => {
    const logConfiguration = singleBlock(config.log_configuration);
    if (!logConfiguration) {
      return "service_connect_configuration has no log_configuration: the Service Connect proxy carries every call of the service and its logs would be lost; log it to the service's log group (awslogs)";
    }
    if (!nonEmpty(logConfiguration.log_driver)) {
      return "service_connect_configuration.log_configuration has no log_driver, so the proxy's logs go nowhere";
    }
    return undefined;
  }),
  examples: {
    violating: [
      {
        description: "enabled without log_configuration, and log_configuration without a driver (as a list)",
        json: stackJson({
          aws_ecs_service: {
            a: { name: "a", service_connect_configuration: { enabled: true, namespace: NAMESPACE } },
            b: {
              name: "b",
              service_connect_configuration: [
                { enabled: true, namespace: NAMESPACE, log_configuration: [{ options: {} }] },
              ],
            },
          },
        }),
        flags: ["aws_ecs_service.a", "aws_ecs_service.b"],
      },
      {
        description: "enabled by a variable (may be on) without logs",
        json: stackJson({
          aws_ecs_service: {
            s: { name: "s", service_connect_configuration: { enabled: "${var.sc}", namespace: NAMESPACE } },
          },
        }),
        flags: ["aws_ecs_service.s"],
      },
    ],
    passing: [
      {
        description: "logged to awslogs; disabled; no Service Connect at all",
        json: stackJson({
          aws_ecs_service: {
            logged: {
              name: "logged",
              service_connect_configuration: { enabled: true, namespace: NAMESPACE, log_configuration: logs },
            },
            off: { name: "off", service_connect_configuration: { enabled: false } },
            none: { name: "none" },
          },
        }),
      },
    ],
  },
};

const namesNamespace: PolicyRule = {
  name: "ecs-service-connect-names-namespace",
  check: eachEnabled((config) =>
    nonEmpty(config.namespace)
      ? undefined
      : "service_connect_configuration names no namespace: ECS takes the cluster's default (service_connect_defaults), so which endpoints the tasks reach is decided outside this service; name the namespace's ARN",
  ),
  examples: {
    violating: [
      {
        description: "namespace left out, and empty",
        json: stackJson({
          aws_ecs_service: {
            a: { name: "a", service_connect_configuration: { enabled: true, log_configuration: logs } },
            b: {
              name: "b",
              service_connect_configuration: [{ enabled: "true", namespace: " ", log_configuration: [logs] }],
            },
          },
        }),
        flags: ["aws_ecs_service.a", "aws_ecs_service.b"],
      },
    ],
    passing: [
      {
        description: "by ARN, by reference; disabled without one",
        json: stackJson({
          aws_ecs_service: {
            arn: {
              name: "arn",
              service_connect_configuration: { enabled: true, namespace: NAMESPACE, log_configuration: logs },
            },
            ref: {
              name: "ref",
              service_connect_configuration: {
                enabled: true,
                namespace: "${aws_service_discovery_http_namespace.ns.arn}",
                log_configuration: logs,
              },
            },
            off: { name: "off", service_connect_configuration: { enabled: "false" } },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [proxyLogging, namesNamespace];

import { EcsServiceServiceConnectConfiguration } from "@cdktf/provider-aws/lib/ecs-service";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { NAMESPACE_ARN, NAMESPACE_ARN_EXPECTED } from "../servicediscovery/namespace-name";
import { IServiceConnectNamespace } from "../servicediscovery/service-connect-namespace";
import { PortMappingName } from "./container";
import type { FargateService } from "./fargate-service";
import {
  ServiceConnectAppProtocol,
  appProtocolProblem,
  discoveryNameProblem,
  dnsNameProblem,
  portNameProblem,
  portNumberProblem,
  timeoutSecondsProblem,
} from "./service-connect-names";

/**
 * What a service publishes in its Service Connect namespace: one endpoint, `<dnsName>:<port>`, that
 * every other Service Connect task in the namespace can call through its own proxy.
 */
export interface ServiceConnectPublishProps {
  /**
   * The name the container's port mapping gets (and ECS looks the port up by), e.g. "oms"; see
   * PORT_NAME_EXPECTED. It is also the default discovery name, so name it after the service rather
   * than the protocol ("grpc" would collide with the next gRPC service in the namespace).
   */
  readonly portName: string;
  /** The Cloud Map service ECS creates, unique in the namespace. @default portName */
  readonly discoveryName?: string;
  /**
   * The host name clients use. The short name is the same in every environment, so an application's
   * configuration never names one; ECS's own default, `<discoveryName>.<namespace>`, would differ.
   * @default discoveryName
   */
  readonly dnsName?: string;
  /** The port clients use (their proxy listens on it in their own task). @default the container port */
  readonly port?: number;
  /**
   * The protocol the proxy speaks to the container: with one it adds protocol-aware retries,
   * timeouts and per-request metrics. Immutable: ECS changes it only by deleting and recreating the
   * service. Use "grpc" for gRPC (OMS), never "http" for a gRPC server.
   * @default none: plain TCP, bytes passed through, connection metrics only
   */
  readonly appProtocol?: ServiceConnectAppProtocol;
  /** How long a connection may stay idle; 0 turns it off. @default ECS's: 300 s with appProtocol, 3600 s for TCP */
  readonly idleTimeoutSeconds?: number;
  /**
   * How long the proxy waits for a complete response; 0 turns it off (long-lived gRPC streams).
   * Needs appProtocol: ECS times out requests only when it knows the protocol.
   * @default ECS's own
   */
  readonly perRequestTimeoutSeconds?: number;
}

/**
 * Service Connect for a Fargate service: the tasks get ECS's Service Connect proxy (its logs go to
 * the service's log group, stream prefix "service-connect") and may call every endpoint in the
 * namespace by its short name; with `publish` the service is such an endpoint itself.
 *
 * The proxy runs inside the task and shares its CPU and memory, so `cpu` and `memoryMib` must leave
 * it headroom beyond what the application needs.
 *
 * Security groups: in awsvpc mode the publishing task's proxy listens on the container port (ECS's
 * ingressPortOverride default), so a caller is let in exactly as without Service Connect:
 * `oms.connections.allowFrom(ingestion, Port.tcp(50051))`, or `connectsTo` below, which opens the
 * same rule. The client-side `port` is local to the calling task and needs no rule.
 */
export interface ServiceConnectProps {
  /** The namespace the service joins (one per environment); clients reach only endpoints in it. */
  readonly namespace: IServiceConnectNamespace;
  /** The endpoint this service serves. @default none: the service only calls others */
  readonly publish?: ServiceConnectPublishProps;
  /**
   * Publishing services (in the same stack and namespace) this one calls. Each lets this service's
   * security group in on its proxy port (the same rule `connections.allowFrom` makes), and this
   * service is created after them: a task learns the namespace's endpoints when it starts, so a
   * caller started before its server would not find it until its next deployment.
   * @default none: open access with `connections.allowFrom` on the server
   */
  readonly connectsTo?: readonly FargateService[];
}

/** The endpoint a service publishes, with every default filled in. */
export interface PublishedEndpoint {
  readonly portName: string;
  readonly discoveryName: string;
  readonly dnsName: string;
  readonly port: number;
  /** What clients dial: `<dnsName>:<port>`, e.g. "oms:50051"; unique in the namespace. */
  readonly endpoint: string;
}

/** What `serviceConnect` comes to on the service. */
export interface ResolvedServiceConnect {
  readonly namespaceArn: string;
  readonly configuration: EcsServiceServiceConnectConfiguration;
  /** The name (and protocol) the container's port mapping gets; only when publishing. */
  readonly portMapping?: PortMappingName;
  /** Only when publishing. */
  readonly published?: PublishedEndpoint;
}

/** The log group the proxy writes to (the service's own). */
export interface ServiceConnectLogs {
  readonly logGroupName: string;
  readonly region: string;
}

/** The stream prefix of the proxy's logs in the service's log group. */
export const SERVICE_CONNECT_LOG_STREAM_PREFIX = "service-connect";

/**
 * Why `serviceConnect` is refused (each worded "<prop> must be <rule>, got <value>" or "<prop> needs
 * ..."), empty when it is fine. `containerPort` is the container's port, the one portName names.
 */
export function serviceConnectProblems(props: ServiceConnectProps, containerPort: unknown): string[] {
  const problems: string[] = [];
  const namespace = props.namespace as Partial<IServiceConnectNamespace> | undefined;
  if (!namespace || typeof namespace.namespaceArn !== "string") {
    problems.push(
      `serviceConnect.namespace must be a Cloud Map namespace (a ServiceConnectNamespace, or { namespaceArn, namespaceName }), got ${namespace === undefined ? "nothing" : "an object without namespaceArn"}`,
    );
  } else if (!Token.isUnresolved(namespace.namespaceArn) && !NAMESPACE_ARN.test(namespace.namespaceArn)) {
    problems.push(
      `serviceConnect.namespace.namespaceArn must be ${NAMESPACE_ARN_EXPECTED}, got ${JSON.stringify(namespace.namespaceArn)}`,
    );
  }
  const publish = props.publish;
  if (!publish) return problems;
  const check = (problem: string | undefined) => {
    if (problem) problems.push(problem);
  };
  const prop = (name: keyof ServiceConnectPublishProps) => `serviceConnect.publish.${name}`;
  check(portNameProblem(prop("portName"), publish.portName));
  if (publish.discoveryName !== undefined)
    check(discoveryNameProblem(prop("discoveryName"), publish.discoveryName));
  if (publish.dnsName !== undefined) check(dnsNameProblem(prop("dnsName"), publish.dnsName));
  if (publish.port !== undefined) check(portNumberProblem(prop("port"), publish.port));
  if (publish.appProtocol !== undefined) check(appProtocolProblem(prop("appProtocol"), publish.appProtocol));
  if (publish.idleTimeoutSeconds !== undefined)
    check(timeoutSecondsProblem(prop("idleTimeoutSeconds"), publish.idleTimeoutSeconds));
  if (publish.perRequestTimeoutSeconds !== undefined) {
    check(timeoutSecondsProblem(prop("perRequestTimeoutSeconds"), publish.perRequestTimeoutSeconds));
    if (publish.appProtocol === undefined) {
      problems.push(
        `${prop("perRequestTimeoutSeconds")} needs appProtocol: ECS times out requests only for "http", "http2" and "grpc"; plain TCP takes idleTimeoutSeconds only`,
      );
    }
  }
  if (portNumberProblem("container.port", containerPort)) {
    problems.push(
      `serviceConnect.publish needs a container port to name: container.port must be a whole number from 1 to 65535 (the port mapping portName names, where the proxy listens), got ${String(containerPort)}`,
    );
  }
  return problems;
}

/** The service's `service_connect_configuration` and what it publishes; call after the check above. */
export function resolveServiceConnect(
  props: ServiceConnectProps,
  containerPort: number,
  logs: ServiceConnectLogs,
): ResolvedServiceConnect {
  const configuration = {
    enabled: true,
    namespace: props.namespace.namespaceArn,
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": logs.logGroupName,
        "awslogs-region": logs.region,
        "awslogs-stream-prefix": SERVICE_CONNECT_LOG_STREAM_PREFIX,
      },
    },
  };
  const publish = props.publish;
  if (!publish) return { namespaceArn: props.namespace.namespaceArn, configuration };
  const published = publishedEndpoint(publish, containerPort);
  const timeout =
    publish.idleTimeoutSeconds !== undefined || publish.perRequestTimeoutSeconds !== undefined
      ? {
          timeout: {
            ...(publish.idleTimeoutSeconds !== undefined
              ? { idleTimeoutSeconds: publish.idleTimeoutSeconds }
              : {}),
            ...(publish.perRequestTimeoutSeconds !== undefined
              ? { perRequestTimeoutSeconds: publish.perRequestTimeoutSeconds }
              : {}),
          },
        }
      : {};
  return {
    namespaceArn: props.namespace.namespaceArn,
    configuration: {
      ...configuration,
      service: [
        {
          portName: published.portName,
          discoveryName: published.discoveryName,
          clientAlias: { port: published.port, dnsName: published.dnsName },
          ...timeout,
        },
      ],
    },
    portMapping: portMappingOf(publish),
    published,
  };
}

/** The name and protocol the published port's mapping gets in the task definition. */
export function portMappingOf(publish: ServiceConnectPublishProps): PortMappingName {
  return { name: publish.portName, ...(publish.appProtocol ? { appProtocol: publish.appProtocol } : {}) };
}

/**
 * The endpoint `publish` comes to. Defaults are written out rather than left to ECS, so what the
 * plan shows is what clients get.
 */
export function publishedEndpoint(
  publish: ServiceConnectPublishProps,
  containerPort: number,
): PublishedEndpoint {
  const discoveryName = publish.discoveryName ?? publish.portName;
  const dnsName = publish.dnsName ?? discoveryName;
  const port = publish.port ?? containerPort;
  return { portName: publish.portName, discoveryName, dnsName, port, endpoint: `${dnsName}:${port}` };
}

/** Which service (by construct path) holds each discovery name and alias, per namespace, per app. */
const claims = new WeakMap<Construct, Map<string, Map<string, string>>>();

/**
 * Records that `path` publishes `endpoint` in the namespace `namespaceArn`, or says who already does:
 * ECS would refuse the second one only while creating it, half-way through a deploy. Namespaces are
 * told apart by ARN (one token per namespace resource), so a namespace passed as a plain object
 * counts as the same one.
 */
export function claimEndpoint(
  scope: Construct,
  namespaceArn: string,
  endpoint: PublishedEndpoint,
  path: string,
): string[] {
  const root = scope.node.root;
  let byNamespace = claims.get(root);
  if (!byNamespace) claims.set(root, (byNamespace = new Map()));
  let taken = byNamespace.get(namespaceArn);
  if (!taken) byNamespace.set(namespaceArn, (taken = new Map()));
  const wanted = [
    ["discovery", endpoint.discoveryName, "serviceConnect.publish.discoveryName"],
    ["alias", endpoint.endpoint, "serviceConnect.publish dnsName:port"],
  ] as const;
  const problems = wanted.flatMap(([kind, value, prop]) => {
    const owner = taken.get(`${kind}:${value}`);
    return owner && owner !== path
      ? [`${prop} must be unique in the namespace, got "${value}", which ${owner} already publishes`]
      : [];
  });
  if (problems.length === 0) for (const [kind, value] of wanted) taken.set(`${kind}:${value}`, path);
  return problems;
}

import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { LAMBDA_ENTRIES } from "../../../lambdas/entries";
import { AutoscaledService } from "../../../modules/ecs/autoscaled-service";
import { EcsCluster } from "../../../modules/ecs/ecs-cluster";
import { FargateService } from "../../../modules/ecs/fargate-service";
import {
  FargateTaskDefinition,
  FargateTaskDefinitionProps,
} from "../../../modules/ecs/fargate-task-definition";
import { OnDemandService } from "../../../modules/ecs/on-demand-service";
import { ServiceConnectProps, ServiceConnectPublishProps } from "../../../modules/ecs/service-connect";
import { SingletonService } from "../../../modules/ecs/singleton-service";
import { Port } from "../../../modules/network/port";
import {
  IServiceConnectNamespace,
  ServiceConnectNamespace,
} from "../../../modules/servicediscovery/service-connect-namespace";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { ref } from "../refs";
import {
  BASE_SERVICE,
  BASE_TASK,
  ServiceProps,
  containersOf,
  errorOf,
  ingressOf,
  oneWhere,
  roleStatements,
  serviceGroupRef,
} from "./ecs-fixtures";

/**
 * ECS Service Connect on the service modules (FargateService placement, so every mode): a service
 * joins a Cloud Map namespace, its tasks get the proxy (logged to the service's log group), and a
 * publishing service names its container port and publishes `<dnsName>:<port>`. The publishing
 * service lets in exactly its callers' security groups, on its container port (where the proxy
 * listens in awsvpc mode).
 */

const OMS: ServiceProps = {
  ...BASE_SERVICE,
  serviceName: "oms",
  container: { ...BASE_SERVICE.container, name: "oms", port: 50051 },
  logGroupName: "/aws/ecs/oms",
};
const INGESTION: ServiceProps = {
  ...BASE_SERVICE,
  serviceName: "data-ingestion",
  container: { ...BASE_SERVICE.container, name: "data-ingestion", port: 8080 },
  logGroupName: "/aws/ecs/data-ingestion",
};
const GRPC: ServiceConnectPublishProps = { portName: "oms", appProtocol: "grpc" };

interface Scene {
  readonly scope: Construct;
  readonly namespace: ServiceConnectNamespace;
  readonly cluster: EcsCluster;
}

/** Synthesizes a namespace ("aipx.dev.internal"), a cluster and what `build` adds. */
function scene(build: (s: Scene) => void): SynthesizedJson {
  return synthScope((scope) => {
    const namespace = new ServiceConnectNamespace(scope, "namespace", { name: "aipx.dev.internal" });
    const cluster = new EcsCluster(scope, "cluster", { clusterName: "aipx-dev" });
    build({ scope, namespace, cluster });
  });
}

interface Published {
  synth: SynthesizedJson;
  oms: SingletonService;
  namespace: ServiceConnectNamespace;
  service: Record<string, unknown>;
  namespaceRef: string;
}

/** OMS publishing with `publish` (GRPC by default), as a singleton. */
function publishing(
  publish: ServiceConnectPublishProps = GRPC,
  overrides: Partial<ServiceProps> = {},
): Published {
  let oms: SingletonService | undefined;
  let joined: ServiceConnectNamespace | undefined;
  const synth = scene(({ scope, namespace, cluster }) => {
    joined = namespace;
    oms = new SingletonService(scope, "oms", {
      ...OMS,
      ...overrides,
      cluster,
      serviceConnect: { namespace, publish },
    });
  });
  return {
    synth,
    oms: oms!,
    namespace: joined!,
    service: oneWhere(synth, "aws_ecs_service", { name: "oms" }).resource,
    namespaceRef: ref("aws_service_discovery_http_namespace", namespaceName(synth), "arn"),
  };
}

const namespaceName = (synth: SynthesizedJson) => {
  const names = Object.keys(synth.resources("aws_service_discovery_http_namespace"));
  expect(names).toHaveLength(1);
  return names[0]!;
};
const regionRef = (synth: SynthesizedJson) =>
  `\${data.aws_region.${Object.keys((synth.json.data?.aws_region ?? {}) as object)[0]!}.name}`;
const logGroupRef = (synth: SynthesizedJson, name: string, attribute: string) =>
  ref("aws_cloudwatch_log_group", oneWhere(synth, "aws_cloudwatch_log_group", { name }).name, attribute);
const taskOf = (synth: SynthesizedJson, family: string) =>
  oneWhere(synth, "aws_ecs_task_definition", { family }).resource;
const serviceConnectOf = (service: Record<string, unknown>) =>
  service.service_connect_configuration as Record<string, unknown> | undefined;

describe("a publishing service (OMS, gRPC on 50051)", () => {
  const { synth, oms, namespace, service, namespaceRef } = publishing();

  test("joins the namespace by ARN, logs its proxy to its own log group, and publishes oms on 50051", () => {
    expect(serviceConnectOf(service)).toEqual({
      enabled: true,
      namespace: namespaceRef,
      log_configuration: {
        log_driver: "awslogs",
        options: {
          "awslogs-group": logGroupRef(synth, "/aws/ecs/oms", "name"),
          "awslogs-region": regionRef(synth),
          "awslogs-stream-prefix": "service-connect",
        },
      },
      service: [{ port_name: "oms", discovery_name: "oms", client_alias: { port: 50051, dns_name: "oms" } }],
    });
  });

  test("the container's port mapping carries the port name and the gRPC protocol", () => {
    expect(containersOf(taskOf(synth, "oms"))[0]!.portMappings).toEqual([
      { containerPort: 50051, hostPort: 50051, protocol: "tcp", name: "oms", appProtocol: "grpc" },
    ]);
  });

  test("results: the endpoint clients dial, the port name, the discovery name and the namespace", () => {
    expect(oms.serviceConnectEndpoint).toBe("oms:50051");
    expect(oms.serviceConnectPortName).toBe("oms");
    expect(oms.serviceConnectDiscoveryName).toBe("oms");
    expect(oms.serviceConnectNamespaceArn).toBe(namespace.namespaceArn);
  });

  test("the proxy writes with the execution role's own log permission (the service's log group, no more)", () => {
    const writeLogs = roleStatements(synth, "oms-exec")!.find((s) => s.Sid === "WriteLogs");
    expect(writeLogs).toEqual({
      Sid: "WriteLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `${logGroupRef(synth, "/aws/ecs/oms", "arn")}:*`,
    });
  });

  test.each<[string, Partial<ServiceConnectPublishProps>, Record<string, unknown>, string]>([
    [
      "discoveryName names the Cloud Map service and, by default, the host",
      { discoveryName: "order-management" },
      { discovery_name: "order-management", client_alias: { port: 50051, dns_name: "order-management" } },
      "order-management:50051",
    ],
    [
      "dnsName sets the host only",
      { dnsName: "oms.aipx.dev.internal" },
      { discovery_name: "oms", client_alias: { port: 50051, dns_name: "oms.aipx.dev.internal" } },
      "oms.aipx.dev.internal:50051",
    ],
    [
      "port sets the client port only",
      { port: 443 },
      { discovery_name: "oms", client_alias: { port: 443, dns_name: "oms" } },
      "oms:443",
    ],
  ])("%s", (_description, publish, rendered, endpoint) => {
    const built = publishing({ ...GRPC, ...publish });
    expect((serviceConnectOf(built.service)!.service as unknown[])[0]).toEqual({
      port_name: "oms",
      ...rendered,
    });
    expect(built.oms.serviceConnectEndpoint).toBe(endpoint);
    // The container keeps listening on its own port whatever clients dial.
    expect(containersOf(taskOf(built.synth, "oms"))[0]!.portMappings[0]).toMatchObject({
      containerPort: 50051,
      hostPort: 50051,
      name: "oms",
    });
  });

  test("without appProtocol the port is named but plain TCP, and no timeout is set", () => {
    const tcp = publishing({ portName: "oms" });
    expect(containersOf(taskOf(tcp.synth, "oms"))[0]!.portMappings).toEqual([
      { containerPort: 50051, hostPort: 50051, protocol: "tcp", name: "oms" },
    ]);
    expect((serviceConnectOf(tcp.service)!.service as Record<string, unknown>[])[0]).not.toHaveProperty(
      "timeout",
    );
  });

  test("timeouts are passed on, 0 (off, for long-lived gRPC streams) included", () => {
    const streams = publishing({ ...GRPC, idleTimeoutSeconds: 0, perRequestTimeoutSeconds: 0 });
    expect((serviceConnectOf(streams.service)!.service as Record<string, unknown>[])[0]!.timeout).toEqual({
      idle_timeout_seconds: 0,
      per_request_timeout_seconds: 0,
    });
    const idleOnly = publishing({ portName: "oms", idleTimeoutSeconds: 3600 });
    expect((serviceConnectOf(idleOnly.service)!.service as Record<string, unknown>[])[0]!.timeout).toEqual({
      idle_timeout_seconds: 3600,
    });
  });
});

describe("a consume-only service (data-ingestion)", () => {
  let ingestion: SingletonService | undefined;
  let joined: ServiceConnectNamespace | undefined;
  const synth = scene(({ scope, namespace, cluster }) => {
    joined = namespace;
    ingestion = new SingletonService(scope, "ingestion", {
      ...INGESTION,
      cluster,
      serviceConnect: { namespace },
    });
  });
  const service = oneWhere(synth, "aws_ecs_service", { name: "data-ingestion" }).resource;

  test("joins the namespace with a logged proxy and publishes nothing", () => {
    expect(serviceConnectOf(service)).toEqual({
      enabled: true,
      namespace: ref("aws_service_discovery_http_namespace", namespaceName(synth), "arn"),
      log_configuration: {
        log_driver: "awslogs",
        options: {
          "awslogs-group": logGroupRef(synth, "/aws/ecs/data-ingestion", "name"),
          "awslogs-region": regionRef(synth),
          "awslogs-stream-prefix": "service-connect",
        },
      },
    });
  });

  test("its port mapping stays unnamed, exactly as without Service Connect", () => {
    expect(containersOf(taskOf(synth, "data-ingestion"))[0]!.portMappings).toEqual([
      { containerPort: 8080, hostPort: 8080, protocol: "tcp" },
    ]);
  });

  test("has a namespace but no endpoint, port name or discovery name", () => {
    expect(ingestion!.serviceConnectNamespaceArn).toBe(joined!.namespaceArn);
    expect(ingestion!.serviceConnectEndpoint).toBeUndefined();
    expect(ingestion!.serviceConnectPortName).toBeUndefined();
    expect(ingestion!.serviceConnectDiscoveryName).toBeUndefined();
  });
});

test("without serviceConnect: no Service Connect block, an unnamed port, no Service Connect results", () => {
  let plain: SingletonService | undefined;
  const synth = scene(({ scope, cluster }) => {
    plain = new SingletonService(scope, "oms", { ...OMS, cluster });
  });
  expect(oneWhere(synth, "aws_ecs_service", { name: "oms" }).resource).not.toHaveProperty(
    "service_connect_configuration",
  );
  expect(containersOf(taskOf(synth, "oms"))[0]!.portMappings).toEqual([
    { containerPort: 50051, hostPort: 50051, protocol: "tcp" },
  ]);
  expect([
    plain!.serviceConnectNamespaceArn,
    plain!.serviceConnectEndpoint,
    plain!.serviceConnectPortName,
  ]).toEqual([undefined, undefined, undefined]);
});

describe("security groups: the publisher lets in its callers, on its container port only", () => {
  type Wiring = (oms: SingletonService, ingestion: SingletonService) => void;

  function wired(
    options: { connectsTo: boolean; wire?: Wiring; publish?: ServiceConnectPublishProps } = {
      connectsTo: false,
    },
  ) {
    const synth = scene(({ scope, namespace, cluster }) => {
      const oms = new SingletonService(scope, "oms", {
        ...OMS,
        cluster,
        serviceConnect: { namespace, publish: options.publish ?? GRPC },
      });
      const ingestion = new SingletonService(scope, "ingestion", {
        ...INGESTION,
        cluster,
        serviceConnect: { namespace, ...(options.connectsTo ? { connectsTo: [oms] } : {}) },
      });
      options.wire?.(oms, ingestion);
    });
    const oms = oneWhere(synth, "aws_ecs_service", { name: "oms" });
    const ingestion = oneWhere(synth, "aws_ecs_service", { name: "data-ingestion" });
    return {
      synth,
      omsName: oms.name,
      ingestion: ingestion.resource,
      omsGroup: serviceGroupRef(oms.resource),
      ingestionGroup: serviceGroupRef(ingestion.resource),
    };
  }
  const allowFrom50051: Wiring = (oms, ingestion) => oms.connections.allowFrom(ingestion, Port.tcp(50051));
  const onlyRuleFromIngestion = (built: ReturnType<typeof wired>, port = 50051) => [
    {
      security_group_id: built.omsGroup,
      ip_protocol: "tcp",
      from_port: port,
      to_port: port,
      referenced_security_group_id: built.ingestionGroup,
      description: "from data-ingestion",
    },
  ];

  test("oms.connections.allowFrom(ingestion, Port.tcp(50051)): one ingress rule, from ingestion's group, on 50051", () => {
    const built = wired({ connectsTo: false, wire: allowFrom50051 });
    expect(ingressOf(built.synth, built.omsGroup)).toEqual(onlyRuleFromIngestion(built));
    expect(ingressOf(built.synth, built.ingestionGroup)).toEqual([]);
  });

  test("connectsTo makes the same one rule, and the caller's service is created after the server's", () => {
    const built = wired({ connectsTo: true });
    expect(ingressOf(built.synth, built.omsGroup)).toEqual(onlyRuleFromIngestion(built));
    expect(built.ingestion.depends_on).toContain(`aws_ecs_service.${built.omsName}`);
  });

  test("connectsTo and allowFrom together still make one rule", () => {
    const built = wired({ connectsTo: true, wire: allowFrom50051 });
    expect(ingressOf(built.synth, built.omsGroup)).toHaveLength(1);
  });

  test("a different client port opens nothing extra: the proxy listens on the container port", () => {
    const built = wired({ connectsTo: true, publish: { ...GRPC, port: 443 } });
    expect(ingressOf(built.synth, built.omsGroup)).toEqual(onlyRuleFromIngestion(built, 50051));
  });

  test("joining the namespace alone opens nothing, and the caller does not wait for anyone", () => {
    const built = wired({ connectsTo: false });
    expect(ingressOf(built.synth, built.omsGroup)).toEqual([]);
    expect(built.ingestion.depends_on).not.toContain(`aws_ecs_service.${built.omsName}`);
  });
});

describe("every service mode takes serviceConnect (a FargateService placement prop)", () => {
  test.each(["singleton", "autoscaled", "on-demand"] as const)("%s", (mode) => {
    let built: FargateService | undefined;
    const synth = scene(({ scope, namespace, cluster }) => {
      const props = { ...OMS, cluster, serviceConnect: { namespace, publish: GRPC } };
      if (mode === "singleton") built = new SingletonService(scope, "oms", props);
      else if (mode === "autoscaled") built = new AutoscaledService(scope, "oms", props);
      else built = new OnDemandService(scope, "oms", { ...props, scalerEntry: LAMBDA_ENTRIES.ecsScaler });
    });
    const service = oneWhere(synth, "aws_ecs_service", { name: "oms" }).resource;
    expect(serviceConnectOf(service)).toMatchObject({
      enabled: true,
      service: [{ port_name: "oms", client_alias: { port: 50051, dns_name: "oms" } }],
    });
    expect(containersOf(taskOf(synth, "oms"))[0]!.portMappings[0]).toMatchObject({
      name: "oms",
      appProtocol: "grpc",
    });
    expect(built!.serviceConnectEndpoint).toBe("oms:50051");
  });
});

describe("validation", () => {
  const refusal = (serviceConnect: Partial<ServiceConnectProps>, overrides: Partial<ServiceProps> = {}) =>
    errorOf(() =>
      scene(({ scope, namespace, cluster }) => {
        new SingletonService(scope, "oms", {
          ...OMS,
          ...overrides,
          cluster,
          serviceConnect: { namespace, ...serviceConnect } as ServiceConnectProps,
        });
      }),
    );
  const publishRefusal = (publish: Partial<ServiceConnectPublishProps>) =>
    refusal({ publish: { ...GRPC, ...publish } });

  const PORT_NAME_RULE =
    "must be 1-64 lowercase letters, digits, underscores and hyphens, not starting with a hyphen";
  const DNS_RULE = "must be a DNS name of at most 127 characters";
  test.each<[string, Partial<ServiceConnectPublishProps>, string]>([
    [
      "portName uppercase",
      { portName: "OMS" },
      `serviceConnect.publish.portName ${PORT_NAME_RULE}, got "OMS"`,
    ],
    ["portName starting with a hyphen", { portName: "-oms" }, `portName ${PORT_NAME_RULE}, got "-oms"`],
    [
      "portName of 65 characters",
      { portName: "a".repeat(65) },
      `portName ${PORT_NAME_RULE}, got "${"a".repeat(65)}"`,
    ],
    ["portName empty", { portName: "" }, `portName ${PORT_NAME_RULE}, got ""`],
    ["portName with a dot", { portName: "oms.grpc" }, `portName ${PORT_NAME_RULE}, got "oms.grpc"`],
    [
      "discoveryName uppercase",
      { discoveryName: "Order" },
      `serviceConnect.publish.discoveryName ${PORT_NAME_RULE}, got "Order"`,
    ],
    ["dnsName starting with a hyphen", { dnsName: "-oms" }, `serviceConnect.publish.dnsName ${DNS_RULE}`],
    ["dnsName with an empty label", { dnsName: "oms..internal" }, `dnsName ${DNS_RULE}`],
    ["dnsName with a trailing dot", { dnsName: "oms.aipx.dev.internal." }, `dnsName ${DNS_RULE}`],
    ["dnsName of 128 characters", { dnsName: "o".repeat(128) }, `dnsName ${DNS_RULE}`],
    ["dnsName uppercase", { dnsName: "OMS" }, `dnsName ${DNS_RULE}`],
    ["port 0", { port: 0 }, "serviceConnect.publish.port must be a whole number from 1 to 65535, got 0"],
    ["port 65536", { port: 65536 }, "port must be a whole number from 1 to 65535, got 65536"],
    ["port 80.5", { port: 80.5 }, "port must be a whole number from 1 to 65535, got 80.5"],
    [
      "appProtocol tcp",
      { appProtocol: "tcp" as never },
      'serviceConnect.publish.appProtocol must be one of "http", "http2", "grpc" (leave it out for plain TCP), got "tcp"',
    ],
    [
      "appProtocol uppercase",
      { appProtocol: "GRPC" as never },
      'appProtocol must be one of "http", "http2", "grpc"',
    ],
    [
      "idleTimeoutSeconds negative",
      { idleTimeoutSeconds: -1 },
      "serviceConnect.publish.idleTimeoutSeconds must be a whole number of seconds from 0 (no timeout) to 2147483647, got -1",
    ],
    [
      "perRequestTimeoutSeconds fractional",
      { perRequestTimeoutSeconds: 1.5 },
      "perRequestTimeoutSeconds must be a whole number of seconds from 0 (no timeout) to 2147483647, got 1.5",
    ],
    [
      "perRequestTimeoutSeconds without appProtocol",
      { appProtocol: undefined, perRequestTimeoutSeconds: 30 },
      'serviceConnect.publish.perRequestTimeoutSeconds needs appProtocol: ECS times out requests only for "http", "http2" and "grpc"',
    ],
  ])("%s is refused", (_description, publish, message) => {
    const error = publishRefusal(publish);
    expect(error).toMatch(/\/oms: serviceConnect\./);
    expect(error).toContain(message);
  });

  test.each<[string, Partial<ServiceConnectPublishProps>]>([
    ["a port name with digits, underscores and hyphens", { portName: "oms_grpc-1" }],
    ["a port name starting with an underscore, of 64 characters", { portName: `_${"a".repeat(63)}` }],
    ["a dotted dnsName of 127 characters", { dnsName: `${"o".repeat(63)}.${"o".repeat(63)}` }],
    ["the lowest port", { port: 1 }],
    ["the highest port", { port: 65535 }],
    ["appProtocol http", { appProtocol: "http" }],
    ["appProtocol http2", { appProtocol: "http2" }],
  ])("accepted: %s", (_description, publish) => {
    expect(() => publishing({ ...GRPC, ...publish })).not.toThrow();
  });

  test("a publishing service needs a container port: the port mapping portName names", () => {
    expect(refusal({ publish: GRPC }, { container: { ...OMS.container, port: 0 } })).toContain(
      "serviceConnect.publish needs a container port to name: container.port must be a whole number from 1 to 65535 (the port mapping portName names, where the proxy listens), got 0",
    );
  });

  test("a namespace is required, and a literal ARN must be a Cloud Map namespace's", () => {
    expect(refusal({ namespace: undefined })).toContain(
      "serviceConnect.namespace must be a Cloud Map namespace (a ServiceConnectNamespace, or { namespaceArn, namespaceName }), got nothing",
    );
    const service = "arn:aws:servicediscovery:ap-northeast-2:123456789012:service/srv-abc123";
    expect(refusal({ namespace: { namespaceArn: service, namespaceName: "aipx.dev.internal" } })).toContain(
      `serviceConnect.namespace.namespaceArn must be a Cloud Map namespace ARN, "arn:aws:servicediscovery:<region>:<account>:namespace/ns-<id>", got "${service}"`,
    );
  });

  test("a namespace from elsewhere, by literal ARN, is accepted", () => {
    const shared: IServiceConnectNamespace = {
      namespaceArn: "arn:aws:servicediscovery:ap-northeast-2:123456789012:namespace/ns-abc123",
      namespaceName: "aipx.dev.internal",
    };
    const synth = scene(({ scope, cluster }) => {
      new SingletonService(scope, "oms", {
        ...OMS,
        cluster,
        serviceConnect: { namespace: shared, publish: GRPC },
      });
    });
    expect(serviceConnectOf(oneWhere(synth, "aws_ecs_service", { name: "oms" }).resource)!.namespace).toBe(
      shared.namespaceArn,
    );
  });

  test("every problem is named at once", () => {
    const error = publishRefusal({ portName: "OMS", port: 0 });
    expect(error).toContain("portName must be 1-64 lowercase letters");
    expect(error).toContain("; serviceConnect.publish.port must be a whole number from 1 to 65535, got 0");
  });
});

describe("endpoints are unique in a namespace", () => {
  function two(
    first: ServiceConnectPublishProps,
    second: ServiceConnectPublishProps,
    secondNamespace: "same" | "other" = "same",
  ): () => SynthesizedJson {
    return () =>
      scene(({ scope, namespace, cluster }) => {
        const other = new ServiceConnectNamespace(scope, "other-namespace", {
          name: "aipx.staging.internal",
        });
        new SingletonService(scope, "oms", {
          ...OMS,
          cluster,
          serviceConnect: { namespace, publish: first },
        });
        new SingletonService(scope, "oms-v2", {
          ...OMS,
          serviceName: "oms-v2",
          logGroupName: "/aws/ecs/oms-v2",
          cluster,
          serviceConnect: { namespace: secondNamespace === "same" ? namespace : other, publish: second },
        });
      });
  }

  test("a discovery name another service publishes is refused, naming that service", () => {
    expect(errorOf(two(GRPC, { ...GRPC, dnsName: "oms-v2" }))).toMatch(
      /\/oms-v2: serviceConnect\.publish\.discoveryName must be unique in the namespace, got "oms", which .*\/oms already publishes$/,
    );
  });

  test("the same dnsName:port under another discovery name is refused", () => {
    expect(errorOf(two(GRPC, { ...GRPC, discoveryName: "oms-v2", dnsName: "oms" }))).toMatch(
      /serviceConnect\.publish dnsName:port must be unique in the namespace, got "oms:50051", which .*\/oms already publishes$/,
    );
  });

  test("the same names in another namespace, or on another port, are fine", () => {
    expect(two(GRPC, GRPC, "other")).not.toThrow();
    expect(two(GRPC, { ...GRPC, discoveryName: "oms-v2", port: 50052 })).not.toThrow();
  });

  test("separate apps do not see each other's endpoints", () => {
    expect(() => publishing()).not.toThrow();
    expect(() => publishing()).not.toThrow();
  });
});

describe("connectsTo is refused for what it cannot wire", () => {
  test("a server that publishes nothing", () => {
    const error = errorOf(() =>
      scene(({ scope, namespace, cluster }) => {
        const oms = new SingletonService(scope, "oms", { ...OMS, cluster, serviceConnect: { namespace } });
        new SingletonService(scope, "ingestion", {
          ...INGESTION,
          cluster,
          serviceConnect: { namespace, connectsTo: [oms] },
        });
      }),
    );
    expect(error).toMatch(
      /\/ingestion: serviceConnect\.connectsTo\[0\] must publish a Service Connect endpoint, got .*\/oms, which has no serviceConnect\.publish$/,
    );
  });

  test("a server in another namespace", () => {
    const error = errorOf(() =>
      scene(({ scope, namespace, cluster }) => {
        const other = new ServiceConnectNamespace(scope, "other", { name: "erp.dev.internal" });
        const oms = new SingletonService(scope, "oms", {
          ...OMS,
          cluster,
          serviceConnect: { namespace: other, publish: GRPC },
        });
        new SingletonService(scope, "ingestion", {
          ...INGESTION,
          cluster,
          serviceConnect: { namespace, connectsTo: [oms] },
        });
      }),
    );
    expect(error).toMatch(
      /serviceConnect\.connectsTo\[0\] must publish in this service's namespace, got .*\/oms/,
    );
  });

  test("a server in another stack", () => {
    const app = new App({ outdir: "cdktf.out.unused" });
    const serverStack = new TerraformStack(app, "server-stack");
    const callerStack = new TerraformStack(app, "caller-stack");
    const namespace = new ServiceConnectNamespace(serverStack, "namespace", { name: "aipx.dev.internal" });
    const oms = new SingletonService(serverStack, "oms", {
      ...OMS,
      cluster: new EcsCluster(serverStack, "cluster", { clusterName: "aipx-dev" }),
      serviceConnect: { namespace, publish: GRPC },
    });
    expect(
      errorOf(
        () =>
          new SingletonService(callerStack, "ingestion", {
            ...INGESTION,
            cluster: new EcsCluster(callerStack, "cluster", { clusterName: "aipx-dev-callers" }),
            serviceConnect: { namespace, connectsTo: [oms] },
          }),
      ),
    ).toBe(
      "caller-stack/ingestion: serviceConnect.connectsTo[0] must be in this stack (caller-stack), got server-stack/oms; across stacks open access with connections.allowFrom and deploy the server's stack first",
    );
  });
});

describe("EcsCluster defaultServiceConnectNamespace", () => {
  test("becomes the cluster's service_connect_defaults, by ARN", () => {
    let cluster: EcsCluster | undefined;
    const synth = synthScope((scope) => {
      const namespace = new ServiceConnectNamespace(scope, "namespace", { name: "aipx.dev.internal" });
      cluster = new EcsCluster(scope, "cluster", {
        clusterName: "aipx-dev",
        defaultServiceConnectNamespace: namespace,
      });
    });
    expect(synth.only("aws_ecs_cluster").service_connect_defaults).toEqual({
      namespace: ref("aws_service_discovery_http_namespace", namespaceName(synth), "arn"),
    });
    expect(cluster!.defaultServiceConnectNamespaceArn).toBeDefined();
  });

  test("absent: no service_connect_defaults", () => {
    let cluster: EcsCluster | undefined;
    const synth = synthScope((scope) => {
      cluster = new EcsCluster(scope, "cluster", { clusterName: "aipx-dev" });
    });
    expect(synth.only("aws_ecs_cluster")).not.toHaveProperty("service_connect_defaults");
    expect(cluster!.defaultServiceConnectNamespaceArn).toBeUndefined();
  });

  test("a literal ARN that is not a namespace's is refused", () => {
    const arn = "arn:aws:servicediscovery:ap-northeast-2:123456789012:service/srv-abc123";
    expect(
      errorOf(() =>
        synthScope((scope) => {
          new EcsCluster(scope, "cluster", {
            clusterName: "aipx-dev",
            defaultServiceConnectNamespace: { namespaceArn: arn, namespaceName: "aipx.dev.internal" },
          });
        }),
      ),
    ).toMatch(
      new RegExp(
        `/cluster: defaultServiceConnectNamespace\\.namespaceArn must be a Cloud Map namespace ARN, .*, got "${arn.replace(/[/.]/g, "\\$&")}"$`,
      ),
    );
  });
});

describe("FargateTaskDefinition portMapping (what FargateService sets from publish)", () => {
  const task = (portMapping: FargateTaskDefinitionProps["portMapping"]) =>
    synthScope((scope) => {
      new FargateTaskDefinition(scope, "task", { ...BASE_TASK, portMapping });
    });

  test("names the container's port mapping, with the protocol when given", () => {
    expect(
      containersOf(task({ name: "worker", appProtocol: "http2" }).only("aws_ecs_task_definition"))[0]!
        .portMappings,
    ).toEqual([
      { containerPort: 9091, hostPort: 9091, protocol: "tcp", name: "worker", appProtocol: "http2" },
    ]);
  });

  test.each<[FargateTaskDefinitionProps["portMapping"], string]>([
    [
      { name: "Worker" },
      'portMapping.name must be 1-64 lowercase letters, digits, underscores and hyphens, not starting with a hyphen, got "Worker"',
    ],
    [
      { name: "worker", appProtocol: "tcp" as never },
      'portMapping.appProtocol must be one of "http", "http2", "grpc" (leave it out for plain TCP), got "tcp"',
    ],
  ])("refuses %j", (portMapping, message) => {
    expect(errorOf(() => task(portMapping))).toBe(`stack/task: ${message}`);
  });
});

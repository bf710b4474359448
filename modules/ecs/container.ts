import { Token } from "cdktf";
import { SECRET_ARN, SECRET_ARN_EXPECTED } from "./secret-arn";
import { ServiceConnectAppProtocol } from "./service-connect-names";

/** What runs in a service's (single) container. */
export interface ContainerProps {
  /** Container name, e.g. "api". */
  readonly name: string;
  readonly image: ContainerImage;
  /** The port the application listens on. */
  readonly port: number;
  /** Plain configuration. Never secrets: use `secrets`. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Secrets injected at start, by reference: environment variable name → ARN of an SSM parameter or a
   * Secrets Manager secret (optionally `:json-key::`). The execution role may read exactly these.
   * @default {}
   */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Container health check. @default none (ECS trusts the process; the ALB checks HTTP) */
  readonly healthCheck?: ContainerHealthCheck;
  /** Override of the image's command. @default the image's CMD */
  readonly command?: readonly string[];
  /**
   * Mount the root filesystem read-only. Off by default because the JVM and Python apps here write
   * to /tmp; turn on for images that don't.
   * @default false
   */
  readonly readonlyRootFilesystem?: boolean;
}

/** An image and, for ECR, the repository the execution role may pull from (and only that one). */
export interface ContainerImage {
  readonly uri: string;
  readonly repositoryArn?: string;
}

/** What an image needs from its repository; the EcrRepository construct is one. */
export interface EcrImageSource {
  readonly repositoryArn: string;
  imageUri(tag: string): string;
}

export const ContainerImage = {
  /**
   * `<repository url>:<tag>` from an ECR repository (which validates the tag); grants pulls from that
   * repository only.
   */
  fromEcr(repository: EcrImageSource, tag: string): ContainerImage {
    return { uri: repository.imageUri(tag), repositoryArn: repository.repositoryArn };
  },
  /** A public image (e.g. from ECR Public or Docker Hub); no pull permissions needed. */
  fromRegistry(uri: string): ContainerImage {
    return { uri };
  },
};

export interface ContainerHealthCheck {
  /** Shell command, e.g. "curl -f http://localhost:8000/health || exit 1". */
  readonly command: string;
  /** @default 30 */
  readonly intervalSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly retries?: number;
  /** @default 60 */
  readonly startPeriodSeconds?: number;
}

export interface LogSettings {
  readonly logGroupName: string;
  readonly region: string;
  readonly streamPrefix: string;
}

/** A name and protocol for the container's port mapping, which Service Connect addresses it by. */
export interface PortMappingName {
  readonly name: string;
  /** @default none: TCP */
  readonly appProtocol?: ServiceConnectAppProtocol;
}

/**
 * The container_definitions JSON, with lists sorted so AWS's read-back never shows a diff. The port
 * mapping carries `name` (and `appProtocol`) only when `portMapping` is given, so a task without
 * Service Connect keeps exactly the definition it had.
 */
export function containerDefinitionsJson(
  container: ContainerProps,
  logs: LogSettings,
  portMapping?: PortMappingName,
): string {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const environment = Object.entries(container.environment ?? {})
    .map(([name, value]) => ({ name, value }))
    .sort(byName);
  const secrets = Object.entries(container.secrets ?? {})
    .map(([name, valueFrom]) => ({ name, valueFrom }))
    .sort(byName);
  const health = container.healthCheck;
  return JSON.stringify([
    {
      name: container.name,
      image: container.image.uri,
      essential: true,
      portMappings: [
        {
          containerPort: container.port,
          hostPort: container.port,
          protocol: "tcp",
          ...(portMapping ? { name: portMapping.name } : {}),
          ...(portMapping?.appProtocol ? { appProtocol: portMapping.appProtocol } : {}),
        },
      ],
      environment,
      secrets,
      ...(container.command ? { command: container.command } : {}),
      ...(health
        ? {
            healthCheck: {
              command: ["CMD-SHELL", health.command],
              interval: health.intervalSeconds ?? 30,
              timeout: health.timeoutSeconds ?? 5,
              retries: health.retries ?? 3,
              startPeriod: health.startPeriodSeconds ?? 60,
            },
          }
        : {}),
      readonlyRootFilesystem: container.readonlyRootFilesystem ?? false,
      privileged: false,
      linuxParameters: { initProcessEnabled: true },
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": logs.logGroupName,
          "awslogs-region": logs.region,
          "awslogs-stream-prefix": logs.streamPrefix,
        },
      },
    },
  ]);
}

/**
 * Splits secret references by service, with the Secrets Manager ARNs cut back to the secret itself
 * (a `:json-key:version-stage:version-id` suffix selects inside the secret, it is not part of the ARN).
 * Unresolved tokens (ARNs of resources in the same stack) are trusted as Secrets Manager secrets.
 */
export function secretArnsByService(secrets: Readonly<Record<string, string>>): {
  ssm: string[];
  secretsManager: string[];
} {
  const ssm: string[] = [];
  const secretsManager: string[] = [];
  for (const [name, arn] of Object.entries(secrets)) {
    if (Token.isUnresolved(arn)) {
      secretsManager.push(arn);
      continue;
    }
    const match = SECRET_ARN.exec(arn);
    if (!match) {
      throw new Error(
        `secret ${name} must be ${SECRET_ARN_EXPECTED} (the value is not shown: it may be the secret itself)`,
      );
    }
    if (match[1] === "ssm") ssm.push(arn);
    else secretsManager.push(arn.split(":").slice(0, 7).join(":"));
  }
  return { ssm: [...new Set(ssm)].sort(), secretsManager: [...new Set(secretsManager)].sort() };
}

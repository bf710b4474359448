import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import type { Context } from "aws-lambda";
import { ScalerAction, parseScalerEvent, readScalerConfig } from "./event";

/**
 * Scheduled start/stop of one ECS service (CLUSTER_NAME / SERVICE_NAME): `{"action":"start"}` sets
 * its desired count to START_DESIRED_COUNT (default 1) or the event's `desiredCount`,
 * `{"action":"stop"}` sets it to 0. Invalid events fail before any AWS call. Needs
 * ecs:DescribeServices and ecs:UpdateService on the service.
 */

export interface ScalerResult {
  readonly action: ScalerAction;
  readonly cluster: string;
  readonly service: string;
  readonly previousDesiredCount: number;
  readonly desiredCount: number;
  /** False when the service already had the requested count (no UpdateService call). */
  readonly changed: boolean;
}

let client: ECSClient | undefined;

/** One client per execution environment, created on first use (the region comes from AWS_REGION). */
function ecs(): ECSClient {
  client ??= new ECSClient({});
  return client;
}

export async function handler(
  event: unknown,
  context?: Pick<Context, "awsRequestId">,
): Promise<ScalerResult> {
  const config = readScalerConfig(process.env);
  const request = parseScalerEvent(event, config);
  const { clusterName: cluster, serviceName: service } = config;

  const described = await ecs().send(new DescribeServicesCommand({ cluster, services: [service] }));
  const current = described.services?.find(
    (s) => s.serviceName === service || s.serviceArn?.endsWith(`/${service}`),
  );
  if (!current || current.status !== "ACTIVE") {
    const reason = described.failures?.[0]?.reason ?? (current ? `status ${current.status}` : "not returned");
    throw new Error(
      `ECS service ${service} in cluster ${cluster} is not active (${reason}); check CLUSTER_NAME and SERVICE_NAME`,
    );
  }
  const previousDesiredCount = current.desiredCount ?? 0;

  const changed = previousDesiredCount !== request.desiredCount;
  if (changed) {
    await ecs().send(new UpdateServiceCommand({ cluster, service, desiredCount: request.desiredCount }));
  }

  const result: ScalerResult = {
    action: request.action,
    cluster,
    service,
    previousDesiredCount,
    desiredCount: request.desiredCount,
    changed,
  };
  console.log(
    JSON.stringify({
      level: "info",
      message: changed ? "ecs service desired count updated" : "ecs service already at desired count",
      ...(context?.awsRequestId ? { requestId: context.awsRequestId } : {}),
      ...result,
    }),
  );
  return result;
}

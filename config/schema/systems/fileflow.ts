import { z } from "zod";
import { networkSchema } from "../network";
import { albSchema, checkAlbForEnvironment } from "./alb";
import { ecrSchema } from "./ecr";
import { autoscaledServiceSchema, singletonServiceSchema } from "./fargate-service";

/** FileFlow: one web API behind the ALB and two singleton schedulers, sharing one ECR repository. */
export const fileflowSchema = z.strictObject({
  alb: albSchema,
  /** @default {} (immutable tags, keep 20 per prefix, untagged expire after 7 days) */
  ecr: ecrSchema.prefault({}),
  web_api: autoscaledServiceSchema,
  download_scheduler: singletonServiceSchema,
  pipeline_scheduler: singletonServiceSchema,
  /**
   * A VPC of FileFlow's own (same keys as the top-level `network`), for isolation; its CIDR may not
   * overlap the shared network's or another system's. @default none (runs in network-<env>)
   */
  network: networkSchema.optional(),
});

export type FileflowConfig = z.infer<typeof fileflowSchema>;

/** FileFlow's rules that depend on the environment. */
export function checkFileflowForEnvironment(
  fileflow: FileflowConfig,
  environment: string,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  checkAlbForEnvironment(fileflow.alb, environment, [...path, "alb"], ctx);
}

export interface AlbHealthCheckProps {
  /** @default "/" */
  readonly path?: string;
  /** @default 30 */
  readonly intervalSeconds?: number;
  /** Must be less than intervalSeconds. @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly healthyThreshold?: number;
  /** @default 3 */
  readonly unhealthyThreshold?: number;
  /** HTTP codes that count as healthy, e.g. "200" or "200-299,302". @default "200-399" */
  readonly matcher?: string;
}

/** The target group health check when a caller says nothing; config's defaults too. */
export const DEFAULT_ALB_HEALTH_CHECK: Required<AlbHealthCheckProps> = {
  path: "/",
  intervalSeconds: 30,
  timeoutSeconds: 5,
  healthyThreshold: 3,
  unhealthyThreshold: 3,
  matcher: "200-399",
};

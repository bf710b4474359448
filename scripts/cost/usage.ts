/**
 * What the estimate leaves out because it is priced by use, not by the month. Each estimator marks
 * the entries its resources bring; the report lists the marked ones under "not included".
 */
export const USAGE = {
  "data-transfer": "Data transfer out to the internet, between AZs and between regions",
  "nat-data": "NAT gateway data processing (per GB through the gateway, both directions)",
  "lb-lcu": "Load balancer capacity units (LCU-hours: new and active connections, bytes, rule evaluations)",
  "fargate-scaling": "Fargate tasks above an autoscaled service's min_capacity",
  "on-demand-manual": "On-demand services and databases started by hand outside their schedule",
  logs: "CloudWatch Logs ingestion, storage and queries (log groups, VPC flow logs, RDS log exports)",
  lambda: "Lambda requests and duration",
  ecr: "ECR image storage",
  s3: "S3 storage, requests and lifecycle transitions",
  dynamodb: "DynamoDB on-demand reads and writes, table storage, point-in-time recovery",
  "rds-usage":
    "RDS backup storage beyond the allocated size, snapshots, storage autoscaling above allocated_storage",
  "msk-usage":
    "MSK broker storage grown by autoscaling, MSK Serverless partition-hours, storage and data in/out",
  "api-requests": "KMS, Secrets Manager and CloudWatch API requests",
  "waf-requests": "WAF requests inspected (USD 0.60 per million)",
  cdn: "CloudFront data transfer out and HTTP(S) requests, CloudFront Functions invocations",
  messaging: "SNS, SQS and EventBridge custom events",
  "other-usage": "Other request-priced services (API Gateway, Step Functions, Firehose, CloudTrail)",
} as const;

export type UsageKey = keyof typeof USAGE;

/** Shorter names for a stack whose whole cost is usage ("usage only: S3, DynamoDB"). */
export const USAGE_SHORT: Record<UsageKey, string> = {
  "data-transfer": "data transfer",
  "nat-data": "NAT data",
  "lb-lcu": "LCUs",
  "fargate-scaling": "scaled-out tasks",
  "on-demand-manual": "manual starts",
  logs: "logs",
  lambda: "Lambda",
  ecr: "ECR storage",
  s3: "S3 storage",
  dynamodb: "DynamoDB on-demand",
  "rds-usage": "RDS backups",
  "msk-usage": "Kafka storage and partitions",
  "api-requests": "API requests",
  "waf-requests": "WAF requests",
  cdn: "CloudFront traffic",
  messaging: "messaging",
  "other-usage": "requests",
};

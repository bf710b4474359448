import { UsageKey } from "./usage";

/**
 * Every resource type a stack holds falls in one of three groups: priced by an estimator (see
 * estimate.ts), priced only by use (listed as "not included"), or free by itself. A type in none of
 * them is reported as not estimated, so a new kind of resource never disappears from the estimate.
 */

/** Types with no charge of their own (their cost, if any, shows up on another resource). */
export const FREE_TYPES: ReadonlySet<string> = new Set([
  "aws_acm_certificate",
  "aws_acm_certificate_validation",
  // An HTTP API's integration, routes, stages and authorizers are configuration of the API (priced by use).
  "aws_apigatewayv2_authorizer",
  "aws_apigatewayv2_integration",
  "aws_apigatewayv2_route",
  "aws_apigatewayv2_stage",
  "aws_appautoscaling_policy",
  "aws_appautoscaling_scheduled_action",
  "aws_appautoscaling_target",
  "aws_autoscaling_lifecycle_hook",
  "aws_autoscaling_policy",
  // Scheduled actions cost nothing; the hours they leave a group running are priced with the group.
  "aws_autoscaling_schedule",
  // An account's first two budgets are free, each further one USD 0.02 a day (~0.60 a month); the
  // count is per account, which a per-stack estimate cannot see (one per system and environment here).
  "aws_budgets_budget",
  // CloudFront's policies and origin access are configuration of a distribution (priced by use).
  "aws_cloudfront_cache_policy",
  "aws_cloudfront_origin_access_control",
  "aws_cloudfront_origin_access_identity",
  "aws_cloudfront_origin_request_policy",
  "aws_cloudfront_response_headers_policy",
  // ElastiCache RBAC users and groups are free; the nodes are priced.
  "aws_elasticache_user",
  "aws_elasticache_user_group",
  // A group holds schedules; Scheduler bills invocations (usage), and the first 14 million are free.
  "aws_scheduler_schedule_group",
  // Scheduled rules and AWS service events cost nothing; custom events on a bus are usage.
  "aws_cloudwatch_event_rule",
  "aws_cloudwatch_event_target",
  "aws_cloudwatch_log_resource_policy",
  "aws_db_option_group",
  "aws_db_parameter_group",
  "aws_db_subnet_group",
  "aws_default_network_acl",
  "aws_default_route_table",
  "aws_default_security_group",
  "aws_ecr_lifecycle_policy",
  "aws_ecr_repository_policy",
  "aws_ecs_cluster",
  "aws_ecs_cluster_capacity_providers",
  "aws_ecs_task_definition",
  "aws_egress_only_internet_gateway",
  "aws_eip_association",
  "aws_elasticache_parameter_group",
  "aws_elasticache_subnet_group",
  "aws_iam_instance_profile",
  "aws_iam_openid_connect_provider",
  "aws_iam_policy",
  "aws_iam_role",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_internet_gateway",
  "aws_key_pair",
  "aws_kms_alias",
  // Mappings cost nothing (on-demand pollers); the invocations they cause are Lambda usage.
  "aws_lambda_event_source_mapping",
  "aws_lambda_permission",
  "aws_launch_configuration",
  "aws_launch_template",
  "aws_lb_listener",
  "aws_lb_listener_certificate",
  "aws_lb_listener_rule",
  "aws_lb_target_group",
  "aws_lb_target_group_attachment",
  "aws_main_route_table_association",
  // Broker configurations and SCRAM user associations cost nothing; the brokers are priced.
  "aws_msk_configuration",
  "aws_msk_scram_secret_association",
  "aws_network_acl",
  "aws_network_acl_rule",
  "aws_network_interface",
  "aws_route",
  "aws_route53_record",
  "aws_route53_zone_association",
  "aws_route_table",
  "aws_route_table_association",
  "aws_s3_bucket_acl",
  "aws_s3_bucket_cors_configuration",
  "aws_s3_bucket_lifecycle_configuration",
  "aws_s3_bucket_logging",
  "aws_s3_bucket_notification",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_versioning",
  "aws_secretsmanager_secret_policy",
  "aws_secretsmanager_secret_version",
  "aws_security_group",
  "aws_security_group_rule",
  "aws_sns_topic_policy",
  "aws_sns_topic_subscription",
  "aws_sqs_queue_policy",
  "aws_ssm_parameter",
  "aws_subnet",
  "aws_vpc",
  "aws_vpc_dhcp_options",
  "aws_vpc_dhcp_options_association",
  "aws_vpc_security_group_egress_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_wafv2_web_acl_association",
  // Sets a web ACL's rules read; the ACL pays per rule (a rule group used there counts as one).
  "aws_wafv2_ip_set",
  "aws_wafv2_regex_pattern_set",
  "aws_wafv2_rule_group",
]);

/** Types priced only by use, with the "not included" entry they bring. */
export const USAGE_TYPES: Readonly<Record<string, UsageKey>> = {
  aws_api_gateway_rest_api: "other-usage",
  aws_apigatewayv2_api: "other-usage",
  aws_cloudfront_distribution: "cdn",
  aws_cloudfront_function: "cdn",
  aws_cloudtrail: "other-usage",
  aws_cloudwatch_event_bus: "messaging",
  aws_cloudwatch_log_group: "logs",
  aws_cloudwatch_log_subscription_filter: "logs",
  aws_dynamodb_table: "dynamodb",
  aws_ecr_repository: "ecr",
  aws_elasticache_serverless_cache: "other-usage",
  aws_flow_log: "logs",
  aws_kinesis_firehose_delivery_stream: "other-usage",
  aws_lambda_function: "lambda",
  aws_s3_bucket: "s3",
  // An HTTP namespace has no hosted zone and no monthly charge; Cloud Map bills the instances ECS
  // registers in it (Service Connect endpoints) and discovery calls, by use.
  aws_service_discovery_http_namespace: "other-usage",
  aws_sfn_state_machine: "other-usage",
  aws_sns_topic: "messaging",
  aws_sqs_queue: "messaging",
  aws_wafv2_web_acl_logging_configuration: "logs",
};

import { z } from "zod";
import { checkNatModeForEnvironment, checkNetwork, networkSchema } from "./network";
import { awsAccountId, awsRegion, logRetentionDays, resourceName, stringMap } from "./primitives";
import { checkStateBackend, stateBackendSchema } from "./state-backend";
import { PlacedNetwork, checkSystemNetworks } from "./system-networks";
import { SystemsConfig, checkSystemsForEnvironment, systemsSchema } from "./systems";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

/** The whole of `config/<env>.tfvars`. Keys mirror the file (snake_case) so errors name what you wrote. */
export const environmentSchema = z
  .strictObject({
    /** Prefix of every resource name, e.g. "acme". */
    project: resourceName,
    /** Must equal the file name: config/dev.tfvars holds environment = "dev". */
    environment: z.enum(ENVIRONMENTS),
    aws_region: awsRegion,
    /** The provider refuses to run against any other account (`allowed_account_ids`). */
    aws_account_id: awsAccountId,
    /**
     * Set when several environments deploy into one AWS account: names that must be unique in an
     * account (clusters, repositories, log groups, IAM roles) then end in `-<environment>`.
     * @default false (one account per environment, names exactly as the systems' runbooks use them)
     */
    shared_account: z.boolean().default(false),
    /** Extra tags on every resource, next to Project, Environment, System and ManagedBy. @default {} */
    tags: stringMap.default({}),
    /** Retention of application log groups unless a system overrides it. @default 30 */
    log_retention_days: logRetentionDays.default(30),
    state_backend: stateBackendSchema,
    /**
     * Create the account's GitHub Actions OIDC provider in bootstrap-<env> (one per account), so
     * systems' `ci` sections get deploy roles instead of access keys. Leave false when the account
     * already has one (another environment sharing the account made it). @default false
     */
    github_oidc_provider: z.boolean().default(false),
    network: networkSchema,
    /** @default {} (no system stacks, only bootstrap-<env>) */
    systems: systemsSchema.default({}),
  })
  .superRefine((config, ctx) => {
    checkStateBackend(config.state_backend, ctx);
    checkNetwork(config.network, config.aws_region, ctx);
    checkNatModeForEnvironment(config.network, config.environment, ["network"], ctx);
    checkSystemNetworks(config, dedicatedNetworksOf(config.systems), ctx);
    checkSystemsForEnvironment(config.systems, config.environment, ctx);
  });

export type EnvironmentConfig = z.infer<typeof environmentSchema>;

/** The systems that asked for a VPC of their own, in file order. */
function dedicatedNetworksOf(systems: SystemsConfig): PlacedNetwork[] {
  return Object.entries(systems).flatMap(([name, system]) =>
    system?.network ? [{ path: ["systems", name, "network"], network: system.network }] : [],
  );
}

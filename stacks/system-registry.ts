import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema/environment";
import { SystemName, SystemsConfig } from "../config/schema/systems";
import { ErpMesStack } from "./erp-mes-stack";
import { FileflowStack } from "./fileflow-stack";

type SystemStackFactory<K extends SystemName> = (
  scope: Construct,
  config: EnvironmentConfig,
  system: NonNullable<SystemsConfig[K]>,
) => TerraformStack;

/** How each system's section of the config becomes its stack. */
export const SYSTEM_STACKS: { [K in SystemName]: SystemStackFactory<K> } = {
  fileflow: (scope, config, fileflow) => new FileflowStack(scope, config, fileflow),
  "erp-mes": (scope, config, erpMes) => new ErpMesStack(scope, config, erpMes),
};

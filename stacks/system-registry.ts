import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/schema/environment";
import { SystemName, SystemsConfig } from "../config/schema/systems";
import { AipxStack } from "./aipx-stack";
import { AlertSystemStack } from "./alert-system-stack";
import { EcgPipelineStack } from "./ecg-pipeline-stack";
import { ErpMesStack } from "./erp-mes-stack";
import { FileflowStack } from "./fileflow-stack";
import { SharedNetwork } from "./network-stack";

type SystemStackFactory<K extends SystemName> = (
  scope: Construct,
  config: EnvironmentConfig,
  system: NonNullable<SystemsConfig[K]>,
  network: SharedNetwork,
) => TerraformStack;

/** How each system's section of the config becomes its stack, in the environment's shared network. */
export const SYSTEM_STACKS: { [K in SystemName]: SystemStackFactory<K> } = {
  fileflow: (scope, config, fileflow, network) => new FileflowStack(scope, config, fileflow, network),
  "erp-mes": (scope, config, erpMes, network) => new ErpMesStack(scope, config, erpMes, network),
  "alert-system": (scope, config, alert, network) => new AlertSystemStack(scope, config, alert, network),
  "ecg-pipeline": (scope, config, ecg, network) => new EcgPipelineStack(scope, config, ecg, network),
  aipx: (scope, config, aipx, network) => new AipxStack(scope, config, aipx, network),
};

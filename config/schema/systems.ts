import { z } from "zod";
import { aipxSchema, checkAipxForEnvironment } from "./systems/aipx";
import { alertSystemSchema, checkAlertSystemForEnvironment } from "./systems/alert-system";
import { checkEcgPipelineForEnvironment, ecgPipelineSchema } from "./systems/ecg-pipeline";
import { checkErpMesForEnvironment, erpMesSchema } from "./systems/erp-mes";
import { checkFileflowForEnvironment, fileflowSchema } from "./systems/fileflow";

/**
 * One optional section per system. A system absent from an environment's file is not synthesized for
 * that environment; a key that is not listed here is rejected as an unknown system.
 */
export const systemsSchema = z.strictObject({
  fileflow: fileflowSchema.optional(),
  "erp-mes": erpMesSchema.optional(),
  "alert-system": alertSystemSchema.optional(),
  "ecg-pipeline": ecgPipelineSchema.optional(),
  aipx: aipxSchema.optional(),
});

export type SystemsConfig = z.infer<typeof systemsSchema>;
export type SystemName = keyof SystemsConfig & string;

type EnvironmentCheck<K extends SystemName> = (
  system: NonNullable<SystemsConfig[K]>,
  environment: string,
  path: (string | number)[],
  ctx: z.RefinementCtx,
) => void;

/** Each system's rules that depend on the environment (prod guard rails), run by the environment schema. */
export const SYSTEM_ENVIRONMENT_CHECKS: { [K in SystemName]: EnvironmentCheck<K> } = {
  fileflow: checkFileflowForEnvironment,
  "erp-mes": checkErpMesForEnvironment,
  "alert-system": checkAlertSystemForEnvironment,
  "ecg-pipeline": checkEcgPipelineForEnvironment,
  aipx: checkAipxForEnvironment,
};

/** Runs every configured system's environment checks, at `systems.<name>`. */
export function checkSystemsForEnvironment(
  systems: SystemsConfig,
  environment: string,
  ctx: z.RefinementCtx,
): void {
  for (const name of Object.keys(SYSTEM_ENVIRONMENT_CHECKS) as SystemName[]) {
    const system = systems[name];
    if (system) runCheck(name, system, environment, ctx);
  }
}

function runCheck<K extends SystemName>(
  name: K,
  system: NonNullable<SystemsConfig[K]>,
  environment: string,
  ctx: z.RefinementCtx,
): void {
  SYSTEM_ENVIRONMENT_CHECKS[name](system, environment, ["systems", name], ctx);
}

import { z } from "zod";
import { erpMesSchema } from "./systems/erp-mes";
import { fileflowSchema } from "./systems/fileflow";

/**
 * One optional section per system. A system absent from an environment's file is not synthesized for
 * that environment; a key that is not listed here is rejected as an unknown system.
 */
export const systemsSchema = z.strictObject({
  fileflow: fileflowSchema.optional(),
  "erp-mes": erpMesSchema.optional(),
});

export type SystemsConfig = z.infer<typeof systemsSchema>;
export type SystemName = keyof SystemsConfig & string;

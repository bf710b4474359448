import { z } from "zod";
import { positiveInt } from "../primitives";

export const ecrSchema = z.strictObject({
  /** @default "IMMUTABLE" (a tag always means the same image, so rollbacks are exact) */
  image_tag_mutability: z.enum(["IMMUTABLE", "MUTABLE"]).default("IMMUTABLE"),
  /** Tagged images kept per tag prefix. @default 20 */
  keep_tagged_images: positiveInt("a whole number above 0").default(20),
  /** Days before untagged images expire. @default 7 */
  untagged_expiry_days: positiveInt("a whole number of days above 0").default(7),
});

export type EcrConfig = z.infer<typeof ecrSchema>;

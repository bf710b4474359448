import { z } from "zod";
import {
  DOMAIN_NAME_EXPECTED,
  HOSTED_ZONE_ID,
  HOSTED_ZONE_ID_EXPECTED,
  MAX_CERTIFICATE_DOMAIN_LENGTH,
  domainNameProblem,
} from "../../../modules/dns/dns-names";

/**
 * A host name served over HTTPS: the stack issues its certificate and validates it in this hosted
 * zone, and points the name at the service.
 */
export const domainSchema = z.strictObject({
  /** The host name, e.g. "api.example.com" (at most 64 characters: ACM's limit). */
  name: z
    .string()
    .refine((name) => !domainNameProblem(name, { wildcard: false }), {
      message: DOMAIN_NAME_EXPECTED,
    })
    .refine((name) => name.length <= MAX_CERTIFICATE_DOMAIN_LENGTH, {
      message: `a name of at most ${MAX_CERTIFICATE_DOMAIN_LENGTH} characters (ACM's limit for a certificate's name)`,
    }),
  /** The Route 53 public hosted zone that holds `name` (its id, not looked up by name). */
  hosted_zone_id: z.string().regex(HOSTED_ZONE_ID, { message: HOSTED_ZONE_ID_EXPECTED }),
});

export type DomainConfig = z.infer<typeof domainSchema>;

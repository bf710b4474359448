import { TerraformJson } from "../harness/synth-scope";
import { PolicyStack } from "./policy-stack";

/** What a rule found wrong with one resource. The suite adds the stack and the rule's name. */
export interface Violation {
  /** Terraform address, e.g. `aws_s3_bucket.state-backend_state-bucket_874AE657`. */
  readonly address: string;
  /** Why this is a problem, in terms the author of the resource can act on. */
  readonly why: string;
}

/** A tiny stack for the rule's own test: `violating` examples must be flagged, `passing` ones not. */
export interface RuleExample {
  readonly description: string;
  readonly json: TerraformJson;
}

export interface ViolatingExample extends RuleExample {
  /** Exactly the addresses the rule must report. */
  readonly flags: readonly string[];
}

/**
 * One policy rule. A rule file in rules/ exports `rules: PolicyRule[]`; the registry finds every file,
 * so a new rule is a new file (or a new entry in its family's file) and nothing else.
 */
export interface PolicyRule {
  /** kebab-case, family first: `s3-bucket-encrypted`. */
  readonly name: string;
  readonly check: (stack: PolicyStack) => Violation[];
  /** At least one violating example: a rule no fixture can fail proves nothing. */
  readonly examples: {
    readonly violating: readonly ViolatingExample[];
    readonly passing: readonly RuleExample[];
  };
}

/** Terraform JSON holding `resource` (and optionally `data`) blocks, for rule examples. */
export function stackJson(
  resource: Record<string, Record<string, unknown>>,
  data: Record<string, Record<string, unknown>> = {},
): TerraformJson {
  return { resource, data };
}

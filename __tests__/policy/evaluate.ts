import { PolicyStack } from "./policy-stack";
import { PolicyRule } from "./rule";

/** A violation with where it was found and by which rule, as the suite reports it. */
export interface Finding {
  readonly stack: string;
  readonly address: string;
  readonly rule: string;
  readonly why: string;
}

export function evaluate(stacks: readonly PolicyStack[], rules: readonly PolicyRule[]): Finding[] {
  return stacks.flatMap((stack) =>
    rules.flatMap((rule) =>
      rule.check(stack).map((v) => ({ stack: stack.name, address: v.address, rule: rule.name, why: v.why })),
    ),
  );
}

/** `stack / address / rule / why`, one finding per line. */
export function formatFinding(finding: Finding): string {
  return `${finding.stack} / ${finding.address} / ${finding.rule} / ${finding.why}`;
}

import { Testing } from "cdktf";
import { Construct } from "constructs";

/** Terraform JSON of one synthesized stack, with lookups by resource type. */
export class SynthesizedJson {
  constructor(readonly json: TerraformJson) {}

  /** Resources of one type, keyed by their Terraform name. */
  resources(type: string): Record<string, Record<string, unknown>> {
    return (this.json.resource?.[type] ?? {}) as Record<string, Record<string, unknown>>;
  }

  /** The single resource of `type`; fails when there are none or several. */
  only(type: string): Record<string, unknown> {
    const all = Object.values(this.resources(type));
    if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
    return all[0]!;
  }

  count(type: string): number {
    return Object.keys(this.resources(type)).length;
  }

  output(name: string): Record<string, unknown> | undefined {
    return this.json.output?.[name] as Record<string, unknown> | undefined;
  }
}

export interface TerraformJson {
  resource?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, unknown>>;
  output?: Record<string, unknown>;
  terraform?: Record<string, unknown>;
  provider?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Synthesizes the constructs `build` adds to a bare test stack. */
export function synthScope(build: (scope: Construct) => void): SynthesizedJson {
  return new SynthesizedJson(JSON.parse(Testing.synthScope(build)) as TerraformJson);
}

import { SynthesizedJson } from "../harness/synth-scope";

/** How synthesized JSON spells a reference to `<type>.<name>.<attribute>`. */
export function ref(type: string, name: string, attribute = "id"): string {
  return `\${${type}.${name}.${attribute}}`;
}

/** Terraform names of the resources of `type` whose `Tier` tag is `tier`. */
export function namesByTier(synth: SynthesizedJson, type: string, tier: string): string[] {
  return Object.entries(synth.resources(type))
    .filter(([, r]) => (r.tags as Record<string, string> | undefined)?.Tier === tier)
    .map(([name]) => name);
}

/** The Terraform name of the resource of `type` that `reference` points at; fails when none does. */
export function target(synth: SynthesizedJson, type: string, reference: unknown, attribute = "id"): string {
  const name = Object.keys(synth.resources(type)).find((n) => ref(type, n, attribute) === reference);
  if (!name) throw new Error(`${String(reference)} is not a reference to the ${attribute} of any ${type}`);
  return name;
}

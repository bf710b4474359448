import { CallFrame, CpuProfile, samplesOf } from "./cpu-profile";
import { ProfileLocations, categoryOf, sourceFileOf } from "./profile-categories";
import { Phase, SYNTH_PHASES } from "./profile-phases";

export interface ModuleTime {
  readonly label: string;
  readonly selfMs: number;
}

export interface PhaseTime {
  readonly label: string;
  readonly functionNames: readonly string[];
  readonly inclusiveMs: number;
}

export interface ProfileSummary {
  /** Sampled time of the whole run. */
  readonly totalMs: number;
  /** Self time by module, largest first. */
  readonly modules: readonly ModuleTime[];
  readonly phases: readonly PhaseTime[];
  /** Samples in none of the phases: node's start-up, loading the bundle and its packages, the launcher. */
  readonly outsidePhasesMs: number;
}

function inFile(frame: CallFrame, suffix: string, where: ProfileLocations): boolean {
  const file = sourceFileOf(frame, where) ?? frame.url;
  return file.replace(/\\/g, "/").endsWith(suffix);
}

function inPhase(stack: readonly CallFrame[], phase: Phase, where: ProfileLocations): boolean {
  return stack.some((f) => phase.functionNames.includes(f.functionName) && inFile(f, phase.file, where));
}

export function aggregateProfile(
  profile: CpuProfile,
  where: ProfileLocations,
  phases: readonly Phase[] = SYNTH_PHASES,
): ProfileSummary {
  const self = new Map<string, number>();
  const phaseMicros = phases.map(() => 0);
  let total = 0;
  let outside = 0;
  for (const { stack, micros } of samplesOf(profile)) {
    total += micros;
    const category = categoryOf(stack, where);
    self.set(category, (self.get(category) ?? 0) + micros);
    let matched = false;
    phases.forEach((phase, i) => {
      if (inPhase(stack, phase, where)) [phaseMicros[i], matched] = [phaseMicros[i]! + micros, true];
    });
    if (!matched) outside += micros;
  }
  return {
    totalMs: total / 1000,
    modules: [...self]
      .map(([label, micros]) => ({ label, selfMs: micros / 1000 }))
      .sort((a, b) => b.selfMs - a.selfMs || a.label.localeCompare(b.label)),
    phases: phases.map((p, i) => ({
      label: p.label,
      functionNames: p.functionNames,
      inclusiveMs: phaseMicros[i]! / 1000,
    })),
    outsidePhasesMs: outside / 1000,
  };
}

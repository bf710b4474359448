import { CDKTF_SYNTH_ALL, FLOOR, SYNTH_ALL, SYNTH_DEV } from "./commands";
import { Summary } from "./summary";

/** `npm run synth` of every stack set against the floor, against `cdktf synth`, and against itself for dev. */
export interface Comparison {
  readonly floorSeconds: number;
  readonly devSeconds: number;
  readonly allSeconds: number;
  readonly cdktfSynthSeconds: number;
  readonly stacksDev: number;
  readonly stacksAll: number;
  /** synth-all median ÷ floor median. */
  readonly toFloor: number;
  /** synth-all median ÷ `cdktf synth` (all) median. */
  readonly toCdktfSynth: number;
  /** (all − dev) ÷ (stacks_all − stacks_dev): what one more stack costs. */
  readonly perStackSeconds: number;
  /** dev − stacks_dev × perStackSeconds: what a synth costs before its first stack (linear estimate). */
  readonly fixedSeconds: number;
}

function find(summaries: readonly Summary[], label: string): Summary {
  const summary = summaries.find((s) => s.label === label);
  if (!summary) throw new Error(`bench: no measurement of "${label}" to compare`);
  return summary;
}

export function compare(summaries: readonly Summary[]): Comparison {
  const floor = find(summaries, FLOOR);
  const dev = find(summaries, SYNTH_DEV);
  const all = find(summaries, SYNTH_ALL);
  const cdktf = find(summaries, CDKTF_SYNTH_ALL);
  if (cdktf.stacks !== all.stacks) {
    throw new Error(
      `bench: "${CDKTF_SYNTH_ALL}" must write the same stacks as "${SYNTH_ALL}" to be compared, got ${cdktf.stacks} and ${all.stacks}`,
    );
  }
  if (all.stacks <= dev.stacks) {
    throw new Error(
      `bench: "${SYNTH_ALL}" must write more stacks than "${SYNTH_DEV}" to give a per-stack growth, got ${all.stacks} and ${dev.stacks}`,
    );
  }
  const perStackSeconds = (all.medianSeconds - dev.medianSeconds) / (all.stacks - dev.stacks);
  return {
    floorSeconds: floor.medianSeconds,
    devSeconds: dev.medianSeconds,
    allSeconds: all.medianSeconds,
    cdktfSynthSeconds: cdktf.medianSeconds,
    stacksDev: dev.stacks,
    stacksAll: all.stacks,
    toFloor: all.medianSeconds / floor.medianSeconds,
    toCdktfSynth: all.medianSeconds / cdktf.medianSeconds,
    perStackSeconds,
    fixedSeconds: dev.medianSeconds - dev.stacks * perStackSeconds,
  };
}

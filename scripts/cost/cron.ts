import { HOURS_PER_MONTH } from "./prices";

/**
 * EventBridge `cron(minutes hours day-of-month month day-of-week year)` expressions (UTC), read as
 * what they do in an ordinary week: the minutes of the week at which they fire. That is enough for
 * the start/stop pairs of on-demand services. Anything that depends on the calendar (a day of the
 * month, some months, `L`, `W`, `#`) has no weekly shape and is refused with the reason.
 */

export const MINUTES_PER_WEEK = 7 * 24 * 60;
/** 730 h / 168 h: the weeks of an average month. */
export const WEEKS_PER_MONTH = HOURS_PER_MONTH / 168;

export interface CronSchedule {
  readonly expression: string;
  /** Minutes of the week (0 = Sunday 00:00 UTC) at which it fires, ascending. */
  readonly firings: readonly number[];
}

export type CronParse = { ok: true; schedule: CronSchedule } | { ok: false; reason: string };

const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

class CronFieldError extends Error {}

export function parseCron(expression: string): CronParse {
  const match = /^cron\((.*)\)$/.exec(expression.trim());
  if (!match) {
    const kind = /^(\w+)\(/.exec(expression.trim())?.[1];
    return {
      ok: false,
      reason: kind
        ? `${kind}() expressions have no start/stop shape; only cron() pairs are read`
        : `not a schedule expression`,
    };
  }
  const fields = match[1]!.trim().split(/\s+/);
  if (fields.length !== 6) {
    return { ok: false, reason: `expected 6 fields (minutes hours day-of-month month day-of-week year)` };
  }
  const [minuteField, hourField, domField, monthField, dowField, yearField] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  try {
    if (/[LW#]/i.test(domField) || /[L#]/i.test(dowField)) {
      throw new CronFieldError("L, W and # depend on the calendar");
    }
    if (monthField !== "*") throw new CronFieldError(`month "${monthField}": only every month (*) is read`);
    if (yearField !== "*") throw new CronFieldError(`year "${yearField}": only every year (*) is read`);
    const minutes = expand(minuteField, 0, 59, "minutes");
    const hours = expand(hourField, 0, 23, "hours");
    const days = daysOf(domField, dowField);
    const firings = days.flatMap((d) => hours.flatMap((h) => minutes.map((m) => d * 1440 + h * 60 + m)));
    return { ok: true, schedule: { expression, firings: firings.sort((a, b) => a - b) } };
  } catch (error) {
    if (error instanceof CronFieldError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Days of the week (0 = Sunday) from the day-of-month and day-of-week fields; one of them is `?`. */
function daysOf(dom: string, dow: string): number[] {
  if (dom !== "?" && dow !== "?") throw new CronFieldError("one of day-of-month and day-of-week must be ?");
  if (dow === "?") {
    if (dom === "*") return [0, 1, 2, 3, 4, 5, 6];
    throw new CronFieldError(`day-of-month "${dom}" depends on the calendar`);
  }
  // EventBridge numbers days 1 (SUN) to 7 (SAT).
  return [...new Set(expand(dow, 1, 7, "day-of-week", DAY_NAMES, true).map((d) => d - 1))].sort();
}

/**
 * Values of one field: `*`, `n`, `a-b`, `a/step`, `*\/step`, `a-b/step` and comma lists of them;
 * `names` (index 0 = `min`) may stand for numbers. `wrap` lets a range run past the end (FRI-MON).
 */
function expand(
  field: string,
  min: number,
  max: number,
  what: string,
  names?: string[],
  wrap = false,
): number[] {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const [range, stepText] = part.split("/") as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronFieldError(`${what} "${field}": bad step`);
    let from: number;
    let to: number;
    if (range === "*") [from, to] = [min, max];
    else if (range.includes("-")) {
      const [a, b] = range.split("-") as [string, string];
      [from, to] = [valueOf(a, min, max, what, names), valueOf(b, min, max, what, names)];
    } else {
      from = valueOf(range, min, max, what, names);
      to = stepText === undefined ? from : max;
    }
    if (to < from && !wrap) throw new CronFieldError(`${what} "${field}": a range must run forward`);
    const span = to >= from ? to - from : max - from + 1 + (to - min);
    for (let i = 0; i <= span; i += step) values.add(min + ((from - min + i) % (max - min + 1)));
  }
  return [...values].sort((a, b) => a - b);
}

function valueOf(text: string, min: number, max: number, what: string, names?: string[]): number {
  const named = names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return min + named;
  if (!/^\d+$/.test(text)) throw new CronFieldError(`${what} "${text}" is not a value this reads`);
  const value = Number(text);
  if (value < min || value > max) throw new CronFieldError(`${what} ${value} is outside ${min}-${max}`);
  return value;
}

export interface WeeklyRun {
  /** Minutes running per week. */
  readonly minutes: number;
  /** Length in minutes of each running stretch of the week (one that crosses Sunday 00:00 counts once). */
  readonly stretches: readonly number[];
}

/**
 * Minutes per week something runs when `starts` start it and `stops` stop it (minutes of the week).
 * A week repeats, so the state at Sunday 00:00 is the state the week ends in. A start and a stop in
 * the same minute count as a restart (stop, then start).
 */
export function weeklyRun(starts: readonly number[], stops: readonly number[]): WeeklyRun {
  const events = [
    ...stops.map((t) => ({ t, start: false })),
    ...starts.map((t) => ({ t, start: true })),
  ].sort((a, b) => a.t - b.t || Number(a.start) - Number(b.start));
  const simulate = (initial: boolean) => {
    let running = initial;
    let since = 0;
    // A stretch already running at Sunday 00:00 is the tail of the week's last one: keep its head.
    let carriedOpen = initial;
    let carried = 0;
    const stretches: number[] = [];
    for (const e of events) {
      if (!e.start && running) {
        if (carriedOpen) [carried, carriedOpen] = [e.t, false];
        else stretches.push(e.t - since);
        running = false;
      } else if (e.start && !running) {
        [running, since] = [true, e.t];
      }
    }
    if (running && carriedOpen) return { running, stretches: [MINUTES_PER_WEEK] };
    if (running) stretches.push(MINUTES_PER_WEEK - since + carried);
    return { running, stretches };
  };
  // The state a week ends in is the state the next one starts in.
  const { stretches } = simulate(simulate(false).running);
  return { minutes: stretches.reduce((a, b) => a + b, 0), stretches };
}

/** Hours per average month for `minutesPerWeek`: × 730/168. */
export function monthlyHours(minutesPerWeek: number): number {
  return (minutesPerWeek / 60) * WEEKS_PER_MONTH;
}

/** "5 × 9 h = 45 h/week" when the stretches are alike, else "45 h/week". */
export function describeWeek(run: WeeklyRun): string {
  const perWeek = `${fmt(run.minutes / 60)} h/week`;
  const [first] = run.stretches;
  if (first !== undefined && run.stretches.every((s) => s === first) && run.stretches.length > 1) {
    return `${run.stretches.length} × ${fmt(first / 60)} h = ${perWeek}`;
  }
  return perWeek;
}

function fmt(value: number): string {
  return Number(value.toFixed(2)).toString();
}

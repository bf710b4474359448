import { MINUTES_PER_WEEK, WEEKS_PER_MONTH, describeWeek, parseCron } from "./cron";
import { hours } from "./line-item";
import { HOURS_PER_MONTH } from "./prices";
import { Resource, Stack, numberOf, stringOf } from "./terraform-json";

/**
 * Scheduled actions of EC2 Auto Scaling groups (aws_autoscaling_schedule): each sets the group's size
 * at the minutes its `recurrence` fires, in its `time_zone`. Auto Scaling reads Unix cron (5 fields,
 * day-of-week 0-7 with 0 and 7 for Sunday). Both ends of a window share a zone, so the hours between
 * them are the same in any zone; a daylight-saving shift moves a window by an hour twice a year and is
 * not counted.
 */

/** How many instances run for how long in an average month. */
export interface GroupRun {
  /** Minutes per week at each size (sizes of 0 included). */
  readonly minutesBySize: ReadonlyMap<number, number>;
  /** Instance-hours per month: Σ size × hours. */
  readonly instanceHours: number;
  /** How the hours came about, for the line item. */
  readonly detail: string;
  readonly notes: readonly string[];
  /** Whether scheduled actions set the size (false: the group's own size around the clock). */
  readonly scheduled: boolean;
}

/** The scheduled actions of `group`: by reference to it, or by its literal name. */
export function schedulesOf(stack: Stack, group: Resource): Resource[] {
  const name = stringOf(group.attrs.name);
  return stack.resources("aws_autoscaling_schedule").filter((schedule) => {
    const target = schedule.attrs.autoscaling_group_name;
    return (
      stack.resolve(target, "aws_autoscaling_group")?.name === group.name ||
      (name !== undefined && target === name)
    );
  });
}

/** A group of `count` around the clock, or what its scheduled actions make of it. */
export function groupRunOf(stack: Stack, group: Resource, count: number, why: string): GroupRun {
  const around = (extraNotes: string[] = []): GroupRun => ({
    minutesBySize: new Map([[count, MINUTES_PER_WEEK]]),
    instanceHours: count * HOURS_PER_MONTH,
    detail: `${why}: ${count} × ${hours(HOURS_PER_MONTH)} h`,
    notes: extraNotes,
    scheduled: false,
  });
  const schedules = schedulesOf(stack, group);
  if (schedules.length === 0) return around();

  const events: { t: number; size: number }[] = [];
  const notes: string[] = [];
  const recurrences: string[] = [];
  const zones = new Set<string>();
  for (const schedule of schedules) {
    const label = stringOf(schedule.attrs.scheduled_action_name) ?? schedule.label;
    const recurrence = stringOf(schedule.attrs.recurrence);
    if (recurrence === undefined) {
      notes.push(`${label}: a one-off scheduled action (no recurrence); not in the monthly hours`);
      continue;
    }
    const size = sizeOf(schedule);
    if (size === undefined) {
      notes.push(`${label}: sets no desired_capacity or min_size; not in the monthly hours`);
      continue;
    }
    const parsed = parseUnixCron(recurrence);
    if (!parsed.ok) {
      return around([
        `${label} ${JSON.stringify(recurrence)}: ${parsed.reason}; counted around the clock at ${count}`,
      ]);
    }
    for (const t of parsed.firings) events.push({ t, size });
    recurrences.push(`"${recurrence}" → ${size}`);
    zones.add(stringOf(schedule.attrs.time_zone) ?? "UTC");
  }
  if (events.length === 0) return { ...around(notes), notes };

  const minutesBySize = weeklySizes(events);
  const instanceMinutes = [...minutesBySize].reduce((sum, [size, minutes]) => sum + size * minutes, 0);
  const instanceHours = (instanceMinutes / 60) * WEEKS_PER_MONTH;
  const running = [...minutesBySize].filter(([size]) => size > 0).reduce((sum, [, m]) => sum + m, 0);
  const week = describeWeek({ minutes: running, stretches: stretchesOf(events) });
  const sizes = [...minutesBySize.keys()].filter((s) => s > 0);
  const sizeText =
    sizes.length === 1
      ? `${sizes[0]} × ${hours((running / 60) * WEEKS_PER_MONTH)} h`
      : `${hours(instanceHours)} instance-h`;
  return {
    minutesBySize,
    instanceHours,
    detail: `scheduled ${recurrences.join(", ")} (${[...zones].join(", ")}): ${week} × 730/168 = ${sizeText}`,
    notes,
    scheduled: true,
  };
}

/** The size an action leaves the group at: desired_capacity, else min_size (-1 means "unchanged"). */
function sizeOf(schedule: Resource): number | undefined {
  for (const value of [schedule.attrs.desired_capacity, schedule.attrs.min_size]) {
    const n = numberOf(value);
    if (n !== undefined && n >= 0) return n;
  }
  return undefined;
}

/**
 * The week as [from, to, size] stretches from Sunday 00:00. A week repeats, so the size at Sunday
 * 00:00 is the one the week's last action left; actions in the same minute apply in the order given.
 */
function timeline(events: readonly { t: number; size: number }[]): [number, number, number][] {
  const sorted = [...events].sort((a, b) => a.t - b.t);
  const segments: [number, number, number][] = [];
  let size = sorted[sorted.length - 1]!.size;
  let since = 0;
  for (const event of [...sorted, { t: MINUTES_PER_WEEK, size: 0 }]) {
    if (event.t > since) segments.push([since, event.t, size]);
    [size, since] = [event.size, event.t];
  }
  return segments;
}

function weeklySizes(events: readonly { t: number; size: number }[]): Map<number, number> {
  const result = new Map<number, number>();
  for (const [from, to, size] of timeline(events)) result.set(size, (result.get(size) ?? 0) + to - from);
  return result;
}

/** Lengths of the stretches with at least one instance (one that crosses Sunday 00:00 counts once). */
function stretchesOf(events: readonly { t: number; size: number }[]): number[] {
  const stretches: number[] = [];
  let open = false;
  for (const [from, to, size] of timeline(events)) {
    if (size > 0 && open) stretches[stretches.length - 1]! += to - from;
    else if (size > 0) stretches.push(to - from);
    open = size > 0;
  }
  const segments = timeline(events);
  const wraps = segments[0]![2] > 0 && segments[segments.length - 1]![2] > 0 && stretches.length > 1;
  if (wraps) stretches[0]! += stretches.pop()!;
  return stretches;
}

export type UnixCronParse = { ok: true; firings: readonly number[] } | { ok: false; reason: string };

const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/**
 * A 5-field Unix cron as minutes of the week it fires at, by way of the EventBridge reader (cron.ts):
 * the day-of-week field is expanded here (0-7, 0 and 7 Sunday) and handed over as EventBridge's 1-7.
 */
export function parseUnixCron(expression: string): UnixCronParse {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    return { ok: false, reason: "expected 5 fields (minute hour day-of-month month day-of-week)" };
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  let days: string;
  if (dow === "*") days = "?";
  else {
    if (dom !== "*")
      return {
        ok: false,
        reason:
          "day-of-month and day-of-week both set: Unix cron fires on either, which depends on the calendar",
      };
    const expanded = unixDays(dow);
    if (typeof expanded === "string") return { ok: false, reason: expanded };
    days = expanded.map((d) => d + 1).join(",");
  }
  const parsed = parseCron(
    `cron(${minute} ${hour} ${days === "?" ? dom : "?"} ${month} ${days === "?" ? "?" : days} *)`,
  );
  return parsed.ok ? { ok: true, firings: parsed.schedule.firings } : { ok: false, reason: parsed.reason };
}

/** Days of the week (0 = Sunday) of a Unix day-of-week field, or why it cannot be read. */
function unixDays(field: string): number[] | string {
  const days = new Set<number>();
  const value = (text: string): number | undefined => {
    const named = DAY_NAMES.indexOf(text.toUpperCase());
    if (named >= 0) return named;
    return /^\d+$/.test(text) && Number(text) <= 7 ? Number(text) : undefined;
  };
  for (const part of field.split(",")) {
    const [range, stepText] = part.split("/") as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return `day-of-week "${field}": bad step`;
    let [from, to] = [0, 6];
    if (range !== "*") {
      const [a, b] = range.split("-");
      const start = value(a ?? "");
      const end = b === undefined ? (stepText === undefined ? start : 7) : value(b);
      if (start === undefined || end === undefined || end < start)
        return `day-of-week "${field}" is not a value this reads`;
      [from, to] = [start, end];
    }
    for (let d = from; d <= to; d += step) days.add(d % 7);
  }
  return [...days].sort((a, b) => a - b);
}

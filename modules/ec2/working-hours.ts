/**
 * When a scheduled Auto Scaling group runs: two recurrences in one time zone. Auto Scaling takes
 * Unix cron (5 fields: minute hour day-of-month month day-of-week), not EventBridge's 6-field form
 * with `?`, and evaluates it in the IANA time zone given, so "0 9 * * MON-FRI" in "Asia/Seoul" is
 * 09:00 KST whatever UTC says and follows daylight saving where the zone has it. Shared by the
 * GpuModelServer module and config, so a bad value reads the same from either side.
 */
export interface WorkingHours {
  /** IANA time zone name, e.g. "Asia/Seoul" or "UTC". */
  readonly timeZone: string;
  /** 5-field cron at which the group scales up to its capacity, e.g. "0 9 * * MON-FRI". */
  readonly start: string;
  /** 5-field cron at which the group scales to 0, e.g. "0 19 * * MON-FRI". */
  readonly stop: string;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names standing for min, min + 1, ... */
  readonly names?: readonly string[];
}

const FIELDS: readonly CronField[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  // 0 and 7 are both Sunday in Unix cron.
  { name: "day-of-week", min: 0, max: 7, names: DAYS },
];

const CRON_EXPECTED =
  'a 5-field cron expression "minute hour day-of-month month day-of-week" (Unix cron as Auto Scaling takes it, e.g. "0 9 * * MON-FRI")';

/** Why one value of a field is unreadable, or undefined. */
function valueProblem(text: string, field: CronField): string | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return undefined;
  if (!/^\d+$/.test(text)) return `${field.name} "${text}" is not a number${field.names ? " or a name" : ""}`;
  const value = Number(text);
  if (value < field.min || value > field.max)
    return `${field.name} ${value} is outside ${field.min}-${field.max}`;
  return undefined;
}

function valueOf(text: string, field: CronField): number {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return named >= 0 ? field.min + named : Number(text);
}

/** Why a field (`*`, `n`, `a-b`, any of them `/step`, comma lists) is unreadable, or undefined. */
function fieldProblem(text: string, field: CronField): string | undefined {
  for (const part of text.split(",")) {
    const [range, step, ...extra] = part.split("/");
    if (extra.length > 0 || range === undefined || range === "")
      return `${field.name} "${text}" is not a cron field`;
    if (step !== undefined && !/^[1-9]\d*$/.test(step))
      return `${field.name} step "${step}" is not a whole number`;
    if (range === "*") continue;
    const bounds = range.split("-");
    if (bounds.length > 2) return `${field.name} "${range}" is not a range`;
    for (const bound of bounds) {
      const problem = valueProblem(bound, field);
      if (problem) return problem;
    }
    if (bounds.length === 2 && valueOf(bounds[0]!, field) > valueOf(bounds[1]!, field))
      return `${field.name} range "${range}" runs backwards`;
  }
  return undefined;
}

/** Why `expression` is not a 5-field Unix cron expression, or undefined. Worded to follow `prop`. */
export function cronProblem(prop: string, expression: string): string | undefined {
  const shown = JSON.stringify(expression);
  if (/^\s*cron\(/.test(expression) || expression.includes("?")) {
    return `${prop} must be ${CRON_EXPECTED}, got ${shown} (EventBridge's cron(...) form with "?" is not what Auto Scaling reads)`;
  }
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 || fields[0] === "") {
    return `${prop} must be ${CRON_EXPECTED}, got ${shown} (${fields[0] === "" ? 0 : fields.length} fields)`;
  }
  for (const [i, text] of fields.entries()) {
    const problem = fieldProblem(text, FIELDS[i]!);
    if (problem) return `${prop} must be ${CRON_EXPECTED}, got ${shown} (${problem})`;
  }
  return undefined;
}

/** "Area/Location" (one or two levels, e.g. "America/Argentina/Salta"), or UTC. */
const TIME_ZONE_SHAPE = /^(?:UTC|[A-Z][A-Za-z]+(?:\/[A-Z][A-Za-z0-9_+-]*){1,2})$/;

/** Whether the time zone database this process carries knows the name (Node bundles full ICU). */
function knownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Why `timeZone` is not an IANA time zone name, or undefined. Worded to follow `prop`. */
export function timeZoneProblem(prop: string, timeZone: string): string | undefined {
  if (TIME_ZONE_SHAPE.test(timeZone) && knownTimeZone(timeZone)) return undefined;
  return `${prop} must be an IANA time zone name such as "Asia/Seoul" or "UTC" (abbreviations like "KST" and UTC offsets are not accepted), got ${JSON.stringify(timeZone)}`;
}

/**
 * Every problem with a working-hours block, each starting with the field's name: `<prefix>.timeZone`,
 * `<prefix>.start`, `<prefix>.stop`, or the bare field name when `prefix` is "".
 */
export function workingHoursProblems(hours: WorkingHours, prefix = "workingHours"): string[] {
  const field = (name: keyof WorkingHours) => (prefix === "" ? name : `${prefix}.${name}`);
  const problems = [
    timeZoneProblem(field("timeZone"), hours.timeZone),
    cronProblem(field("start"), hours.start),
    cronProblem(field("stop"), hours.stop),
  ].filter((p): p is string => p !== undefined);
  if (problems.length === 0 && hours.start.trim() === hours.stop.trim()) {
    problems.push(
      `${field("stop")} must be a different time than ${field("start")} (both fire at once, so the group would never run), got ${JSON.stringify(hours.stop)} for both`,
    );
  }
  return problems;
}

/**
 * ElastiCache's two windows: the daily snapshot window ("hh24:mi-hh24:mi", UTC) and the weekly
 * maintenance window ("ddd:hh24:mi-ddd:hh24:mi", UTC). ElastiCache wants each at least 60 minutes long
 * and refuses them overlapping, so both are checked here, before any API call.
 */

/**
 * 16:00-17:00 UTC is 01:00-02:00 KST, the quietest hour for the systems here; the maintenance window
 * starts an hour after the snapshot ends, on the night from Sunday to Monday (03:00-04:00 KST).
 */
export const DEFAULT_SNAPSHOT_WINDOW = "16:00-17:00";
export const DEFAULT_MAINTENANCE_WINDOW = "sun:18:00-sun:19:00";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const DAY = 24 * 60;
const WEEK = 7 * DAY;
const MIN_MINUTES = 60;

/** A window as minutes since Sunday 00:00 UTC: [start, end), end may pass the end of the week. */
type Interval = readonly [number, number];

function minutesOf(hh: string, mi: string): number | undefined {
  const h = Number(hh);
  const m = Number(mi);
  return h <= 23 && m <= 59 ? h * 60 + m : undefined;
}

/** Minutes of the day [start, end); end ≤ start means the window runs past midnight. */
function parseDaily(window: string): Interval | undefined {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(window);
  if (!match) return undefined;
  const start = minutesOf(match[1]!, match[2]!);
  const end = minutesOf(match[3]!, match[4]!);
  if (start === undefined || end === undefined) return undefined;
  return [start, end > start ? end : end + DAY];
}

function parseWeekly(window: string): Interval | undefined {
  const match = /^([a-z]{3}):(\d{2}):(\d{2})-([a-z]{3}):(\d{2}):(\d{2})$/.exec(window.toLowerCase());
  if (!match) return undefined;
  const startDay = DAYS.indexOf(match[1] as (typeof DAYS)[number]);
  const endDay = DAYS.indexOf(match[4] as (typeof DAYS)[number]);
  const startTime = minutesOf(match[2]!, match[3]!);
  const endTime = minutesOf(match[5]!, match[6]!);
  if (startDay < 0 || endDay < 0 || startTime === undefined || endTime === undefined) return undefined;
  const start = startDay * DAY + startTime;
  const end = endDay * DAY + endTime;
  return [start, end > start ? end : end + WEEK];
}

function overlaps(a: Interval, b: Interval, period: number): boolean {
  // Shift b by whole periods so both wrap-around cases are covered.
  return [-period, 0, period].some((shift) => a[0] < b[1] + shift && b[0] + shift < a[1]);
}

/** Problems with the two windows, each naming the prop to change. */
export function windowProblems(snapshotWindow: string, maintenanceWindow: string): string[] {
  const problems: string[] = [];
  const snapshot = parseDaily(snapshotWindow);
  const maintenance = parseWeekly(maintenanceWindow);
  if (!snapshot) {
    problems.push(
      `snapshotWindow must be "hh24:mi-hh24:mi" in UTC, e.g. "${DEFAULT_SNAPSHOT_WINDOW}", got "${snapshotWindow}"`,
    );
  } else if (snapshot[1] - snapshot[0] < MIN_MINUTES) {
    problems.push(`snapshotWindow must be at least ${MIN_MINUTES} minutes long, got "${snapshotWindow}"`);
  }
  if (!maintenance) {
    problems.push(
      `maintenanceWindow must be "ddd:hh24:mi-ddd:hh24:mi" in UTC (ddd: sun, mon, ... sat), e.g. "${DEFAULT_MAINTENANCE_WINDOW}", got "${maintenanceWindow}"`,
    );
  } else if (maintenance[1] - maintenance[0] < MIN_MINUTES || maintenance[1] - maintenance[0] > DAY) {
    problems.push(`maintenanceWindow must be 60 minutes to 24 hours long, got "${maintenanceWindow}"`);
  }
  // Overlap only means something between two valid windows.
  if (snapshot && maintenance && problems.length === 0) {
    // The snapshot window recurs every day; it clashes when any day's occurrence meets the maintenance.
    const clash = DAYS.some((_, day) =>
      overlaps([snapshot[0] + day * DAY, snapshot[1] + day * DAY], maintenance, WEEK),
    );
    if (clash) {
      problems.push(
        `snapshotWindow "${snapshotWindow}" and maintenanceWindow "${maintenanceWindow}" overlap; ElastiCache refuses overlapping windows, so move one`,
      );
    }
  }
  return problems;
}

import {
  CronSchedule,
  WEEKS_PER_MONTH,
  describeWeek,
  monthlyHours,
  parseCron,
  weeklyRun,
} from "../../../scripts/cost/cron";

function schedule(expression: string): CronSchedule {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(`${expression}: ${parsed.reason}`);
  return parsed.schedule;
}

function hoursPerWeek(start: string, stop: string): number {
  return weeklyRun(schedule(start).firings, schedule(stop).firings).minutes / 60;
}

const DAY = 24 * 60;

describe("parseCron", () => {
  it("reads MON-FRI as Monday to Friday (EventBridge numbers SUN = 1)", () => {
    expect(schedule("cron(0 9 ? * MON-FRI *)").firings).toEqual([1, 2, 3, 4, 5].map((d) => d * DAY + 9 * 60));
    expect(schedule("cron(0 9 ? * 2-6 *)").firings).toEqual(schedule("cron(0 9 ? * MON-FRI *)").firings);
  });

  it("reads lists, every day and a range that wraps past Saturday", () => {
    expect(schedule("cron(30 22 ? * SAT,SUN *)").firings).toEqual([22 * 60 + 30, 6 * DAY + 22 * 60 + 30]);
    expect(schedule("cron(0 0 * * ? *)").firings).toHaveLength(7);
    expect(schedule("cron(0 0 ? * * *)").firings).toHaveLength(7);
    expect(schedule("cron(0 0 ? * FRI-MON *)").firings).toEqual([0, 1, 5, 6].map((d) => d * DAY));
  });

  it.each([
    ["rate(1 hour)", "rate() expressions have no start/stop shape"],
    ["cron(0 9 1 * ? *)", 'day-of-month "1" depends on the calendar'],
    ["cron(0 9 ? * 6L *)", "L, W and # depend on the calendar"],
    ["cron(0 9 ? JAN-MAR MON *)", "only every month"],
    ["cron(0 9 ? * MON)", "expected 6 fields"],
    ["cron(0 25 ? * MON *)", "hours 25 is outside 0-23"],
    ["cron(0 9 ? * FUNDAY *)", 'day-of-week "FUNDAY"'],
  ])("refuses %s with the reason", (expression, reason) => {
    const parsed = parseCron(expression);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(reason);
  });
});

describe("weeklyRun", () => {
  it("09:00-18:00 UTC on weekdays is 5 × 9 h a week, 9 h × ~21.7 days a month", () => {
    const run = weeklyRun(
      schedule("cron(0 9 ? * MON-FRI *)").firings,
      schedule("cron(0 18 ? * MON-FRI *)").firings,
    );
    expect(run.minutes).toBe(45 * 60);
    expect(describeWeek(run)).toBe("5 × 9 h = 45 h/week");
    expect(monthlyHours(run.minutes)).toBeCloseTo(9 * 21.726, 2);
    expect(monthlyHours(run.minutes)).toBeCloseTo(45 * WEEKS_PER_MONTH, 10);
  });

  it("a window across midnight UTC counts once (the erp-mes default: 00:00-09:00 UTC = 09:00-18:00 KST)", () => {
    expect(hoursPerWeek("cron(0 0 ? * MON-FRI *)", "cron(0 9 ? * MON-FRI *)")).toBe(45);
    expect(hoursPerWeek("cron(0 22 ? * MON-FRI *)", "cron(0 6 ? * TUE-SAT *)")).toBe(40);
  });

  it("a start on Friday and a stop on Monday wraps the week (state at Sunday 00:00 = state at its end)", () => {
    const run = weeklyRun(schedule("cron(0 18 ? * FRI *)").firings, schedule("cron(0 6 ? * MON *)").firings);
    expect(run.minutes).toBe(60 * 60);
    expect(run.stretches).toEqual([60 * 60]);
  });

  it("weekends only, and a stop before the day's start keeps the day short", () => {
    expect(hoursPerWeek("cron(0 8 ? * SAT,SUN *)", "cron(0 20 ? * SAT,SUN *)")).toBe(24);
    expect(hoursPerWeek("cron(0 12 ? * * *)", "cron(0 14 ? * * *)")).toBe(14);
  });

  it("no stop: always running once started; no start: never", () => {
    expect(weeklyRun(schedule("cron(0 9 ? * MON *)").firings, []).minutes).toBe(7 * DAY);
    expect(weeklyRun([], schedule("cron(0 9 ? * MON *)").firings).minutes).toBe(0);
  });
});

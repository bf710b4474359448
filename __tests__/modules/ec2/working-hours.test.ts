import { cronProblem, timeZoneProblem, workingHoursProblems } from "../../../modules/ec2/working-hours";

/**
 * The light rules config shares with GpuModelServer: Auto Scaling's 5-field Unix cron and IANA time
 * zones, worded "<prop> must be <rule>, got <value>".
 */
describe("cronProblem", () => {
  test.each([
    "0 9 * * MON-FRI",
    "30 18 * * 1-5",
    "0 9 * * 0,6",
    "0 9 * * 7",
    "*/15 8-18 * * *",
    "0 9 1-15 JAN-MAR *",
    "0 0 * * sun",
    "  0 9 * * MON-FRI  ",
  ])("accepts %j", (expression) => {
    expect(cronProblem("start", expression)).toBeUndefined();
  });

  test.each<[string, string]>([
    ["0 9 * *", "(4 fields)"],
    ["0 9 * * * *", "(6 fields)"],
    ["cron(0 9 * * ? *)", '(EventBridge\'s cron(...) form with "?" is not what Auto Scaling reads)'],
    ["0 24 * * *", "(hour 24 is outside 0-23)"],
    ["0 9 0 * *", "(day-of-month 0 is outside 1-31)"],
    ["0 9 * 13 *", "(month 13 is outside 1-12)"],
    ["0 9 * * 8", "(day-of-week 8 is outside 0-7)"],
    ["0 9 * * 5-1", '(day-of-week range "5-1" runs backwards)'],
    ["0 9 * * MON-FRI/x", '(day-of-week step "x" is not a whole number)'],
    ["0 9-10-11 * * *", '(hour "9-10-11" is not a range)'],
    ["0 9 * * ,MON", '(day-of-week ",MON" is not a cron field)'],
    ["a 9 * * *", '(minute "a" is not a number)'],
    ["@daily", "(1 fields)"],
  ])("refuses %j %s", (expression, why) => {
    expect(cronProblem("workingHours.start", expression)).toBe(
      `workingHours.start must be a 5-field cron expression "minute hour day-of-month month day-of-week" (Unix cron as Auto Scaling takes it, e.g. "0 9 * * MON-FRI"), got ${JSON.stringify(expression)} ${why}`,
    );
  });
});

describe("timeZoneProblem", () => {
  test.each([
    "Asia/Seoul",
    "UTC",
    "Europe/Berlin",
    "America/Argentina/Salta",
    "Etc/GMT+9",
    "America/Port-au-Prince",
  ])("accepts %j", (zone) => expect(timeZoneProblem("time_zone", zone)).toBeUndefined());

  test.each(["KST", "EST", "asia/seoul", "Asia/Nowhere", "+09:00", "UTC+9", "Asia/Seoul ", ""])(
    "refuses %j",
    (zone) => {
      expect(timeZoneProblem("time_zone", zone)).toBe(
        `time_zone must be an IANA time zone name such as "Asia/Seoul" or "UTC" (abbreviations like "KST" and UTC offsets are not accepted), got ${JSON.stringify(zone)}`,
      );
    },
  );
});

describe("workingHoursProblems", () => {
  const good = { timeZone: "Asia/Seoul", start: "0 9 * * MON-FRI", stop: "0 19 * * MON-FRI" };

  it("finds nothing wrong with a weekday window", () => {
    expect(workingHoursProblems(good)).toEqual([]);
  });

  it("names each field under the prefix, or bare with an empty prefix (config's keys)", () => {
    const bad = { timeZone: "KST", start: "0 9 * *", stop: "0 25 * * *" };
    expect(workingHoursProblems(bad).map((p) => p.split(" ", 1)[0])).toEqual([
      "workingHours.timeZone",
      "workingHours.start",
      "workingHours.stop",
    ]);
    expect(workingHoursProblems(bad, "").map((p) => p.split(" ", 1)[0])).toEqual([
      "timeZone",
      "start",
      "stop",
    ]);
  });

  it("refuses a stop at the same time as the start", () => {
    expect(workingHoursProblems({ ...good, stop: " 0 9 * * MON-FRI" }, "")).toEqual([
      'stop must be a different time than start (both fire at once, so the group would never run), got " 0 9 * * MON-FRI" for both',
    ]);
  });
});

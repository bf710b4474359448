import { WEEKDAYS_PER_MONTH, database, estimateOne, item, merge, onDemand, taskDefinition } from "./fixtures";

/** 0.25 vCPU × $0.04 + 0.5 GB × $0.004 (the test table's Fargate x86 rates). */
const SMALL_TASK_HOUR = 0.25 * 0.04 + 0.5 * 0.004;

describe("on-demand services", () => {
  it("runs START_DESIRED_COUNT tasks between its start and stop rules: 09:00-18:00 UTC MON-FRI = 9 h × ~21.7 days", () => {
    const stack = estimateOne(
      "erp-mes-dev",
      merge(
        taskDefinition(256, 512),
        onDemand({ start: "cron(0 9 ? * MON-FRI *)", stop: "cron(0 18 ? * MON-FRI *)", tasks: 2 }),
      ),
    );
    const fargate = item(stack, "Fargate svc");
    const hours = 9 * WEEKDAYS_PER_MONTH;
    expect(hours).toBeCloseTo(195.54, 2);
    expect(fargate.monthly).toBeCloseTo(2 * hours * SMALL_TASK_HOUR, 10);
    expect(fargate.charges).toEqual([
      expect.objectContaining({ priceKey: "fargate.x86.vcpu_hour", unitPrice: 0.04 }),
      expect.objectContaining({ priceKey: "fargate.x86.gb_hour", unitPrice: 0.004 }),
    ]);
    expect(fargate.detail).toContain(
      "cron(0 9 ? * MON-FRI *) → cron(0 18 ? * MON-FRI *) UTC: 5 × 9 h = 45 h/week",
    );
    expect(fargate.detail).toContain("195.5 h");
  });

  it("a DISABLED start rule counts the service at 0 hours, with a note (manual starts only)", () => {
    const stack = estimateOne(
      "erp-mes-dev",
      merge(
        taskDefinition(256, 512),
        onDemand({
          start: "cron(0 0 ? * MON-FRI *)",
          stop: "cron(0 9 ? * MON-FRI *)",
          startState: "DISABLED",
        }),
      ),
    );
    expect(item(stack, "Fargate svc").monthly).toBe(0);
    expect(stack.notes).toContainEqual(
      expect.stringMatching(/svc: start-svc is DISABLED: counted at 0 h \(manual starts only\)/),
    );
    expect(stack.total).toBe(0);
  });

  it("a disabled stop rule leaves it running around the clock once started, with a note", () => {
    const stack = estimateOne(
      "erp-mes-dev",
      merge(
        taskDefinition(256, 512),
        onDemand({
          start: "cron(0 0 ? * MON-FRI *)",
          stop: "cron(0 9 ? * MON-FRI *)",
          stopState: "DISABLED",
        }),
      ),
    );
    expect(item(stack, "Fargate svc").monthly).toBeCloseTo(730 * SMALL_TASK_HOUR, 10);
    expect(stack.notes.join("\n")).toContain(
      "stop rule stop-svc is DISABLED: runs around the clock once started",
    );
  });

  it("a schedule it cannot read falls back to around the clock and says why", () => {
    const stack = estimateOne(
      "erp-mes-dev",
      merge(taskDefinition(256, 512), onDemand({ start: "cron(0 9 1 * ? *)", stop: "cron(0 18 1 * ? *)" })),
    );
    expect(item(stack, "Fargate svc").monthly).toBeCloseTo(730 * SMALL_TASK_HOUR, 10);
    expect(stack.notes.join("\n")).toMatch(
      /start-svc "cron\(0 9 1 \* \? \*\)": day-of-month "1" depends on the calendar; counted around the clock/,
    );
  });

  it("DB_INSTANCE_ID: the database's instance is billed only in the window, its storage all month", () => {
    const stack = estimateOne(
      "erp-mes-dev",
      merge(
        taskDefinition(256, 512),
        onDemand({ start: "cron(0 0 ? * MON-FRI *)", stop: "cron(0 9 ? * MON-FRI *)", database: true }),
        database({ instance_class: "db.t4g.micro", allocated_storage: 20 }),
      ),
    );
    const hours = 9 * WEEKDAYS_PER_MONTH;
    expect(item(stack, "RDS db.t4g.micro").monthly).toBeCloseTo(hours * 0.02, 10);
    expect(item(stack, "RDS db.t4g.micro").detail).toContain("on demand");
    expect(item(stack, "RDS storage gp3").monthly).toBeCloseTo(20 * 0.1, 10);
    expect(item(stack, "RDS storage gp3").detail).toContain("billed while stopped");
  });

  it("without DB_INSTANCE_ID the database runs around the clock next to an on-demand service", () => {
    const stack = estimateOne(
      "erp-mes-dev",
      merge(
        taskDefinition(256, 512),
        onDemand({ start: "cron(0 0 ? * MON-FRI *)", stop: "cron(0 9 ? * MON-FRI *)" }),
        database(),
      ),
    );
    expect(item(stack, "RDS db.t4g.micro").monthly).toBeCloseTo(730 * 0.02, 10);
  });
});

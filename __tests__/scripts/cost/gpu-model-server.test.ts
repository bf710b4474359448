import { GpuModelServer, GpuModelServerProps } from "../../../modules/ec2/gpu-model-server";
import { parseUnixCron } from "../../../scripts/cost/autoscaling-schedules";
import { renderText } from "../../../scripts/cost/report-text";
import { StackJson } from "../../../scripts/cost/terraform-json";
import { synthScope } from "../../harness/synth-scope";
import { Resources, WEEKDAYS_PER_MONTH, estimateMany, estimateOne, item, stackJson } from "./fixtures";

/**
 * GPU model servers (modules/ec2/gpu-model-server.ts) as `npm run cost` prices them: the Auto Scaling
 * group's instance-hours at the on-demand or Spot rate of the test table (g4dn.xlarge 0.5/h, Spot
 * 0.2/h), fewer hours when scheduled actions stop it, its root volume (gp3 0.08/GB-month) only while
 * instances exist, and its private hosted zone (0.5/month).
 */
function serverResources(props: Partial<GpuModelServerProps> = {}): Resources {
  const json = synthScope(
    (scope) =>
      new GpuModelServer(scope, "model", {
        name: "ecg-pipeline-dev-model",
        vpcId: "vpc-1",
        subnetIds: ["subnet-a", "subnet-c"],
        logRetentionDays: 30,
        ...props,
      }),
  ).json;
  return json.resource as Resources;
}

const WORKING_HOURS = { timeZone: "Asia/Seoul", start: "0 9 * * MON-FRI", stop: "0 19 * * MON-FRI" };
/** 10 h × 5 weekdays × 730/168. */
const WORKING_HOURS_PER_MONTH = 10 * WEEKDAYS_PER_MONTH;

describe("a GPU model server", () => {
  it("on-demand around the clock: 730 h of g4dn.xlarge, 100 GB of gp3 and the zone", () => {
    const stack = estimateOne("ecg-pipeline-dev", serverResources());
    const ec2 = item(stack, "EC2 g4dn.xlarge");
    expect(ec2.monthly).toBeCloseTo(730 * 0.5, 10);
    expect(ec2.detail).toBe("autoscaling group, desired_capacity 1: 1 × 730 h × $0.5/h");
    expect(item(stack, "EBS gp3").monthly).toBeCloseTo(100 * 0.08, 10);
    expect(item(stack, "Route 53 hosted zone").monthly).toBeCloseTo(0.5, 10);
    expect(stack.items.map((i) => i.label).sort()).toEqual([
      "EBS gp3",
      "EC2 g4dn.xlarge",
      "Route 53 hosted zone",
    ]);
    expect(stack.total).toBeCloseTo(730 * 0.5 + 8 + 0.5, 10);
    expect(stack.notEstimated).toEqual([]);
    expect(stack.usage).toEqual(expect.arrayContaining(["logs", "data-transfer"]));
  });

  it("on Spot in working hours: 50 h/week at the Spot rate, the volume billed for those hours only", () => {
    const stack = estimateOne(
      "ecg-pipeline-dev",
      serverResources({ spot: true, workingHours: WORKING_HOURS }),
    );
    expect(WORKING_HOURS_PER_MONTH).toBeCloseTo(217.26, 2);
    const spot = item(stack, "EC2 g4dn.xlarge (Spot)");
    expect(spot.monthly).toBeCloseTo(WORKING_HOURS_PER_MONTH * 0.2, 10);
    expect(spot.charges).toEqual([
      expect.objectContaining({ priceKey: "ec2_spot.linux:g4dn.xlarge", unitPrice: 0.2 }),
    ]);
    expect(spot.detail).toBe(
      'Spot (capacity-optimized), scheduled "0 9 * * MON-FRI" → 1, "0 19 * * MON-FRI" → 0 (Asia/Seoul): 5 × 10 h = 50 h/week × 730/168 = 1 × 217.3 h: 217.3 instance-h × $0.2/h',
    );
    // No on-demand line: the whole group is Spot.
    expect(stack.items.filter((i) => i.label.startsWith("EC2"))).toHaveLength(1);
    const ebs = item(stack, "EBS gp3");
    expect(ebs.monthly).toBeCloseTo(100 * (WORKING_HOURS_PER_MONTH / 730) * 0.08, 10);
    expect(ebs.detail).toContain("100 GB × 217.3 instance-h / 730 h (deleted with its instance)");
    expect(stack.notes).toEqual([
      expect.stringMatching(
        /^aws_autoscaling_group\.model_group_\w+: Spot prices move with spare capacity, by AZ and hour; the table's is an average$/,
      ),
    ]);
    expect(stack.notEstimated).toEqual([]);
  });

  it("on-demand in working hours: the same hours at the on-demand rate", () => {
    const stack = estimateOne("ecg-pipeline-dev", serverResources({ workingHours: WORKING_HOURS }));
    const ec2 = item(stack, "EC2 g4dn.xlarge");
    expect(ec2.monthly).toBeCloseTo(WORKING_HOURS_PER_MONTH * 0.5, 10);
    expect(ec2.detail).toMatch(/^on-demand, scheduled .* \(Asia\/Seoul\): 5 × 10 h = 50 h\/week/);
  });

  it("an on-demand base splits the group: the first instance on-demand, the rest Spot", () => {
    const stack = estimateOne(
      "ecg-pipeline-dev",
      serverResources({
        spot: true,
        onDemandBaseCapacity: 1,
        additionalInstanceTypes: ["g5.xlarge"],
        capacity: { min: 3, max: 3, desired: 3 },
      }),
    );
    expect(item(stack, "EC2 g4dn.xlarge (Spot)").monthly).toBeCloseTo(2 * 730 * 0.2, 10);
    const onDemand = stack.items.find((i) => i.label === "EC2 g4dn.xlarge")!;
    expect(onDemand.monthly).toBeCloseTo(730 * 0.5, 10);
    expect(onDemand.detail).toContain("730 instance-h of 2190 instance-h");
    expect(item(stack, "EBS gp3").monthly).toBeCloseTo(3 * 100 * 0.08, 10);
    expect(stack.notes).toContainEqual(
      expect.stringMatching(/: may also launch g5\.xlarge; priced as g4dn\.xlarge, the first type$/),
    );
  });

  it("a GPU type the table lacks is UNPRICED, never 0", () => {
    const stack = estimateOne(
      "ecg-pipeline-dev",
      serverResources({ instanceType: "g6e.xlarge", spot: true }),
    );
    const spot = item(stack, "EC2 g6e.xlarge (Spot)");
    expect(spot.monthly).toBeUndefined();
    expect(spot.unpriced).toBe(
      "no price for ec2_spot.linux:g6e.xlarge in __tests__/scripts/cost/ap-northeast-2.json",
    );
    expect(stack.unpriced).toBe(1);
    const text = renderText(
      estimateMany([
        { name: "ecg-pipeline-dev", json: stackJson(serverResources({ instanceType: "g6e.xlarge" })) },
      ]),
    );
    expect(text).toMatch(/UNPRICED {2}EC2 g6e\.xlarge/);
  });
});

describe("scheduled actions of any Auto Scaling group", () => {
  const group = (attrs: Record<string, unknown> = {}): Resources => ({
    aws_launch_template: { t: { instance_type: "t4g.nano" } },
    aws_autoscaling_group: {
      g: {
        name: "workers",
        min_size: 0,
        max_size: 4,
        desired_capacity: 2,
        launch_template: {
          id: "${aws_launch_template.t.id}",
          version: "${aws_launch_template.t.latest_version}",
        },
        ...attrs,
      },
    },
  });
  const schedule = (recurrence: string, size: number, extra: Record<string, unknown> = {}) => ({
    autoscaling_group_name: "workers",
    scheduled_action_name: `at-${size}`,
    recurrence,
    time_zone: "Europe/Berlin",
    desired_capacity: size,
    min_size: size,
    max_size: 4,
    ...extra,
  });

  it("integrates every size a group is set to (a group named literally): 4 in office hours, 1 at night", () => {
    const stack = estimateOne("app-dev", {
      ...group(),
      aws_autoscaling_schedule: {
        day: schedule("0 8 * * 1-5", 4),
        night: schedule("0 18 * * 1-5", 1),
      },
    });
    // 5 × 10 h at 4 and the other 118 h of the week at 1.
    const perWeek = 5 * 10 * 4 + (168 - 50) * 1;
    expect(item(stack, "EC2 t4g.nano").monthly).toBeCloseTo(perWeek * (730 / 168) * 0.005, 10);
    expect(item(stack, "EC2 t4g.nano").detail).toContain("(Europe/Berlin): 168 h/week × 730/168 =");
  });

  it("a recurrence it cannot read counts the group around the clock at its own size, with a note", () => {
    const stack = estimateOne("app-dev", {
      ...group(),
      aws_autoscaling_schedule: { a: schedule("0 8 1 * *", 0), b: schedule("0 8 * * MON", 2) },
    });
    expect(item(stack, "EC2 t4g.nano").monthly).toBeCloseTo(2 * 730 * 0.005, 10);
    expect(stack.notes).toEqual([
      'aws_autoscaling_group.g: at-0 "0 8 1 * *": day-of-month "1" depends on the calendar; counted around the clock at 2',
    ]);
  });

  it("a one-off action is left out of the monthly hours, with a note", () => {
    const stack = estimateOne("app-dev", {
      ...group(),
      aws_autoscaling_schedule: {
        once: {
          autoscaling_group_name: "${aws_autoscaling_group.g.name}",
          scheduled_action_name: "once",
          start_time: "2027-01-01T00:00:00Z",
          desired_capacity: 0,
        },
      },
    });
    expect(item(stack, "EC2 t4g.nano").monthly).toBeCloseTo(2 * 730 * 0.005, 10);
    expect(stack.notes).toEqual([
      "aws_autoscaling_group.g: once: a one-off scheduled action (no recurrence); not in the monthly hours",
    ]);
  });
});

describe("parseUnixCron", () => {
  const DAY = 24 * 60;
  const firings = (expression: string) => {
    const parsed = parseUnixCron(expression);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.firings;
  };

  it("reads Unix day numbers (0 and 7 are Sunday) and names alike", () => {
    expect(firings("0 9 * * 1-5")).toEqual([1, 2, 3, 4, 5].map((d) => d * DAY + 9 * 60));
    expect(firings("0 9 * * MON-FRI")).toEqual(firings("0 9 * * 1-5"));
    expect(firings("30 22 * * 0,7")).toEqual([22 * 60 + 30]);
    expect(firings("0 0 * * */2")).toEqual([0, 2, 4, 6].map((d) => d * DAY));
    expect(firings("0 0 * * 5-7")).toEqual([0, 5, 6].map((d) => d * DAY));
    expect(firings("0 12 * * *")).toHaveLength(7);
  });

  it.each([
    ["0 9 * * MON-FRI *", "expected 5 fields"],
    ["0 9 1 * MON", "day-of-month and day-of-week both set"],
    ["0 9 1 * *", 'day-of-month "1" depends on the calendar'],
    ["0 9 * JAN MON", "only every month"],
    ["0 9 * * FRI-MON", 'day-of-week "FRI-MON" is not a value this reads'],
  ])("refuses %j (%s)", (expression, reason) => {
    const parsed = parseUnixCron(expression);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });
});

describe("resource types of the ECG pipeline", () => {
  it("prices hosted zones and web ACLs, lists CloudFront as usage and knows the free configuration types", () => {
    const json: StackJson = stackJson({
      aws_route53_zone: { z: { name: "x.internal" } },
      aws_wafv2_web_acl: {
        acl: { name: "edge", scope: "CLOUDFRONT", rule: [{ name: "rate" }, { name: "common" }] },
      },
      aws_wafv2_web_acl_logging_configuration: { l: {} },
      aws_cloudfront_distribution: { cdn: {} },
      aws_cloudfront_function: { f: {} },
      aws_cloudfront_origin_access_control: { oac: {} },
      aws_cloudfront_response_headers_policy: { h: {} },
      aws_cloudfront_cache_policy: { c: {} },
      aws_cloudfront_origin_request_policy: { o: {} },
      aws_s3_bucket_cors_configuration: { cors: {} },
      aws_s3_bucket_logging: { log: {} },
      aws_s3_bucket_acl: { acl: {} },
      aws_autoscaling_schedule: { s: { autoscaling_group_name: "none", scheduled_action_name: "s" } },
    });
    const stack = estimateMany([{ name: "ecg-pipeline-dev", json }]).environments[0]!.stacks[0]!;
    expect(stack.notEstimated).toEqual([]);
    expect(item(stack, "Route 53 hosted zone").monthly).toBeCloseTo(0.5, 10);
    expect(item(stack, "WAF web ACL").monthly).toBeCloseTo(5 + 2 * 1, 10);
    expect(stack.usage).toEqual(expect.arrayContaining(["cdn", "waf-requests", "logs"]));
    expect(stack.total).toBeCloseTo(0.5 + 7, 10);
  });
});

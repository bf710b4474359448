import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { AutoscalingSchedule } from "@cdktf/provider-aws/lib/autoscaling-schedule";
import { LaunchConfiguration } from "@cdktf/provider-aws/lib/launch-configuration";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { GpuModelServer } from "../../modules/ec2/gpu-model-server";
import { Vpc } from "../../modules/vpc/vpc";
import { synthScope } from "../harness/synth-scope";
import { evaluate, formatFinding } from "./evaluate";
import { PolicyStack } from "./policy-stack";
import { loadRules } from "./registry";

/**
 * The Auto Scaling rules on what cdktf really emits: groups written the careless way break them; the
 * GPU model server (with working hours) and the NAT instance's group break none. The hand-written
 * fixtures live in each rule's `examples` and run in rules.test.ts.
 */
const rules = loadRules();
const AUTOSCALING_RULES = [
  "autoscaling-instance-refresh",
  "autoscaling-launch-template-version-follows-changes",
  "autoscaling-no-launch-configuration",
  "autoscaling-schedule-time-zone",
];

function autoscalingFindings(build: (scope: Construct) => void): string[] {
  const stack = new PolicyStack("scope", synthScope(build).json);
  return evaluate([stack], rules)
    .filter((f) => f.rule.startsWith("autoscaling-"))
    .map(formatFinding);
}

test("the Auto Scaling rules are registered", () => {
  expect(rules.map((r) => r.name)).toEqual(expect.arrayContaining(AUTOSCALING_RULES));
});

describe("bare provider resources", () => {
  test("a launch configuration and its group are flagged", () => {
    expect(
      autoscalingFindings((s) => {
        const config = new LaunchConfiguration(s, "lc", { imageId: "ami-1", instanceType: "t4g.nano" });
        new AutoscalingGroup(s, "group", { minSize: 1, maxSize: 1, launchConfiguration: config.name });
      }),
    ).toEqual([
      expect.stringMatching(
        /^scope \/ aws_launch_configuration\.lc \/ autoscaling-no-launch-configuration \//,
      ),
      expect.stringMatching(
        /^scope \/ aws_autoscaling_group\.group \/ autoscaling-no-launch-configuration \//,
      ),
    ]);
  });

  test("a group on $Latest without instance_refresh breaks both template rules", () => {
    expect(
      autoscalingFindings((s) => {
        const template = new LaunchTemplate(s, "lt", { name: "t", imageId: "ami-1" });
        new AutoscalingGroup(s, "group", {
          minSize: 1,
          maxSize: 1,
          launchTemplate: { id: template.id, version: "$Latest" },
        });
      }),
    ).toEqual([
      expect.stringMatching(
        /^scope \/ aws_autoscaling_group\.group \/ autoscaling-launch-template-version-follows-changes \/ launch template version "\$Latest": reference the template's latest_version/,
      ),
      expect.stringMatching(
        /^scope \/ aws_autoscaling_group\.group \/ autoscaling-instance-refresh \/ no instance_refresh/,
      ),
    ]);
  });

  test("a recurring scheduled action without a time zone is flagged; latest_version and a refresh pass", () => {
    expect(
      autoscalingFindings((s) => {
        const template = new LaunchTemplate(s, "lt", { name: "t", imageId: "ami-1" });
        const group = new AutoscalingGroup(s, "group", {
          minSize: 0,
          maxSize: 1,
          launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
          instanceRefresh: { strategy: "Rolling" },
        });
        new AutoscalingSchedule(s, "stop", {
          autoscalingGroupName: group.name,
          scheduledActionName: "stop",
          recurrence: "0 19 * * MON-FRI",
          minSize: 0,
          maxSize: 1,
          desiredCapacity: 0,
        });
      }),
    ).toEqual([
      expect.stringMatching(
        /^scope \/ aws_autoscaling_schedule\.stop \/ autoscaling-schedule-time-zone \/ recurrence "0 19 \* \* MON-FRI" without time_zone runs in UTC/,
      ),
    ]);
  });
});

describe("the modules", () => {
  test("the GPU model server with working hours breaks no rule, and the rules had something to check", () => {
    const stack = new PolicyStack(
      "scope",
      synthScope(
        (s) =>
          new GpuModelServer(s, "model", {
            name: "acme-dev-model",
            vpcId: "vpc-1",
            subnetIds: ["subnet-a"],
            logRetentionDays: 30,
            spot: true,
            workingHours: { timeZone: "Asia/Seoul", start: "0 9 * * MON-FRI", stop: "0 19 * * MON-FRI" },
          }),
      ).json,
    );
    expect(evaluate([stack], rules).map(formatFinding)).toEqual([]);
    expect(stack.resources("aws_autoscaling_group")).toHaveLength(1);
    expect(stack.resources("aws_autoscaling_schedule")).toHaveLength(2);
  });

  test("the NAT instance's group (refreshed by hand, by design) breaks no rule inside a Vpc", () => {
    const stack = new PolicyStack(
      "scope",
      synthScope(
        (s) =>
          new Vpc(s, "network", {
            name: "acme-dev",
            cidr: "10.0.0.0/16",
            availabilityZones: ["ap-northeast-2a", "ap-northeast-2c"],
            natMode: "instance",
          }),
      ).json,
    );
    expect(evaluate([stack], rules).map(formatFinding)).toEqual([]);
    expect(stack.resources("aws_autoscaling_group")[0]!.config).not.toHaveProperty("instance_refresh");
  });
});

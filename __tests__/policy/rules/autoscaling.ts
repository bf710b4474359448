import { PolicyStack, StackResource, interpolationsIn, singleBlock } from "../policy-stack";
import { PolicyRule, Violation, stackJson } from "../rule";
import { isNatLauncher, launchTemplatesOf } from "./ec2";

/**
 * EC2 Auto Scaling groups: launched from launch templates (launch configurations get no new instance
 * types or features and are being retired), rolling out every template change, and scheduled in a
 * named time zone.
 */

/** The launch template specifications of a group: its own block, or the mixed-instances policy's. */
function templateSpecs(group: StackResource): Record<string, unknown>[] {
  const mixed = singleBlock(singleBlock(group.config.mixed_instances_policy)?.launch_template);
  return [
    singleBlock(group.config.launch_template),
    singleBlock(mixed?.launch_template_specification),
  ].filter((s): s is Record<string, unknown> => s !== undefined);
}

const noLaunchConfiguration: PolicyRule = {
  name: "autoscaling-no-launch-configuration",
  check: (stack) => [
    ...stack.resources("aws_launch_configuration").map((r) => ({
      address: r.address,
      why: "a launch configuration gets no new instance types or features (IMDS hop limit, Spot mixes) and AWS is retiring them; use an aws_launch_template",
    })),
    ...stack
      .resources("aws_autoscaling_group")
      .filter(
        (g) => typeof g.config.launch_configuration === "string" && g.config.launch_configuration !== "",
      )
      .map((g) => ({
        address: g.address,
        why: "launches from a launch configuration; give it a launch_template (or a mixed_instances_policy) instead",
      })),
  ],
  examples: {
    violating: [
      {
        description: "a launch configuration and the group using it",
        json: stackJson({
          aws_launch_configuration: { lc: { image_id: "ami-1", instance_type: "t4g.nano" } },
          aws_autoscaling_group: {
            g: { min_size: 1, max_size: 1, launch_configuration: "${aws_launch_configuration.lc.name}" },
          },
        }),
        flags: ["aws_launch_configuration.lc", "aws_autoscaling_group.g"],
      },
    ],
    passing: [
      {
        description: "a group launching from a launch template",
        json: stackJson({
          aws_launch_template: { t: { image_id: "ami-1" } },
          aws_autoscaling_group: {
            g: {
              launch_template: {
                id: "${aws_launch_template.t.id}",
                version: "${aws_launch_template.t.latest_version}",
              },
            },
          },
        }),
      },
    ],
  },
};

/**
 * A version that follows the template and shows up in the plan: a reference to the template's
 * `latest_version` (or `default_version`). A number pins an old version; "$Latest" and "$Default"
 * (and no version, which is "$Default") follow it inside AWS, where Terraform never sees the change,
 * so nothing rolls the running instances.
 */
function followsChanges(stack: PolicyStack, version: unknown): boolean {
  if (typeof version !== "string") return false;
  return interpolationsIn(version).some(
    (body) =>
      /^aws_launch_template\.[A-Za-z_][\w-]*\.(latest_version|default_version)$/.test(body.trim()) &&
      stack.referencedBy(version).some((r) => r.type === "aws_launch_template"),
  );
}

const versionFollowsChanges: PolicyRule = {
  name: "autoscaling-launch-template-version-follows-changes",
  check: (stack) =>
    stack.resources("aws_autoscaling_group").flatMap((group): Violation[] =>
      templateSpecs(group)
        .filter((spec) => !followsChanges(stack, spec.version))
        .map((spec) => ({
          address: group.address,
          why: `launch template version ${JSON.stringify(spec.version ?? "absent ($Default)")}: reference the template's latest_version (\${aws_launch_template.<name>.latest_version}), so a template change is a change of the group that Terraform plans and instance_refresh rolls out`,
        })),
    ),
  examples: {
    violating: [
      {
        description: "a pinned number, $Latest, and no version in a mixed-instances policy",
        json: stackJson({
          aws_launch_template: { t: { image_id: "ami-1" } },
          aws_autoscaling_group: {
            pinned: { launch_template: { id: "${aws_launch_template.t.id}", version: "3" } },
            latest: { launch_template: { id: "${aws_launch_template.t.id}", version: "$Latest" } },
            mixed: {
              mixed_instances_policy: {
                launch_template: {
                  launch_template_specification: { launch_template_id: "${aws_launch_template.t.id}" },
                },
              },
            },
          },
        }),
        flags: [
          "aws_autoscaling_group.pinned",
          "aws_autoscaling_group.latest",
          "aws_autoscaling_group.mixed",
        ],
      },
    ],
    passing: [
      {
        description:
          "latest_version directly and in a mixed-instances policy, default_version, no template at all",
        json: stackJson({
          aws_launch_template: { t: { image_id: "ami-1", update_default_version: true } },
          aws_autoscaling_group: {
            direct: {
              launch_template: {
                id: "${aws_launch_template.t.id}",
                version: "${aws_launch_template.t.latest_version}",
              },
            },
            mixed: {
              mixed_instances_policy: [
                {
                  launch_template: [
                    {
                      launch_template_specification: [
                        {
                          launch_template_id: "${aws_launch_template.t.id}",
                          version: "${aws_launch_template.t.latest_version}",
                        },
                      ],
                    },
                  ],
                },
              ],
            },
            default: {
              launch_template: {
                name: "${aws_launch_template.t.name}",
                version: "${aws_launch_template.t.default_version}",
              },
            },
            eks: { min_size: 0 },
          },
        }),
      },
    ],
  },
};

/**
 * A template change must reach the running instances without someone remembering to start a
 * refresh. The NAT instance is exempt on purpose: it is the only way out of the private subnets, so
 * replacing it cuts egress for minutes; its refresh is started by hand in a quiet moment (README,
 * "Network").
 */
const instanceRefresh: PolicyRule = {
  name: "autoscaling-instance-refresh",
  check: (stack) =>
    stack.resources("aws_autoscaling_group").flatMap((group): Violation[] => {
      if (templateSpecs(group).length === 0) return [];
      if (launchTemplatesOf(stack, group).some((t) => isNatLauncher(stack, t))) return [];
      const refresh = singleBlock(group.config.instance_refresh);
      if (refresh?.strategy === "Rolling") return [];
      return [
        {
          address: group.address,
          why: refresh
            ? `instance_refresh strategy ${JSON.stringify(refresh.strategy)}, not "Rolling"`
            : 'no instance_refresh: a new launch template version (AMI, user data, type) would reach only instances launched later; add instance_refresh { strategy = "Rolling" }',
        },
      ];
    }),
  examples: {
    violating: [
      {
        description: "a group following its template without instance_refresh",
        json: stackJson({
          aws_launch_template: { t: { image_id: "ami-1" } },
          aws_autoscaling_group: {
            g: {
              launch_template: {
                id: "${aws_launch_template.t.id}",
                version: "${aws_launch_template.t.latest_version}",
              },
            },
          },
        }),
        flags: ["aws_autoscaling_group.g"],
      },
    ],
    passing: [
      {
        description: "a rolling refresh (as a list block), and the NAT instance's group (refreshed by hand)",
        json: stackJson({
          aws_launch_template: {
            t: { image_id: "ami-1" },
            nat: {
              image_id: "ami-1",
              user_data: '${base64encode(join("", ["ENI=", aws_network_interface.eni.id, "\\n"]))}',
            },
          },
          aws_network_interface: { eni: { subnet_id: "s", source_dest_check: false } },
          aws_route: {
            r: {
              destination_cidr_block: "0.0.0.0/0",
              network_interface_id: "${aws_network_interface.eni.id}",
            },
          },
          aws_autoscaling_group: {
            g: {
              launch_template: {
                id: "${aws_launch_template.t.id}",
                version: "${aws_launch_template.t.latest_version}",
              },
              instance_refresh: [{ strategy: "Rolling", preferences: [{ min_healthy_percentage: 100 }] }],
            },
            nat: {
              launch_template: {
                id: "${aws_launch_template.nat.id}",
                version: "${aws_launch_template.nat.latest_version}",
              },
            },
          },
        }),
      },
    ],
  },
};

/**
 * Without time_zone a recurrence is read in UTC: "0 9 * * MON-FRI" meant for Seoul starts the servers
 * at 18:00 KST. Naming the zone also follows daylight saving where there is one.
 */
const scheduleTimeZone: PolicyRule = {
  name: "autoscaling-schedule-time-zone",
  check: (stack) =>
    stack
      .resources("aws_autoscaling_schedule")
      .filter((s) => s.config.recurrence !== undefined)
      .filter((s) => typeof s.config.time_zone !== "string" || s.config.time_zone.trim() === "")
      .map((s) => ({
        address: s.address,
        why: `recurrence ${JSON.stringify(s.config.recurrence)} without time_zone runs in UTC; set time_zone to the IANA zone the hours are meant in (e.g. "Asia/Seoul")`,
      })),
  examples: {
    violating: [
      {
        description: "recurring actions with no time zone and an empty one",
        json: stackJson({
          aws_autoscaling_schedule: {
            start: {
              autoscaling_group_name: "g",
              scheduled_action_name: "start",
              recurrence: "0 9 * * MON-FRI",
            },
            stop: {
              autoscaling_group_name: "g",
              scheduled_action_name: "stop",
              recurrence: "0 19 * * *",
              time_zone: "",
            },
          },
        }),
        flags: ["aws_autoscaling_schedule.start", "aws_autoscaling_schedule.stop"],
      },
    ],
    passing: [
      {
        description: "a recurrence in Asia/Seoul, and a one-off action at a UTC start_time",
        json: stackJson({
          aws_autoscaling_schedule: {
            start: {
              autoscaling_group_name: "g",
              scheduled_action_name: "start",
              recurrence: "0 9 * * MON-FRI",
              time_zone: "Asia/Seoul",
            },
            once: {
              autoscaling_group_name: "g",
              scheduled_action_name: "once",
              start_time: "2027-01-01T00:00:00Z",
            },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [
  noLaunchConfiguration,
  versionFollowsChanges,
  instanceRefresh,
  scheduleTimeZone,
];

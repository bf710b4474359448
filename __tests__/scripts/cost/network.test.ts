import { estimateStack } from "../../../scripts/cost/estimate";
import { estimateOne, item, testPricer } from "./fixtures";

describe("network", () => {
  it("a NAT gateway: its hours, and its Elastic IP as one public IPv4 address", () => {
    const stack = estimateOne("network-dev", {
      aws_eip: { "nat-eip": { domain: "vpc" } },
      aws_nat_gateway: {
        nat: {
          allocation_id: "${aws_eip.nat-eip.allocation_id}",
          connectivity_type: "public",
          subnet_id: "subnet",
        },
      },
    });
    expect(item(stack, "NAT gateway").monthly).toBeCloseTo(730 * 0.05, 10);
    const ip = item(stack, "public IPv4 address");
    expect(ip.monthly).toBeCloseTo(730 * 0.005, 10);
    expect(ip.detail).toContain("Elastic IP of aws_nat_gateway.nat");
    expect(stack.total).toBeCloseTo(730 * 0.05 + 730 * 0.005, 10);
    expect(stack.usage).toContain("nat-data");
  });

  it("a NAT gateway whose address is not an aws_eip of the stack still pays for one", () => {
    const stack = estimateOne("network-dev", {
      aws_nat_gateway: { nat: { allocation_id: "eipalloc-0123", subnet_id: "subnet" } },
    });
    expect(item(stack, "public IPv4 address").monthly).toBeCloseTo(730 * 0.005, 10);
  });

  it("a NAT instance: an autoscaling group of 1 from a t4g launch template with a public IPv4", () => {
    const stack = estimateOne("network-dev", {
      aws_launch_template: {
        nat: {
          instance_type: "t4g.nano",
          block_device_mappings: [{ device_name: "/dev/xvda", ebs: { volume_size: 8, volume_type: "gp3" } }],
          network_interfaces: [{ device_index: 0, associate_public_ip_address: "true" }],
        },
      },
      aws_autoscaling_group: {
        nat: {
          min_size: 1,
          max_size: 1,
          desired_capacity: 1,
          launch_template: {
            id: "${aws_launch_template.nat.id}",
            version: "${aws_launch_template.nat.latest_version}",
          },
        },
      },
      aws_network_interface: { eni: { source_dest_check: false } },
    });
    expect(item(stack, "EC2 t4g.nano").monthly).toBeCloseTo(730 * 0.005, 10);
    expect(item(stack, "EBS gp3").monthly).toBeCloseTo(8 * 0.08, 10);
    expect(item(stack, "public IPv4 address").monthly).toBeCloseTo(730 * 0.005, 10);
    expect(stack.total).toBeCloseTo(730 * 0.005 + 8 * 0.08 + 730 * 0.005, 10);
    expect(stack.notEstimated).toEqual([]);
  });

  it("an autoscaling group without desired_capacity keeps min_size instances; no volume set: 8 GB assumed", () => {
    const stack = estimateOne("network-dev", {
      aws_launch_template: { nat: { instance_type: "t4g.nano" } },
      aws_autoscaling_group: {
        nat: { min_size: 2, max_size: 3, launch_template: { id: "${aws_launch_template.nat.id}" } },
      },
    });
    expect(item(stack, "EC2 t4g.nano").monthly).toBeCloseTo(2 * 730 * 0.005, 10);
    expect(item(stack, "EBS gp3").monthly).toBeCloseTo(2 * 8 * 0.08, 10);
    expect(item(stack, "EBS gp3").detail).toContain("assumed");
    expect(stack.items.some((i) => i.label === "public IPv4 address")).toBe(false);
  });

  it("an internet-facing ALB pays its hours and one public IPv4 per subnet; an internal one no address", () => {
    const alb = (internal: boolean) =>
      estimateOne("app-dev", {
        aws_lb: { alb: { load_balancer_type: "application", internal, subnets: ["a", "b", "c"] } },
      });
    const facing = alb(false);
    expect(item(facing, "Application Load Balancer").monthly).toBeCloseTo(730 * 0.02, 10);
    expect(item(facing, "public IPv4 address").monthly).toBeCloseTo(3 * 730 * 0.005, 10);
    expect(facing.usage).toContain("lb-lcu");
    expect(alb(true).items.map((i) => i.label)).toEqual(["Application Load Balancer"]);
  });

  it("a resource type nobody classified is listed as not estimated", () => {
    const stack = estimateOne("app-dev", { aws_rds_cluster: { aurora: { engine: "aurora-postgresql" } } });
    expect(stack.notEstimated).toEqual([{ type: "aws_rds_cluster", count: 1 }]);
  });

  it("notes resources of an aliased provider in another region (priced at the stack's region)", () => {
    const pricer = testPricer();
    const stack = estimateStack(
      {
        name: "app-dev",
        json: {
          provider: { aws: [{ region: "ap-northeast-2" }, { alias: "us_east_1", region: "us-east-1" }] },
          resource: { aws_kms_key: { edge: { provider: "aws.us_east_1" } } },
        },
      },
      () => pricer,
    );
    expect(stack.region).toBe("ap-northeast-2");
    expect(stack.notes).toEqual([
      "priced at ap-northeast-2 rates, though placed in another region: aws_kms_key.edge → us-east-1",
    ]);
  });
});

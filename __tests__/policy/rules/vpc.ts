import { PolicyRule, stackJson } from "../rule";

const flowLogs: PolicyRule = {
  name: "vpc-flow-logs",
  check: (stack) =>
    stack
      .resources("aws_vpc")
      .filter((vpc) => stack.attachedTo(vpc, "aws_flow_log", "vpc_id").length === 0)
      .map((vpc) => ({
        address: vpc.address,
        why: "no aws_flow_log with vpc_id referencing it: traffic cannot be investigated after an incident",
      })),
  examples: {
    violating: [
      {
        description: "VPC alone",
        json: stackJson({ aws_vpc: { v: { cidr_block: "10.0.0.0/16" } } }),
        flags: ["aws_vpc.v"],
      },
      {
        description: "flow log of another VPC",
        json: stackJson({
          aws_vpc: { a: { cidr_block: "10.0.0.0/16" }, b: { cidr_block: "10.1.0.0/16" } },
          aws_flow_log: { f: { vpc_id: "${aws_vpc.a.id}", traffic_type: "ALL" } },
        }),
        flags: ["aws_vpc.b"],
      },
    ],
    passing: [
      {
        description: "flow log by reference",
        json: stackJson({
          aws_vpc: { v: { cidr_block: "10.0.0.0/16" } },
          aws_flow_log: { f: { vpc_id: "${aws_vpc.v.id}", traffic_type: "ALL" } },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [flowLogs];

import { singleBlock } from "../policy-stack";
import { PolicyRule, stackJson } from "../rule";

/** A rule that every aws_dynamodb_table has `block.enabled = true`. */
function tableBlockEnabled(name: string, block: string, why: string): PolicyRule {
  return {
    name,
    check: (stack) =>
      stack
        .resources("aws_dynamodb_table")
        .filter((table) => singleBlock(table.config[block])?.enabled !== true)
        .map((table) => ({ address: table.address, why })),
    examples: {
      violating: [
        {
          description: "block absent",
          json: stackJson({ aws_dynamodb_table: { t: { name: "t" } } }),
          flags: ["aws_dynamodb_table.t"],
        },
        {
          description: "block disabled",
          json: stackJson({ aws_dynamodb_table: { t: { name: "t", [block]: { enabled: false } } } }),
          flags: ["aws_dynamodb_table.t"],
        },
      ],
      passing: [
        {
          description: "block enabled",
          json: stackJson({ aws_dynamodb_table: { t: { name: "t", [block]: { enabled: true } } } }),
        },
        {
          description: "block as a list of one",
          json: stackJson({ aws_dynamodb_table: { t: { name: "t", [block]: [{ enabled: true }] } } }),
        },
      ],
    },
  };
}

export const rules: PolicyRule[] = [
  tableBlockEnabled(
    "dynamodb-table-point-in-time-recovery",
    "point_in_time_recovery",
    "point_in_time_recovery is not enabled: a bad write or delete cannot be rolled back",
  ),
  tableBlockEnabled(
    "dynamodb-table-encrypted",
    "server_side_encryption",
    "server_side_encryption is not enabled: the table uses an AWS owned key no one here can audit or revoke",
  ),
];

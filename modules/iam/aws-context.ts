import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";

/**
 * The partition, region and account a stack deploys into, as Terraform references: ARNs built from
 * them are exact in every partition (aws, aws-cn, aws-us-gov) instead of `arn:aws:...:*:*`. One set of
 * data sources per stack, however many constructs ask.
 */
export interface AwsContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

const contexts = new WeakMap<TerraformStack, AwsContext>();

export function awsContextOf(scope: Construct): AwsContext {
  const stack = TerraformStack.of(scope);
  let context = contexts.get(stack);
  if (!context) {
    const holder = new Construct(stack, "aws-context");
    context = {
      partition: new DataAwsPartition(holder, "partition").partition,
      region: new DataAwsRegion(holder, "region").name,
      accountId: new DataAwsCallerIdentity(holder, "account").accountId,
    };
    contexts.set(stack, context);
  }
  return context;
}

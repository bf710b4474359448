import { SynthesizedStack } from "./synth-app";

/** The one backend block of a synthesized stack, e.g. { type: "s3", config: { bucket, key, ... } }. */
export interface Backend {
  readonly type: string;
  readonly config: Record<string, unknown>;
}

export function backendOf(stack: SynthesizedStack): Backend {
  const backends = (stack.synth.json.terraform?.backend ?? {}) as Record<string, Record<string, unknown>>;
  const entries = Object.entries(backends);
  if (entries.length !== 1)
    throw new Error(`${stack.name}: expected one backend block, found ${entries.length}`);
  const [type, config] = entries[0]!;
  return { type, config };
}

/** The account the stack's provider is locked to (`allowed_account_ids`); the emulator acts as it. */
export function accountIdOf(stack: SynthesizedStack): string {
  const providers = (stack.synth.json.provider?.aws ?? []) as Record<string, unknown>[];
  const ids = new Set(providers.flatMap((p) => (p.allowed_account_ids as string[] | undefined) ?? []));
  if (ids.size !== 1)
    throw new Error(
      `${stack.name}: expected its aws providers to allow exactly one account, found [${[...ids].join(", ")}]`,
    );
  return [...ids][0]!;
}

/**
 * The stack whose resources create what `stack`'s S3 backend needs (its bucket, and its DynamoDB
 * lock table when it locks with one), with the Terraform addresses of those resources. Undefined
 * for a stack without an S3 backend. Found by value, not by naming convention, so any stack layout
 * works as long as some stack creates the backend.
 */
export function backendCreatorOf(
  stack: SynthesizedStack,
  all: readonly SynthesizedStack[],
): { creator: SynthesizedStack; addresses: string[] } | undefined {
  const backend = backendOf(stack);
  if (backend.type !== "s3") return undefined;
  for (const candidate of all) {
    const bucket = addressWhere(candidate, "aws_s3_bucket", "bucket", backend.config.bucket);
    if (!bucket) continue;
    const addresses = [bucket];
    if (backend.config.dynamodb_table !== undefined) {
      const table = addressWhere(candidate, "aws_dynamodb_table", "name", backend.config.dynamodb_table);
      if (!table)
        throw new Error(
          `${candidate.name} creates ${String(backend.config.bucket)} but no lock table ${String(backend.config.dynamodb_table)}`,
        );
      addresses.push(table);
    }
    return { creator: candidate, addresses };
  }
  throw new Error(`${stack.name}: no stack creates its state bucket ${String(backend.config.bucket)}`);
}

function addressWhere(
  stack: SynthesizedStack,
  type: string,
  attribute: string,
  value: unknown,
): string | undefined {
  const name = Object.entries(stack.synth.resources(type)).find(([, r]) => r[attribute] === value)?.[0];
  return name ? `${type}.${name}` : undefined;
}

/**
 * The stacks whose state `stack` reads (`terraform_remote_state` on S3, e.g. network-<env>), found by
 * their backend's bucket and key: they must be applied before `stack` can plan.
 */
export function remoteStateProducersOf(
  stack: SynthesizedStack,
  all: readonly SynthesizedStack[],
): SynthesizedStack[] {
  const states = Object.values(
    (stack.synth.json.data?.terraform_remote_state ?? {}) as Record<
      string,
      { config?: Record<string, unknown> }
    >,
  );
  return states.map(({ config }) => {
    const producer = all.find((candidate) => {
      const backend = backendOf(candidate);
      return (
        backend.type === "s3" &&
        backend.config.bucket === config?.bucket &&
        backend.config.key === config?.key
      );
    });
    if (!producer)
      throw new Error(
        `${stack.name}: reads the state s3://${String(config?.bucket)}/${String(config?.key)}, which no stack writes`,
      );
    return producer;
  });
}

import { blockList, singleBlock } from "../policy-stack";
import { PolicyRule, stackJson } from "../rule";

const KMS_TYPES = ["KMS", "KMS_DSSE"];

const scanOnPush: PolicyRule = {
  name: "ecr-scan-on-push",
  check: (stack) =>
    stack
      .resources("aws_ecr_repository")
      .filter((repo) => {
        const scan = singleBlock(repo.config.image_scanning_configuration)?.scan_on_push;
        return scan !== true && scan !== "true";
      })
      .map((repo) => ({
        address: repo.address,
        why: "image_scanning_configuration.scan_on_push is not true: pushed images are never checked for known CVEs (use EcrRepository)",
      })),
  examples: {
    violating: [
      {
        description: "no scanning block",
        json: stackJson({ aws_ecr_repository: { r: { name: "r" } } }),
        flags: ["aws_ecr_repository.r"],
      },
      {
        description: "scan_on_push false",
        json: stackJson({
          aws_ecr_repository: { r: { name: "r", image_scanning_configuration: { scan_on_push: false } } },
        }),
        flags: ["aws_ecr_repository.r"],
      },
    ],
    passing: [
      {
        description: "scan_on_push true",
        json: stackJson({
          aws_ecr_repository: { r: { name: "r", image_scanning_configuration: { scan_on_push: true } } },
        }),
      },
      {
        description: "scan_on_push true, block as a list of one",
        json: stackJson({
          aws_ecr_repository: { r: { name: "r", image_scanning_configuration: [{ scan_on_push: true }] } },
        }),
      },
    ],
  },
};

const encrypted: PolicyRule = {
  name: "ecr-encryption-configured",
  check: (stack) =>
    stack.resources("aws_ecr_repository").flatMap((repo) => {
      const blocks = blockList(repo.config.encryption_configuration);
      if (blocks.length === 0) {
        return [
          {
            address: repo.address,
            why: "no encryption_configuration: images get ECR's default AES256, not a KMS key whose use CloudTrail records (use EcrRepository)",
          },
        ];
      }
      const type = blocks[0]!.encryption_type;
      return typeof type === "string" && KMS_TYPES.includes(type)
        ? []
        : [
            {
              address: repo.address,
              why: `encryption_configuration.encryption_type is ${JSON.stringify(type ?? null)}, not "KMS"`,
            },
          ];
    }),
  examples: {
    violating: [
      {
        description: "no encryption block",
        json: stackJson({ aws_ecr_repository: { r: { name: "r" } } }),
        flags: ["aws_ecr_repository.r"],
      },
      {
        description: "AES256 instead of KMS",
        json: stackJson({
          aws_ecr_repository: { r: { name: "r", encryption_configuration: [{ encryption_type: "AES256" }] } },
        }),
        flags: ["aws_ecr_repository.r"],
      },
      {
        description: "a block without encryption_type (defaults to AES256)",
        json: stackJson({ aws_ecr_repository: { r: { name: "r", encryption_configuration: [{}] } } }),
        flags: ["aws_ecr_repository.r"],
      },
    ],
    passing: [
      {
        description: "KMS with the AWS managed key",
        json: stackJson({
          aws_ecr_repository: { r: { name: "r", encryption_configuration: [{ encryption_type: "KMS" }] } },
        }),
      },
      {
        description: "KMS with a customer managed key, block as an object",
        json: stackJson({
          aws_ecr_repository: {
            r: {
              name: "r",
              encryption_configuration: { encryption_type: "KMS", kms_key: "${aws_kms_key.k.arn}" },
            },
          },
        }),
      },
    ],
  },
};

export const rules: PolicyRule[] = [scanOnPush, encrypted];

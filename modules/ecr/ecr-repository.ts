import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository as AwsEcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { IGrantable } from "../iam/role";
import { IMAGE_TAG, IMAGE_TAG_EXPECTED } from "./image-tag";

export interface EcrRepositoryProps {
  /** Repository name, e.g. "erp-mes/api": lowercase, digits, ".", "_", "-" and "/" separators. */
  readonly name: string;
  /** IMMUTABLE refuses to move a tag to another image, so a deployed tag always means one image. @default "IMMUTABLE" */
  readonly imageTagMutability?: "IMMUTABLE" | "MUTABLE";
  /** Customer managed KMS key for image encryption. @default the AWS managed aws/ecr key (encryption type KMS) */
  readonly kmsKeyArn?: string;
  /** Let `terraform destroy` delete a repository that still holds images. @default false */
  readonly forceDelete?: boolean;
  /**
   * Tag prefixes that each get a "keep the last `keepTaggedImages`" rule, e.g. ["release-", "main-"].
   * Images whose tags match none of them are never expired. With none, one rule keeps the last
   * `keepTaggedImages` tagged images whatever their tag.
   * @default []
   */
  readonly tagPrefixes?: readonly string[];
  /** Images kept per tag prefix (or overall when there are no prefixes). @default 20 */
  readonly keepTaggedImages?: number;
  /** Days after push before an untagged image expires. @default 7 */
  readonly untaggedExpiryDays?: number;
}

/** One rule of an ECR lifecycle policy, as the ECR JSON format spells it. */
export interface EcrLifecycleRule {
  readonly rulePriority: number;
  readonly description: string;
  readonly selection: {
    readonly tagStatus: "tagged" | "untagged" | "any";
    readonly tagPrefixList?: string[];
    readonly tagPatternList?: string[];
    readonly countType: "imageCountMoreThan" | "sinceImagePushed";
    readonly countUnit?: "days";
    readonly countNumber: number;
  };
  readonly action: { readonly type: "expire" };
}

const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export { IMAGE_TAG, IMAGE_TAG_EXPECTED } from "./image-tag";

const TAG_PREFIX = IMAGE_TAG;
const TAG = IMAGE_TAG;

/**
 * The lifecycle rules EcrRepository renders: untagged images expire first (priority 1), then one
 * keep-last-N rule per tag prefix in the order given (priority 2, 3, ...), or a single keep-last-N rule
 * over every tagged image when there are no prefixes.
 */
export function ecrLifecycleRules(options: {
  readonly tagPrefixes: readonly string[];
  readonly keepTaggedImages: number;
  readonly untaggedExpiryDays: number;
}): EcrLifecycleRule[] {
  const { keepTaggedImages, untaggedExpiryDays } = options;
  const rules: EcrLifecycleRule[] = [
    {
      rulePriority: 1,
      description: `Expire untagged images ${untaggedExpiryDays} days after push`,
      selection: {
        tagStatus: "untagged",
        countType: "sinceImagePushed",
        countUnit: "days",
        countNumber: untaggedExpiryDays,
      },
      action: { type: "expire" },
    },
  ];
  if (options.tagPrefixes.length === 0) {
    rules.push({
      rulePriority: 2,
      description: `Keep the last ${keepTaggedImages} tagged images`,
      selection: {
        tagStatus: "tagged",
        tagPatternList: ["*"],
        countType: "imageCountMoreThan",
        countNumber: keepTaggedImages,
      },
      action: { type: "expire" },
    });
  }
  options.tagPrefixes.forEach((prefix, index) => {
    rules.push({
      rulePriority: index + 2,
      description: `Keep the last ${keepTaggedImages} images tagged ${prefix}*`,
      selection: {
        tagStatus: "tagged",
        tagPrefixList: [prefix],
        countType: "imageCountMoreThan",
        countNumber: keepTaggedImages,
      },
      action: { type: "expire" },
    });
  });
  return rules;
}

/**
 * A private ECR repository: scan on push, KMS encryption, immutable tags by default, and a lifecycle
 * policy that expires untagged images and keeps the last N images per tag prefix.
 */
export class EcrRepository extends Construct {
  public readonly repositoryName: string;
  public readonly repositoryArn: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>` */
  public readonly repositoryUrl: string;
  /** The lifecycle policy document (JSON) attached to the repository. */
  public readonly lifecyclePolicy: string;

  constructor(scope: Construct, id: string, props: EcrRepositoryProps) {
    super(scope, id);
    const tagPrefixes = [...(props.tagPrefixes ?? [])];
    const keepTaggedImages = props.keepTaggedImages ?? 20;
    const untaggedExpiryDays = props.untaggedExpiryDays ?? 7;
    this.validate(props, tagPrefixes, keepTaggedImages, untaggedExpiryDays);

    const repository = new AwsEcrRepository(this, "repository", {
      name: props.name,
      imageTagMutability: props.imageTagMutability ?? "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [
        { encryptionType: "KMS", ...(props.kmsKeyArn ? { kmsKey: props.kmsKeyArn } : {}) },
      ],
      forceDelete: props.forceDelete ?? false,
    });
    this.lifecyclePolicy = JSON.stringify({
      rules: ecrLifecycleRules({ tagPrefixes, keepTaggedImages, untaggedExpiryDays }),
    });
    new EcrLifecyclePolicy(this, "lifecycle-policy", {
      repository: repository.name,
      policy: this.lifecyclePolicy,
    });
    this.repositoryName = repository.name;
    this.repositoryArn = repository.arn;
    this.repositoryUrl = repository.repositoryUrl;
  }

  /** `<repositoryUrl>:<tag>`, the image reference a task definition pulls. */
  imageUri(tag: string): string {
    if (!Token.isUnresolved(tag) && !TAG.test(tag)) {
      throw new Error(`${this.node.path}: image tag must be ${IMAGE_TAG_EXPECTED}, got "${tag}"`);
    }
    return `${this.repositoryUrl}:${tag}`;
  }

  /**
   * Lets `grantee` push images to this repository and no other: the layer upload and PutImage
   * actions on its ARN (BatchGetImage too, which `docker push` uses to check for an existing
   * manifest), and ecr:GetAuthorizationToken, which ECR only grants on "*" and which gives no
   * repository access by itself. No delete, no tag or policy changes. Statement ids are `<sid>Auth`
   * and `<sid>`: pass another `sid` to grant one role a second repository.
   */
  grantPush(grantee: IGrantable, sid = "PushImage"): void {
    grantee.addToPolicy({
      Sid: `${sid}Auth`,
      Effect: "Allow",
      Action: "ecr:GetAuthorizationToken",
      Resource: "*",
    });
    grantee.addToPolicy({
      Sid: sid,
      Effect: "Allow",
      Action: [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:CompleteLayerUpload",
        "ecr:InitiateLayerUpload",
        "ecr:PutImage",
        "ecr:UploadLayerPart",
      ],
      Resource: this.repositoryArn,
    });
  }

  private validate(
    props: EcrRepositoryProps,
    tagPrefixes: string[],
    keep: number,
    untaggedDays: number,
  ): void {
    const path = this.node.path;
    if (
      !Token.isUnresolved(props.name) &&
      (props.name.length < 2 || props.name.length > 256 || !REPOSITORY_NAME.test(props.name))
    ) {
      throw new Error(
        `${path}: name must be 2-256 lowercase letters and digits, separated by single ".", "_", "-" or "/" (e.g. "erp-mes/api"), got "${props.name}"`,
      );
    }
    if (
      props.imageTagMutability !== undefined &&
      !["IMMUTABLE", "MUTABLE"].includes(props.imageTagMutability)
    ) {
      throw new Error(
        `${path}: imageTagMutability must be "IMMUTABLE" or "MUTABLE", got "${props.imageTagMutability}"`,
      );
    }
    if (
      props.kmsKeyArn !== undefined &&
      !Token.isUnresolved(props.kmsKeyArn) &&
      !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/.test(props.kmsKeyArn)
    ) {
      throw new Error(
        `${path}: kmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got "${props.kmsKeyArn}"`,
      );
    }
    if (!Number.isInteger(keep) || keep < 1) {
      throw new Error(`${path}: keepTaggedImages must be a whole number >= 1, got ${keep}`);
    }
    if (!Number.isInteger(untaggedDays) || untaggedDays < 1) {
      throw new Error(`${path}: untaggedExpiryDays must be a whole number of days >= 1, got ${untaggedDays}`);
    }
    const seen = new Set<string>();
    for (const prefix of tagPrefixes) {
      if (!TAG_PREFIX.test(prefix)) {
        throw new Error(
          `${path}: tag prefix "${prefix}" must be 1-128 letters, digits, "_", "." or "-", not starting with "." or "-"`,
        );
      }
      if (seen.has(prefix))
        throw new Error(`${path}: tag prefix "${prefix}" is listed twice; list each prefix once`);
      const shadowing = [...seen].find((earlier) => prefix.startsWith(earlier));
      if (shadowing !== undefined) {
        throw new Error(
          `${path}: tag prefix "${prefix}" comes after "${shadowing}", whose rule already claims its images; list "${prefix}" first`,
        );
      }
      seen.add(prefix);
    }
  }
}

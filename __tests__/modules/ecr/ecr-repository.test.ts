import { TerraformOutput } from "cdktf";
import { SynthesizedJson, synthScope } from "../../harness/synth-scope";
import { EcrLifecycleRule, EcrRepository, EcrRepositoryProps } from "../../../modules/ecr/ecr-repository";
import { ref } from "../refs";

const BASE: EcrRepositoryProps = { name: "acme/erp-api" };

function build(
  overrides: Partial<EcrRepositoryProps> = {},
  tag = "v1.2.3",
): { synth: SynthesizedJson; repo: EcrRepository } {
  let repo: EcrRepository | undefined;
  const synth = synthScope((scope) => {
    repo = new EcrRepository(scope, "repo", { ...BASE, ...overrides });
    new TerraformOutput(scope, "repositoryName", { value: repo.repositoryName });
    new TerraformOutput(scope, "repositoryArn", { value: repo.repositoryArn });
    new TerraformOutput(scope, "repositoryUrl", { value: repo.repositoryUrl });
    new TerraformOutput(scope, "imageUri", { value: repo.imageUri(tag) });
  });
  return { synth, repo: repo! };
}

function lifecycleRules(synth: SynthesizedJson): EcrLifecycleRule[] {
  return (
    JSON.parse(synth.only("aws_ecr_lifecycle_policy").policy as string) as { rules: EcrLifecycleRule[] }
  ).rules;
}

describe("EcrRepository", () => {
  describe("defaults", () => {
    const { synth, repo } = build();
    const repoName = Object.keys(synth.resources("aws_ecr_repository"))[0]!;

    it("scans on push, keeps tags immutable, encrypts with KMS and refuses force-delete", () => {
      expect(synth.only("aws_ecr_repository")).toEqual({
        name: "acme/erp-api",
        image_tag_mutability: "IMMUTABLE",
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: "KMS" }],
        force_delete: false,
      });
    });

    it("attaches the lifecycle policy to the repository", () => {
      const policy = synth.only("aws_ecr_lifecycle_policy");
      expect(policy.repository).toBe(ref("aws_ecr_repository", repoName, "name"));
      expect(JSON.parse(policy.policy as string)).toEqual(JSON.parse(repo.lifecyclePolicy));
    });

    it("expires untagged images after 7 days, then keeps the last 20 tagged images of any tag", () => {
      expect(lifecycleRules(synth)).toEqual([
        {
          rulePriority: 1,
          description: "Expire untagged images 7 days after push",
          selection: {
            tagStatus: "untagged",
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 7,
          },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: "Keep the last 20 tagged images",
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["*"],
            countType: "imageCountMoreThan",
            countNumber: 20,
          },
          action: { type: "expire" },
        },
      ]);
    });

    it("exposes the repository's name, ARN, URL and image URIs", () => {
      expect(synth.output("repositoryName")?.value).toBe(ref("aws_ecr_repository", repoName, "name"));
      expect(synth.output("repositoryArn")?.value).toBe(ref("aws_ecr_repository", repoName, "arn"));
      expect(synth.output("repositoryUrl")?.value).toBe(
        ref("aws_ecr_repository", repoName, "repository_url"),
      );
      expect(synth.output("imageUri")?.value).toBe(
        `${ref("aws_ecr_repository", repoName, "repository_url")}:v1.2.3`,
      );
    });
  });

  describe("lifecycle with tag prefixes", () => {
    const { synth } = build({
      tagPrefixes: ["release-", "main-"],
      keepTaggedImages: 5,
      untaggedExpiryDays: 3,
    });
    const rules = lifecycleRules(synth);

    it("puts the untagged expiry first, then one keep-last-N rule per prefix in order", () => {
      expect(rules.map((r) => r.rulePriority)).toEqual([1, 2, 3]);
      expect(rules[0]!.selection).toEqual({
        tagStatus: "untagged",
        countType: "sinceImagePushed",
        countUnit: "days",
        countNumber: 3,
      });
      expect(rules.slice(1).map((r) => r.selection)).toEqual([
        { tagStatus: "tagged", tagPrefixList: ["release-"], countType: "imageCountMoreThan", countNumber: 5 },
        { tagStatus: "tagged", tagPrefixList: ["main-"], countType: "imageCountMoreThan", countNumber: 5 },
      ]);
    });

    it("writes rules the ECR format accepts: unique priorities, tagged rules name their tags, every action expires", () => {
      expect(new Set(rules.map((r) => r.rulePriority)).size).toBe(rules.length);
      for (const rule of rules) {
        expect(rule.action).toEqual({ type: "expire" });
        if (rule.selection.tagStatus === "tagged") {
          expect(
            (rule.selection.tagPrefixList ?? rule.selection.tagPatternList ?? []).length,
          ).toBeGreaterThan(0);
        }
        if (rule.selection.tagStatus === "untagged") {
          expect(rule.selection).not.toHaveProperty("tagPrefixList");
          expect(rule.selection).not.toHaveProperty("tagPatternList");
        }
        if (rule.selection.countType === "sinceImagePushed") expect(rule.selection.countUnit).toBe("days");
        else expect(rule.selection).not.toHaveProperty("countUnit");
      }
      expect(rules.some((r) => r.selection.tagStatus === "any")).toBe(false);
    });
  });

  describe("options", () => {
    it("uses a customer managed key when given", () => {
      const key = "arn:aws:kms:ap-northeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
      const { synth } = build({ kmsKeyArn: key });
      expect(synth.only("aws_ecr_repository").encryption_configuration).toEqual([
        { encryption_type: "KMS", kms_key: key },
      ]);
    });

    it("allows mutable tags and force-delete when asked", () => {
      const { synth } = build({ imageTagMutability: "MUTABLE", forceDelete: true });
      expect(synth.only("aws_ecr_repository")).toMatchObject({
        image_tag_mutability: "MUTABLE",
        force_delete: true,
      });
    });
  });

  describe("validation", () => {
    it.each<[string, Partial<EcrRepositoryProps>, string]>([
      [
        "an uppercase name",
        { name: "Acme/API" },
        'repo: name must be 2-256 lowercase letters and digits, separated by single ".", "_", "-" or "/" (e.g. "erp-mes/api"), got "Acme/API"',
      ],
      [
        "a name with a doubled separator",
        { name: "acme//api" },
        "repo: name must be 2-256 lowercase letters",
      ],
      ["a name ending in a separator", { name: "acme-" }, "repo: name must be 2-256 lowercase letters"],
      [
        "a mutability typo",
        { imageTagMutability: "immutable" as "IMMUTABLE" },
        'repo: imageTagMutability must be "IMMUTABLE" or "MUTABLE", got "immutable"',
      ],
      [
        "a KMS key that is not an ARN",
        { kmsKeyArn: "alias/ecr" },
        'repo: kmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got "alias/ecr"',
      ],
      [
        "keeping zero images",
        { keepTaggedImages: 0 },
        "repo: keepTaggedImages must be a whole number >= 1, got 0",
      ],
      [
        "keeping a fractional count",
        { keepTaggedImages: 2.5 },
        "repo: keepTaggedImages must be a whole number >= 1, got 2.5",
      ],
      [
        "a zero-day untagged expiry",
        { untaggedExpiryDays: 0 },
        "repo: untaggedExpiryDays must be a whole number of days >= 1, got 0",
      ],
      [
        "a prefix with a slash",
        { tagPrefixes: ["release/"] },
        'repo: tag prefix "release/" must be 1-128 letters, digits, "_", "." or "-", not starting with "." or "-"',
      ],
      ["a prefix with a wildcard", { tagPrefixes: ["v*"] }, 'repo: tag prefix "v*" must be 1-128 letters'],
      ["a prefix starting with a dot", { tagPrefixes: [".v"] }, 'repo: tag prefix ".v" must be'],
      ["an empty prefix", { tagPrefixes: [""] }, 'repo: tag prefix "" must be'],
      [
        "a duplicate prefix",
        { tagPrefixes: ["v", "v"] },
        'repo: tag prefix "v" is listed twice; list each prefix once',
      ],
      [
        "a prefix shadowed by an earlier one",
        { tagPrefixes: ["v", "v1"] },
        'repo: tag prefix "v1" comes after "v", whose rule already claims its images; list "v1" first',
      ],
    ])("rejects %s", (_what, overrides, message) => {
      expect(() => build(overrides)).toThrow(message);
    });

    it("accepts a longer prefix listed before its shorter one", () => {
      const { synth } = build({ tagPrefixes: ["v1", "v"] });
      expect(lifecycleRules(synth).map((r) => r.selection.tagPrefixList)).toEqual([undefined, ["v1"], ["v"]]);
    });

    it("rejects an invalid image tag in imageUri", () => {
      expect(() => build({}, "latest:1")).toThrow(
        'repo: image tag must be a Docker image tag: 1-128 letters, digits, "_", "." or "-", not starting with "." or "-", got "latest:1"',
      );
    });
  });
});

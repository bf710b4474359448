import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { inParallel, tailOf } from "../harness/process";
import { SynthesizedStack, synthApp } from "../harness/synth-app";
import { formatDiagnostics, TerraformCli } from "../harness/terraform-cli";
import { describeWithTools } from "../harness/tools";

/**
 * Every stack of every environment, exactly as `cdktf synth` writes it, is a valid Terraform
 * configuration for the pinned hashicorp/aws provider: `terraform validate` checks argument names,
 * types, required blocks and references against the provider schema, which synth alone does not.
 */
describeWithTools("terraform validate: every synthesized stack", ["terraform", "mirror"], (tools) => {
  let work: string;
  let stacks: SynthesizedStack[];
  let results: Map<string, string | undefined>;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "tf-validate-"));
    stacks = await synthApp({ outdir: path.join(work, "cdktf.out") });
    const terraform = new TerraformCli(tools.terraform, tools.mirror, work);
    // Two cores: two terraform processes at a time.
    const outcomes = await inParallel(stacks, 2, (stack) => validate(terraform, stack));
    results = new Map(stacks.map((s, i) => [s.name, outcomes[i]]));
  }, 10 * 60_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("synthesizes bootstrap-<env> for every environment", () => {
    expect(stacks.map((s) => s.name)).toEqual(
      expect.arrayContaining(["bootstrap-dev", "bootstrap-staging", "bootstrap-prod"]),
    );
  });

  it("validates every stack with zero errors", () => {
    const failures = [...results]
      .filter(([, problem]) => problem !== undefined)
      .map(([name, problem]) => `--- ${name} ---\n${problem}`);
    expect(failures).toEqual([]);
    expect(results.size).toBe(stacks.length);
  });
});

/** Undefined when valid; otherwise what went wrong, with terraform's diagnostics. */
async function validate(terraform: TerraformCli, stack: SynthesizedStack): Promise<string | undefined> {
  // -backend=false: validation needs the provider schema, not the state bucket.
  const init = await terraform.init(stack.dir, { backend: false });
  if (init.code !== 0) return `terraform init failed\n${tailOf(init)}`;
  const { result, output } = await terraform.validate(stack.dir);
  if (!output) return `terraform validate -json printed no JSON\n${tailOf(result)}`;
  if (!output.valid || output.error_count > 0 || result.code !== 0) {
    return `valid=${String(output.valid)}, ${output.error_count} error(s)\n${formatDiagnostics(output.diagnostics)}`;
  }
  return undefined;
}

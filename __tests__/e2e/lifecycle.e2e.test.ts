import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { LocalEmulator } from "../../scripts/local/local-emulator";
import { LocalEnvironment } from "../../scripts/local/local-environment";
import { inParallel, tailOf } from "../harness/process";
import { formatDiff, replanDiffs } from "../harness/replan-diff";
import { backendCreatorOf, remoteStateProducersOf } from "../harness/stack-facts";
import { SynthesizedStack } from "../harness/synth-app";
import { describeWithTools } from "../harness/tools";

const ENVIRONMENT = "dev";
const MINUTES = 60_000;

interface Row {
  stack: string;
  resources: number | string;
  applySeconds: string;
  replan: string;
  destroy: string;
}

/**
 * The dev environment's whole life against moto, through the same code as `npm run local`
 * (scripts/local/local-environment.ts: `npm run synth`, then the real cdktf CLI per stack), in the
 * order ops follow:
 * deploy bootstrap-dev (the state bucket and lock table, local state), then network-dev (the shared
 * VPC whose outputs the systems read), then every dev system stack into that backend; each must
 * re-plan with no changes (attribute by attribute, except the documented emulator gaps); then in
 * reverse each is torn down (protections lifted only by teardown_override.tf.json) and destroyed:
 * the systems, network-dev, and bootstrap-dev last because every other stack's state lives in its
 * bucket.
 */
describeWithTools(
  `e2e: cdktf deploy, no-change re-plan and destroy of every ${ENVIRONMENT} stack in moto`,
  ["terraform", "mirror", "moto", "cdktf"],
  (tools) => {
    let dir: string;
    let local: LocalEnvironment;
    let bootstrap: SynthesizedStack;
    /** Stacks whose state the systems read (network-dev). */
    let networks: SynthesizedStack[];
    let systems: SynthesizedStack[];
    const rows = new Map<string, Row>();
    /** Differences the allow-list explained, and the gaps behind them (printed after the table). */
    const allowed: string[] = [];
    const gapsSeen = new Set<string>();

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), "tf-e2e-"));
      ({ local } = await LocalEnvironment.open({ dir, tools }));
      const stacks = await local.synth(ENVIRONMENT);
      const creators = new Set(
        stacks
          .map((s) => backendCreatorOf(s, stacks)?.creator.name)
          .filter((n): n is string => n !== undefined),
      );
      if (creators.size !== 1)
        throw new Error(
          `expected one stack creating the ${ENVIRONMENT} state backend, found [${[...creators].join(", ")}]`,
        );
      bootstrap = stacks.find((s) => creators.has(s.name))!;
      networks = [...new Set(stacks.flatMap((s) => remoteStateProducersOf(s, stacks)))];
      systems = stacks.filter((s) => s !== bootstrap && !networks.includes(s));
      for (const s of stacks)
        rows.set(s.name, {
          stack: s.name,
          resources: "-",
          applySeconds: "-",
          replan: "-",
          destroy: "not run",
        });
    }, 10 * MINUTES);

    afterAll(async () => {
      printTable([...rows.values()], allowed, [...gapsSeen]);
      if (!dir) return;
      await LocalEmulator.stop(dir);
      if (process.env.KEEP_TF_WORK === "1") process.stderr.write(`KEEP_TF_WORK=1: kept ${dir}\n`);
      else rmSync(dir, { recursive: true, force: true });
    });

    it(`deploys ${"bootstrap-" + ENVIRONMENT} first and re-plans it with no changes`, async () => {
      const problems = await deployAndReplan(bootstrap);
      expect(problems).toEqual([]);
    });

    it(`deploys ${"network-" + ENVIRONMENT} next and re-plans it with no changes`, async () => {
      expect(rows.get(bootstrap.name)?.resources).toBeGreaterThan(0);
      expect(networks.map((s) => s.name)).toEqual([`network-${ENVIRONMENT}`]);
      const problems = (await inParallel(networks, 2, deployAndReplan)).flat();
      expect(problems).toEqual([]);
    });

    it(`deploys, re-plans with no changes and destroys every ${ENVIRONMENT} system stack`, async () => {
      for (const network of networks) expect(rows.get(network.name)?.resources).toBeGreaterThan(0);
      expect(systems.length).toBeGreaterThan(0);
      // Independent stacks (each has its own state key); two at a time on two cores.
      const problems = (
        await inParallel(systems, 2, async (stack) => {
          const deployed = await deployAndReplan(stack);
          // Destroy even after a failed deploy or re-plan: whatever was created must go.
          return [...deployed, ...(await teardown(stack))];
        })
      ).flat();
      expect(problems).toEqual([]);
    });

    it(`destroys ${"network-" + ENVIRONMENT} after the systems that run in it`, async () => {
      const problems = (await inParallel(networks, 2, teardown)).flat();
      expect(problems).toEqual([]);
    });

    it(`lifts ${"bootstrap-" + ENVIRONMENT}'s protections only through the test override and destroys it last`, async () => {
      expect(await teardown(bootstrap)).toEqual([]);
    });

    /** Problems found; empty when the deploy succeeded and the re-plan shows no unexplained change. */
    async function deployAndReplan(stack: SynthesizedStack): Promise<string[]> {
      const row = rows.get(stack.name)!;
      const env = local.envFor(stack);
      const { result: deploy, ignoredOnReplan: ignored } = await local.deploy(stack);
      row.applySeconds = deploy.seconds.toFixed(0);
      if (deploy.code !== 0) {
        row.replan = "not run";
        return [`${stack.name}: cdktf deploy failed\n${tailOf(deploy, 80)}`];
      }
      const state = await local.terraform.stateList(stack.dir, env);
      row.resources = state.addresses.filter((a) => !a.startsWith("data.")).length;

      const plan = await local.terraform.plan(stack.dir, "replan.tfplan", env);
      if (plan.code !== 0) {
        row.replan = "plan failed";
        return [`${stack.name}: re-plan failed\n${tailOf(plan)}`];
      }
      const shown = await local.terraform.showPlan(stack.dir, "replan.tfplan", env);
      if (!shown.plan) return [`${stack.name}: terraform show -json failed\n${tailOf(shown.result)}`];
      const diffs = replanDiffs(shown.plan);
      const unexpected = diffs.filter((d) => !d.gap);
      for (const d of diffs.filter((d) => d.gap)) {
        allowed.push(formatDiff(d, false));
        gapsSeen.add(`${d.gap!.resourceType}.${d.gap!.attribute}: ${d.gap!.motoBehaviour}`);
      }
      allowed.push(
        ...ignored.map((i) => `${i}: ignore_changes on re-plan (moto drops it, which forces a replacement)`),
      );
      row.replan = `${unexpected.length}${diffs.length > unexpected.length ? ` (+${diffs.length - unexpected.length} allowed)` : ""}`;
      return unexpected.length === 0
        ? []
        : [
            `${stack.name}: re-plan after deploy shows changes\n  ${unexpected.map((d) => formatDiff(d)).join("\n  ")}`,
          ];
    }

    async function teardown(stack: SynthesizedStack): Promise<string[]> {
      const row = rows.get(stack.name)!;
      const { lift, destroy, left } = await local.destroy(stack);
      if (lift && lift.code !== 0) {
        row.destroy = "lift failed";
        return [`${stack.name}: applying the teardown override failed\n${tailOf(lift)}`];
      }
      if (!destroy || destroy.code !== 0) {
        row.destroy = `FAILED (${destroy?.seconds.toFixed(0) ?? "-"} s)`;
        return [`${stack.name}: cdktf destroy failed\n${destroy ? tailOf(destroy, 80) : ""}`];
      }
      row.destroy = left.length === 0 ? `ok (${destroy.seconds.toFixed(0)} s)` : `left ${left.length}`;
      return left.length === 0 ? [] : [`${stack.name}: state not empty after destroy: ${left.join(", ")}`];
    }
  },
);

function printTable(rows: readonly Row[], allowed: readonly string[], gaps: readonly string[]): void {
  const header: Row = {
    stack: "stack",
    resources: "resources",
    applySeconds: "apply seconds",
    replan: "re-plan changes",
    destroy: "destroy result",
  };
  const cells = [header, ...rows].map((r) => [
    r.stack,
    String(r.resources),
    r.applySeconds,
    r.replan,
    r.destroy,
  ]);
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  const list = (title: string, items: readonly string[]) =>
    items.length > 0 ? `\n${title}:\n  ${items.join("\n  ")}\n` : "";
  process.stdout.write(
    `\n${line(cells[0]!)}\n${rule}\n${cells.slice(1).map(line).join("\n")}\n` +
      list("Re-plan differences explained by emulator gaps", allowed) +
      list("Emulator gaps behind them (__tests__/harness/replan-diff.ts EMULATOR_GAPS)", gaps),
  );
}

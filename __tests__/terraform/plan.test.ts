import * as path from "node:path";
import { ENVIRONMENTS, EnvironmentName } from "../../config/schema/environment";
import { EmulatorSession } from "../harness/emulator-session";
import { stacksOf } from "../harness/environments";
import { CommandResult, Limiter, tailOf } from "../harness/process";
import { accountIdOf, backendCreatorOf, backendOf, remoteStateProducersOf } from "../harness/stack-facts";
import { SynthesizedStack, synthApp } from "../harness/synth-app";
import { actionCounts, PlanJson } from "../harness/terraform-cli";
import { describeWithTools } from "../harness/tools";

const MINUTES = 60_000;

interface StackPlan {
  readonly stack: SynthesizedStack;
  /** Set when init, plan or show failed: the failing command's output. */
  readonly failure?: string;
  readonly plan?: PlanJson;
  readonly seconds: number;
}

interface EnvironmentRun {
  /** The backend creator's (bootstrap-<env>) targeted apply; undefined when no stack uses S3. */
  readonly bootstrap?: { stack: SynthesizedStack; addresses: string[]; apply: CommandResult };
  /** Stacks whose state the others read (network-<env>): applied in full, so their readers can plan. */
  readonly producers: { stack: SynthesizedStack; apply: CommandResult }[];
  readonly plans: StackPlan[];
}

/**
 * Every stack of every environment plans against moto with its real backend: bootstrap-<env> first
 * creates the state bucket and lock table (local state in a temp dir), network-<env> (whose outputs
 * the system stacks read as remote state) is applied into that bucket, then each other stack inits
 * its S3 backend in that bucket (locking with the table) and plans with the provider locked to the
 * environment's account. Catches what validate cannot: provider-side plan checks, data sources,
 * backend configuration, allowed_account_ids.
 */
describeWithTools("terraform plan against moto: every stack", ["terraform", "mirror", "moto"], (tools) => {
  let session: EmulatorSession;
  let stacks: SynthesizedStack[];
  const runs = new Map<EnvironmentName, Promise<EnvironmentRun>>();

  beforeAll(async () => {
    session = await EmulatorSession.open(tools, "tf-plan-");
    stacks = await synthApp({ outdir: path.join(session.work, "cdktf.out") });
    stacks.forEach((s) => session.writeOverrides(s));
    // Two cores: at most two terraform processes at a time, shared by the environments' pipelines.
    const limiter = new Limiter(2);
    for (const env of ENVIRONMENTS)
      runs.set(env, runEnvironment(session, limiter, stacksOf(stacks, env), stacks));
    // Settle here so a failure is reported by the tests below, not as an unhandled rejection.
    await Promise.allSettled(runs.values());
  }, 20 * MINUTES);

  afterAll(async () => {
    if (session) await session.close();
  });

  describe.each(ENVIRONMENTS.map((env) => [env]))("%s", (env) => {
    it(`bootstrap-${env} creates the state bucket and lock table in moto`, async () => {
      const run = await runs.get(env)!;
      expect(run.bootstrap).toBeDefined();
      const { apply, stack, addresses } = run.bootstrap!;
      if (apply.code !== 0)
        throw new Error(`apply of ${addresses.join(", ")} in ${stack.name} failed\n${tailOf(apply)}`);
      expect(apply.stdout).toMatch(new RegExp(`Apply complete! Resources: ${addresses.length} added`));
    });

    it(`applies network-${env}, the stack whose outputs the system stacks read`, async () => {
      const run = await runs.get(env)!;
      expect(run.producers.map((p) => p.stack.name)).toEqual([`network-${env}`]);
      for (const { stack, apply } of run.producers) {
        if (apply.code !== 0) throw new Error(`apply of ${stack.name} failed\n${tailOf(apply)}`);
        expect(apply.stdout).toMatch(/Apply complete! Resources: [1-9]\d* added, 0 changed, 0 destroyed/);
      }
    });

    it("plans every other stack with exit 0; system stacks create resources, bootstrap keeps what it made", async () => {
      const run = await runs.get(env)!;
      const problems: string[] = [];
      for (const { stack, failure, plan } of run.plans) {
        if (failure || !plan) {
          problems.push(`${stack.name}: ${failure ?? "no plan"}`);
          continue;
        }
        const counts = actionCounts(plan);
        const isCreator = stack.name === run.bootstrap?.stack.name;
        if (isCreator) {
          // The targeted resources exist: a plan must neither replace nor delete them.
          const touched = (plan.resource_changes ?? []).filter(
            (c) => run.bootstrap!.addresses.includes(c.address) && c.change.actions.join("+") !== "no-op",
          );
          if (touched.length > 0)
            problems.push(
              `${stack.name}: plans to change ${touched.map((c) => `${c.address} (${c.change.actions.join("+")})`).join(", ")}`,
            );
        } else {
          if ((counts.create ?? 0) === 0)
            problems.push(`${stack.name}: plan creates no resources (${JSON.stringify(counts)})`);
          const other = Object.keys(counts).filter((a) => a !== "create");
          if (other.length > 0)
            problems.push(
              `${stack.name}: a fresh environment should only create, plan has ${JSON.stringify(counts)}`,
            );
        }
      }
      expect(problems).toEqual([]);
      const producers = run.producers.map((p) => p.stack.name);
      expect(run.plans.map((p) => p.stack.name).sort()).toEqual(
        stacksOf(stacks, env)
          .map((s) => s.name)
          .filter((name) => !producers.includes(name))
          .sort(),
      );
    });
  });

  it(
    "refuses to plan with another environment's account (allowed_account_ids is enforced)",
    async () => {
      const [first, second] = ENVIRONMENTS;
      await runs.get(first);
      // A local-backend stack: its state does not depend on the (wrong) account's S3.
      const stack = stacksOf(stacks, first).find((s) => backendOf(s).type === "local")!;
      expect(stack).toBeDefined();
      const stranger = accountIdOf(stacksOf(stacks, second)[0]!);
      expect(stranger).not.toBe(accountIdOf(stack));
      const plan = await session.terraform.run(
        stack.dir,
        ["plan", "-input=false", "-lock=false", "-refresh=false"],
        session.moto.envFor(stranger),
      );
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain(`AWS account ID not allowed: ${stranger}`);
    },
    5 * MINUTES,
  );
});

async function runEnvironment(
  session: EmulatorSession,
  limiter: Limiter,
  envStacks: readonly SynthesizedStack[],
  all: readonly SynthesizedStack[],
): Promise<EnvironmentRun> {
  const creators = new Map(
    envStacks.map((s) => backendCreatorOf(s, all)).flatMap((c) => (c ? [[c.creator.name, c]] : [])),
  );
  if (creators.size > 1)
    throw new Error(
      `stacks of one environment use several state buckets: ${[...creators.keys()].join(", ")}`,
    );
  const creator = [...creators.values()][0];

  let bootstrap: EnvironmentRun["bootstrap"];
  if (creator) {
    const { creator: stack, addresses } = creator;
    const env = session.envFor(stack);
    // Only the bucket and the table: the full bootstrap apply waits >= 55 s on the provider's
    // lifecycle-configuration consistency check (10 equal reads 5 s apart, by design, also on AWS),
    // and the e2e suite applies and re-plans bootstrap in full anyway.
    const apply = await limiter.use(async () => {
      const init = await session.terraform.init(stack.dir, { backend: true }, env);
      if (init.code !== 0) return init;
      return session.terraform.apply(
        stack.dir,
        env,
        addresses.map((a) => `-target=${a}`),
      );
    });
    bootstrap = { stack, addresses, apply };
    if (apply.code !== 0) return { bootstrap, producers: [], plans: notPlanned(envStacks, "bootstrap") };
  }
  const producerStacks = [...new Set(envStacks.flatMap((s) => remoteStateProducersOf(s, all)))];
  const producers = await Promise.all(
    producerStacks.map(async (stack) => ({
      stack,
      apply: await limiter.use(async () => {
        const env = session.envFor(stack);
        const init = await session.terraform.init(stack.dir, { backend: true }, env);
        return init.code !== 0 ? init : session.terraform.apply(stack.dir, env);
      }),
    })),
  );
  const others = envStacks.filter((s) => !producerStacks.includes(s));
  const failed = producers.find((p) => p.apply.code !== 0);
  if (failed)
    return { ...(bootstrap ? { bootstrap } : {}), producers, plans: notPlanned(others, failed.stack.name) };
  const plans = await Promise.all(others.map((stack) => limiter.use(() => planStack(session, stack))));
  return { ...(bootstrap ? { bootstrap } : {}), producers, plans };
}

function notPlanned(stacks: readonly SynthesizedStack[], failed: string): StackPlan[] {
  return stacks.map((stack) => ({
    stack,
    failure: `not planned: the apply of ${failed} failed`,
    seconds: 0,
  }));
}

async function planStack(session: EmulatorSession, stack: SynthesizedStack): Promise<StackPlan> {
  const started = Date.now();
  const env = session.envFor(stack);
  const done = (rest: Omit<StackPlan, "stack" | "seconds">): StackPlan => ({
    stack,
    seconds: (Date.now() - started) / 1000,
    ...rest,
  });
  const init = await session.terraform.init(stack.dir, { backend: true }, env);
  if (init.code !== 0) return done({ failure: `terraform init failed\n${tailOf(init)}` });
  const plan = await session.terraform.plan(stack.dir, "tfplan", env);
  if (plan.code !== 0) return done({ failure: `terraform plan failed\n${tailOf(plan)}` });
  const shown = await session.terraform.showPlan(stack.dir, "tfplan", env);
  if (!shown.plan) return done({ failure: `terraform show -json failed\n${tailOf(shown.result)}` });
  process.stderr.write(
    `plan ${stack.name}: ${JSON.stringify(actionCounts(shown.plan))} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return done({ plan: shown.plan });
}

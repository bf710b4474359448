import { existsSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import { EmulatorSession } from "../harness/emulator-session";
import { CommandResult, run, tailOf } from "../harness/process";
import {
  ADOPT_IMPORT_FILE,
  AccountCheck,
  NOTHING_TO_ADOPT,
  StateJson,
  awsCli,
  checkAccount,
} from "../../scripts/state/adopt";
import { LockInfo, StateBackend, lockInfoFromOutput } from "../harness/state-backend";
import { LockingMode, lockingOf, synthFromConfigCopy, withLocking } from "../harness/state-config";
import { WatchedProcess, plain, stopAllWatched } from "../harness/state-process";
import { Runbook, bashArgs, parseRunbook, readmeText } from "../harness/state-runbook";
import { SynthesizedStack } from "../harness/synth-app";
import { describeWithTools, REPO_ROOT } from "../harness/tools";

const MINUTES = 60_000;
const NETWORK = "network-dev";
const BOOTSTRAP = "bootstrap-dev";
/**
 * The kill moment: right after the apply has printed this many "Creation complete" lines (of the 40
 * resources network-dev creates). By then IAM, the VPC, subnets and most route tables are done, and
 * security groups, endpoints, associations and routes are in flight: orphans of both kinds, finished
 * (their id in the killed run's log) and in flight (created, never printed).
 */
const KILL_AFTER_CREATIONS = 20;
/** When the runbook's waiting plan is started behind the first deploy (of its 40 creates). */
const QUEUE_AFTER_CREATIONS = 30;
/**
 * bootstrap-dev is applied only as far as the backend needs: the bucket with its versioning,
 * encryption, ownership, public access block and TLS-only policy, and the lock table. Its lifecycle
 * rule (noncurrent versions expire) waits ~55 s for moto and plays no part in the faults tried here,
 * nor does the GitHub OIDC provider.
 */
const BOOTSTRAP_TYPES = [
  "aws_s3_bucket",
  "aws_s3_bucket_versioning",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_policy",
  "aws_dynamodb_table",
];
/** A colleague's deploy started while the lock is held: the fault itself, not a runbook line. */
const SECOND_DEPLOY = 'terraform -chdir="$DIR" apply -auto-approve -lock-timeout=0s';
const APPLY = 'terraform -chdir="$DIR" apply -input=false -auto-approve';
const WHO_HOLDS = 'terraform -chdir="$DIR" plan -lock-timeout=0s';
const CLEAN_PLAN = 'terraform -chdir="$DIR" plan -detailed-exitcode';

interface Row {
  fault: string;
  printed: string;
  recovery: string;
  seconds: string;
}

interface Variant {
  readonly mode: LockingMode;
  readonly stack: SynthesizedStack;
  readonly backend: StateBackend;
}

/**
 * What happens to network-dev's state on a bad day, against moto, with terraform 1.11.4 driven the
 * way ops drive it: plain terraform in the synthesized directory, and the README runbooks' own lines
 * (parsed from README.md and run as written, so the runbooks are what was proven).
 *
 * 1. Lock contention under each locking mode (DynamoDB, the default; both; S3-native): while a deploy
 *    holds the lock, a second plan and a second deploy fail within seconds naming the holder (its lock
 *    ID as read from the backend), the holder completes, the state advances by exactly its writes,
 *    and the second plan then succeeds with nothing to change.
 * 2. An overwritten state object, outside terraform and through terraform, restored from the
 *    versioned bucket.
 * 3. An apply killed mid-way, by SIGKILL (stale locks, force-unlock, orphans adopted) and by SIGINT,
 *    re-applied to a clean plan with every object in moto exactly once.
 * 4. DynamoDB locking turned back on after a stretch of S3-native locking alone: a stale digest,
 *    which is deleted rather than the state restored.
 *
 * The locking modes come from config (state_backend.dynamodb_locking / s3_native_locking), each
 * synthesized from its own copy of config/, used in the order a migration takes (DynamoDB, both,
 * S3-native) on the one state key. Each interrupted deploy's recovery apply is also the lock holder
 * of its mode's contention check, which keeps the suite to one deploy per fault.
 */
// The runbooks use the aws CLI: without it the suite skips, or fails under CI=true, like a missing tool.
const AWS_CLI = onPath("aws") || process.env.CI === "true";
if (!AWS_CLI)
  process.stderr.write("[skipped] e2e state safety: the aws CLI is not on PATH (under CI=true this fails)\n");

(AWS_CLI ? describeWithTools : skippedSuite)(
  "e2e: state safety of network-dev (locks, interrupted deploys, restore) in moto",
  ["terraform", "mirror", "moto"],
  (tools) => {
    let session: EmulatorSession;
    let scratch: string;
    let bootstrap: SynthesizedStack;
    const variants = new Map<LockingMode, Variant>();
    const runbooks = new Map<string, Runbook>();
    const rows: Row[] = [];
    const checks: { scenario: string; check: AccountCheck }[] = [];

    beforeAll(async () => {
      if (!onPath("aws"))
        throw new Error("missing tools under CI=true: aws (the CLI the runbooks use) is not on PATH");
      const readme = readmeText();
      for (const name of ["lock", "interrupted", "overwritten"] as const)
        runbooks.set(name, parseRunbook(readme, name));
      session = await EmulatorSession.open(tools, "tf-state-safety-");
      scratch = path.join(session.work, "scratch");
      mkdirSync(scratch);
      await session.terraform.fillPluginCache();

      const committed = await synthFromConfigCopy({
        work: session.work,
        name: "dynamodb",
        env: "dev",
        stacks: [BOOTSTRAP, NETWORK],
      });
      const edited = await Promise.all(
        (["both", "s3-native"] as const).map(async (mode) => ({
          mode,
          stacks: await synthFromConfigCopy({
            work: session.work,
            name: mode,
            env: "dev",
            stacks: [NETWORK],
            edit: (t) => withLocking(t, mode),
          }),
        })),
      );
      bootstrap = committed.find((s) => s.name === BOOTSTRAP)!;
      for (const { mode, stacks } of [{ mode: "dynamodb" as const, stacks: committed }, ...edited]) {
        const stack = stacks.find((s) => s.name === NETWORK)!;
        // The committed config locks with DynamoDB (the default); the copies lock as they ask.
        expect(lockingOf(stack)).toBe(mode);
        variants.set(mode, { mode, stack, backend: new StateBackend(stack, envOf(stack)) });
      }
      for (const s of [bootstrap, ...[...variants.values()].map((v) => v.stack)]) session.writeOverrides(s);

      const env = session.envFor(bootstrap);
      const init = await session.terraform.init(bootstrap.dir, { backend: true }, env);
      if (init.code !== 0) throw new Error(`init ${BOOTSTRAP} failed\n${tailOf(init)}`);
      const targets = BOOTSTRAP_TYPES.flatMap((t) =>
        Object.keys(bootstrap.synth.resources(t)).map((n) => `-target=${t}.${n}`),
      );
      const apply = await session.terraform.apply(bootstrap.dir, env, targets);
      if (apply.code !== 0)
        throw new Error(`apply ${BOOTSTRAP} (backend resources) failed\n${tailOf(apply)}`);
      say(
        `${BOOTSTRAP}: backend resources applied (${targets.length} targets, ${apply.seconds.toFixed(0)} s)`,
      );

      const lock = runbooks.get("lock")!;
      for (const v of variants.values()) {
        const result = await line(lock, 'terraform -chdir="$DIR" init', v);
        if (result.code !== 0) throw new Error(`init ${v.mode} failed\n${tailOf(result)}`);
      }
    }, 10 * MINUTES);

    // A failed scenario must not leave its processes or its lock to the next one.
    afterEach(async () => {
      await stopAllWatched();
      for (const v of variants.values()) {
        const held = (await v.backend.dynamodbLock(v.backend.table)) ?? (await v.backend.lockFile());
        if (!held) continue;
        const unlock = await session.terraform.run(
          v.stack.dir,
          ["force-unlock", "-force", held.ID],
          envOf(v.stack),
        );
        say(`cleanup after a failure: force-unlock ${held.ID} [${v.mode}] exit ${String(unlock.code)}`);
      }
    });

    afterAll(async () => {
      await stopAllWatched();
      printTable(rows, checks);
      for (const v of variants.values()) v.backend.close();
      if (session) await session.close();
    });

    it("names in its runbooks the bucket, key and directory of the synthesized network-dev", () => {
      const v = variants.get("dynamodb")!;
      const vars = runbooks.get("overwritten")!.variables();
      expect({ B: vars.B, K: vars.K, T: vars.T }).toEqual({
        B: v.backend.bucket,
        K: v.backend.key,
        T: v.backend.table,
      });
      for (const r of runbooks.values()) expect(path.basename(r.variables().DIR ?? "")).toBe(NETWORK);
    });

    it("DynamoDB locking (the default): while a deploy holds the lock a second plan and deploy fail fast naming it; it completes; a queued plan then finds nothing to change", async () => {
      const v = variants.get("dynamodb")!;
      const outcome = await contend(v, watch(APPLY, v), { secondDeploy: true, queue: true });
      expect(outcome.holder.stdout).toContain("Apply complete! Resources: 40 added, 0 changed, 0 destroyed.");
      rows.push({ fault: "lock contention, DynamoDB lock", ...outcome.row });
    });

    it("restores a state object overwritten outside terraform by putting the previous version back (the DynamoDB digest refuses the bad one)", async () => {
      const v = variants.get("dynamodb")!;
      const book = runbooks.get("overwritten")!;
      const good = await latest(v);
      expect(await v.backend.digest()).toBe(good.md5);

      const wrong = session.localStateFile(bootstrap);
      const mistake = await run("aws", ["s3", "cp", wrong, `s3://${v.backend.bucket}/${v.backend.key}`], {
        cwd: scratch,
        env: envOf(v.stack),
        timeoutMs: MINUTES,
      });
      expect(mistake.code).toBe(0);
      const bad = (await v.backend.state())!;
      say(
        `fault: aws s3 cp ${path.basename(wrong)} s3://${v.backend.bucket}/${v.backend.key} (md5 ${bad.md5})`,
      );

      const detect = await session.terraform.run(
        v.stack.dir,
        ["plan", "-input=false", "-lock-timeout=0s"],
        envOf(v.stack),
      );
      const out = `${detect.stdout}${detect.stderr}`;
      expect(detect.code).toBe(1);
      expect(out).toContain("state data in S3 does not have the expected content");
      expect(out).toContain(`Calculated checksum: ${bad.md5}`);
      expect(out).toContain(`Stored checksum:     ${good.md5}`);
      say(
        `terraform plan: exit 1 after ${detect.seconds.toFixed(1)} s: "state data in S3 does not have the expected content" (calculated ${bad.md5}, stored ${good.md5})`,
      );

      const steps = await pickVersion(book, v, good.versionId);
      steps.push(await line(book, "aws s3api copy-object", v, { VERSION_ID: good.versionId }, scratch));
      expect(steps.at(-1)!.code).toBe(0);
      steps.push(await line(book, CLEAN_PLAN, v, {}, scratch));
      expectExit(steps.at(-1)!, 0);
      const restored = (await v.backend.state())!;
      expect(restored.md5).toBe(good.md5);
      expect(await v.backend.digest()).toBe(good.md5);
      rows.push({
        fault: "state overwritten outside terraform (aws s3 cp)",
        printed: `plan exit 1: state data in S3 does not have the expected content (digest ${good.md5.slice(0, 8)}…) after ${detect.seconds.toFixed(0)} s`,
        recovery: "list-object-versions, get-object, jq, copy-object ?versionId; plan exit 0",
        seconds: sum(steps),
      });
    });

    it("restores a state object overwritten through terraform by pushing the previous version with -force (terraform says why it needs it)", async () => {
      const v = variants.get("dynamodb")!;
      const book = runbooks.get("overwritten")!;
      const good = await latest(v);
      const wrong = session.localStateFile(bootstrap);
      const mistake = await session.terraform.run(
        v.stack.dir,
        ["state", "push", "-force", wrong],
        envOf(v.stack),
      );
      expect(mistake.code).toBe(0);
      const bad = (await v.backend.state())!;
      expect(await v.backend.digest()).toBe(bad.md5);
      say(
        `fault: terraform state push -force ${path.basename(wrong)} (serial ${bad.serial}, lineage ${bad.lineage})`,
      );

      const detect = await session.terraform.run(
        v.stack.dir,
        ["plan", "-input=false", "-lock-timeout=0s", "-detailed-exitcode"],
        envOf(v.stack),
      );
      expect(detect.code).toBe(2);
      const planLine = /Plan: .*/.exec(detect.stdout)?.[0] ?? "";
      expect(planLine).toMatch(/40 to add, 0 to change, [1-9]\d* to destroy/);
      say(
        `terraform plan: exit 2, "${planLine}" (${BOOTSTRAP}'s state bucket and lock table among the destroys)`,
      );

      const steps = await pickVersion(book, v, good.versionId);
      const unforced = await session.terraform.run(
        v.stack.dir,
        ["state", "push", path.join(scratch, "previous.tfstate")],
        envOf(v.stack),
      );
      expect(unforced.code).toBe(1);
      const refusal =
        /cannot import state with [^\n]*/.exec(`${unforced.stdout}${unforced.stderr}`)?.[0] ?? "";
      expect(refusal).toMatch(/cannot import state with (lineage|serial)/);
      say(`why -force: terraform state push previous.tfstate exits 1: "${refusal}"`);
      steps.push(await line(book, 'terraform -chdir="$DIR" state push -force', v, {}, scratch));
      expect(steps.at(-1)!.code).toBe(0);
      steps.push(await line(book, CLEAN_PLAN, v, {}, scratch));
      expectExit(steps.at(-1)!, 0);
      const restored = (await v.backend.state())!;
      expect({ lineage: restored.lineage, resources: restored.resources }).toEqual({
        lineage: good.lineage,
        resources: good.resources,
      });
      expect(await v.backend.digest()).toBe(restored.md5);
      // -force writes the older state as it is: the serial goes back below the bad one's.
      say(
        `restored: serial ${bad.serial} -> ${restored.serial}, lineage ${restored.lineage}, ${restored.resources} resources; digest updated`,
      );
      rows.push({
        fault: "state overwritten through terraform (state push -force)",
        printed: `plan exit 2: ${planLine}`,
        recovery:
          "list-object-versions, get-object, jq, state push -force (without: cannot import state with lineage ...); plan exit 0",
        seconds: sum(steps),
      });
    });

    it("SIGKILL mid-apply (both locks): the stale lock is found and force-unlocked by its ID, the orphans adopted, the re-apply converges with every object once; meanwhile a second plan and deploy fail fast", async () => {
      const v = variants.get("both")!;
      await destroy(v);
      const before = (await v.backend.state())!;
      const killed = await killMidApply(v, "SIGKILL");
      expect(killed.result.signal).toBe("SIGKILL");
      const after = (await v.backend.state())!;
      // Terraform persists at most every 20 s during an apply: on a quiet machine this one is killed
      // before the first periodic write; on a slow one a write may have come first. Either way the
      // state holds at most what had finished, and the recovery has to find the rest.
      expect(after.resources).toBeLessThanOrEqual(killed.completions);
      const persisted =
        after.serial === before.serial ? "nothing written" : `a periodic write kept ${after.resources}`;
      const dynamo = await v.backend.dynamodbLock();
      const file = await v.backend.lockFile();
      expect(dynamo?.ID).toBeDefined();
      expect(file?.ID).toBe(dynamo?.ID);
      say(
        `after SIGKILL: state serial ${before.serial} -> ${after.serial}, ${after.resources} resources (${persisted}); stale lock ${dynamo!.ID} in DynamoDB and in ${v.backend.key}.tflock`,
      );

      const book = runbooks.get("interrupted")!;
      const steps = [await line(book, WHO_HOLDS, v)];
      expect(steps[0]!.code).toBe(1);
      const info = lockInfoFromOutput(`${steps[0]!.stdout}${steps[0]!.stderr}`);
      expect(info).toMatchObject({ ID: dynamo!.ID, Operation: "OperationTypeApply", Who: dynamo!.Who });
      steps.push(await line(book, 'terraform -chdir="$DIR" force-unlock -force', v, { LOCK_ID: info!.ID }));
      expect(steps.at(-1)!.code).toBe(0);
      expect(steps.at(-1)!.stdout).toContain("Terraform state has been successfully unlocked!");
      expect({ dynamo: await v.backend.dynamodbLock(), file: await v.backend.lockFileExists() }).toEqual({
        dynamo: undefined,
        file: false,
      });

      const recovered = await recover(v, book, killed.completed, steps);
      expect(recovered.imported).toBeGreaterThan(0);
      rows.push({
        fault: `SIGKILL after ${killed.completions} of 40 creates (DynamoDB + S3 locks)`,
        printed: `killed (${persisted}); plan: Error acquiring the state lock, Lock Info ID ${info!.ID.slice(0, 8)}… = the stale lock`,
        recovery: `force-unlock -force <ID>; state adopt: ${recovered.imported} to import; apply; rm; plan exit 0`,
        seconds: sum(steps),
      });
      rows.push({ fault: "lock contention, DynamoDB + S3 locks", ...recovered.contention });
    });

    it("SIGINT mid-apply (S3-native lock): terraform stops gracefully, writes what it made and releases the lock; the re-apply converges with every object once; meanwhile a second plan fails fast", async () => {
      const v = variants.get("s3-native")!;
      await destroy(v);
      const before = (await v.backend.state())!;
      const interrupted = await killMidApply(v, "SIGINT");
      const out = `${interrupted.result.stdout}${interrupted.result.stderr}`;
      expect(interrupted.result.code).toBe(1);
      expect(out).toContain("Interrupt received.");
      expect(out).toContain("Gracefully shutting down...");
      expect(await v.backend.lockFileExists()).toBe(false);
      const after = (await v.backend.state())!;
      expect(after.serial).toBeGreaterThan(before.serial);
      const tainted = (after.text.match(/"status": "tainted"/g) ?? []).length;
      const canceled = (out.match(/context canceled/g) ?? []).length;
      say(
        `after SIGINT: exit 1, lock released, state serial ${before.serial} -> ${after.serial}: ${after.resources} resources, ${tainted} tainted (${canceled} "context canceled")`,
      );

      const book = runbooks.get("interrupted")!;
      // No lock to look for (the backend shows none): the runbook goes on with the adoption.
      const recovered = await recover(v, book, interrupted.completed, []);
      rows.push({
        fault: `SIGINT after ${interrupted.completions} of 40 creates (S3 lock)`,
        printed: `Interrupt received. ... Gracefully shutting down...; ${canceled} x context canceled; exit 1, lock released`,
        recovery: `state adopt: ${recovered.imported} to import; apply (replaces ${tainted} tainted); rm; plan exit 0`,
        seconds: sum(recovered.steps),
      });
      rows.push({ fault: "lock contention, S3-native lock", ...recovered.contention });
    });

    it("turning DynamoDB locking back on after S3-native alone meets a stale digest, which the runbook deletes (no restore)", async () => {
      // The last scenario locked with S3 alone; the committed config locks with DynamoDB again.
      const v = variants.get("dynamodb")!;
      const book = runbooks.get("overwritten")!;
      const current = (await v.backend.state())!;
      const stale = await v.backend.digest();
      expect(stale).toBeDefined();
      expect(stale).not.toBe(current.md5);
      const detect = await session.terraform.run(
        v.stack.dir,
        ["plan", "-input=false", "-lock-timeout=0s"],
        envOf(v.stack),
      );
      const out = `${detect.stdout}${detect.stderr}`;
      expect(detect.code).toBe(1);
      expect(out).toContain("state data in S3 does not have the expected content");
      expect(out).toContain(`Calculated checksum: ${current.md5}`);
      expect(out).toContain(`Stored checksum:     ${stale}`);
      say(
        `[dynamodb again] terraform plan: exit 1 after ${detect.seconds.toFixed(1)} s: the digest ${stale} predates the S3-only runs`,
      );

      const steps = [await line(book, "aws dynamodb delete-item", v, {}, scratch)];
      expect(steps[0]!.code).toBe(0);
      expect(await v.backend.digest()).toBeUndefined();
      steps.push(await line(book, CLEAN_PLAN, v, {}, scratch));
      expectExit(steps.at(-1)!, 0);
      expect((await v.backend.state())!.md5).toBe(current.md5);
      rows.push({
        fault: "DynamoDB locking back on after S3-native alone",
        printed: `plan exit 1: state data in S3 does not have the expected content (stale digest) after ${detect.seconds.toFixed(0)} s`,
        recovery: "delete-item <bucket>/<key>-md5 (no restore: the object is current); plan exit 0",
        seconds: sum(steps),
      });
    });

    // --- helpers (closures over the session) ---

    function envOf(stack: SynthesizedStack, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
      return session.terraform.env({
        ...session.envFor(stack),
        AWS_DEFAULT_REGION: backendRegion(stack),
        ...extra,
      });
    }

    function varsOf(v: Variant, extra: Record<string, string>): NodeJS.ProcessEnv {
      return envOf(v.stack, {
        DIR: v.stack.dir,
        B: v.backend.bucket,
        K: v.backend.key,
        ...(v.backend.table ? { T: v.backend.table } : {}),
        ...extra,
      });
    }

    /** Runs the runbook's line starting with `prefix`, its variables bound to this variant. */
    async function line(
      book: Runbook,
      prefix: string,
      v: Variant,
      vars: Record<string, string> = {},
      cwd = REPO_ROOT,
    ): Promise<CommandResult> {
      return runShell(book.command(prefix), v, vars, cwd);
    }

    async function runShell(
      command: string,
      v: Variant,
      vars: Record<string, string> = {},
      cwd = REPO_ROOT,
    ): Promise<CommandResult> {
      const result = await run("bash", bashArgs(command), {
        cwd,
        env: varsOf(v, vars),
        timeoutMs: 10 * MINUTES,
      });
      const shown = { ...result, stdout: plain(result.stdout), stderr: plain(result.stderr) };
      say(
        `$ ${command}   [${v.mode}] exit ${String(result.code)} in ${result.seconds.toFixed(1)} s${keyLine(shown)}`,
      );
      return shown;
    }

    function watch(command: string, v: Variant, vars: Record<string, string> = {}): WatchedProcess {
      say(`$ ${command}   [${v.mode}] started`);
      return new WatchedProcess(command, "bash", bashArgs(command), {
        cwd: REPO_ROOT,
        env: varsOf(v, vars),
        timeoutMs: 10 * MINUTES,
      });
    }

    async function latest(v: Variant) {
      const versions = await v.backend.versions();
      return { ...(await v.backend.state())!, versionId: versions[0]!.versionId };
    }

    /** The runbook's listing, fetch and check of the version to restore: the one below the bad one. */
    async function pickVersion(book: Runbook, v: Variant, expected: string): Promise<CommandResult[]> {
      const listed = await line(book, "aws s3api list-object-versions", v, {}, scratch);
      expect(listed.code).toBe(0);
      const ids = listed.stdout
        .trim()
        .split("\n")
        .map((l) => l.split(/\s+/)[0]!);
      expect(ids[1]).toBe(expected);
      const fetched = await line(book, "aws s3api get-object", v, { VERSION_ID: ids[1]! }, scratch);
      expect(fetched.code).toBe(0);
      const checked = await line(book, "jq ", v, {}, scratch);
      const summary = JSON.parse(checked.stdout) as { serial: number; lineage: string };
      const good = (await v.backend.state(expected))!;
      expect(summary).toMatchObject({ serial: good.serial, lineage: good.lineage });
      return [listed, fetched, checked];
    }

    async function destroy(v: Variant): Promise<void> {
      const result = await session.terraform.run(
        v.stack.dir,
        // The preparation, not the fault: no refresh, the state was just checked against moto.
        ["destroy", "-input=false", "-auto-approve", "-refresh=false"],
        envOf(v.stack),
        10 * MINUTES,
      );
      if (result.code !== 0) throw new Error(`destroy before the fault failed\n${tailOf(result)}`);
      say(
        `[${v.mode}] destroyed the last deploy (${result.seconds.toFixed(0)} s): the next apply has 40 creates`,
      );
    }

    /** Applies, and sends `signal` right after the KILL_AFTER_CREATIONS-th "Creation complete". */
    async function killMidApply(v: Variant, signal: NodeJS.Signals) {
      const apply = watch(APPLY, v);
      await apply.waitForLines(/: Creation complete after/, KILL_AFTER_CREATIONS);
      apply.signal(signal);
      const completions = apply.count(/: Creation complete after/);
      const result = await apply.done;
      const completed = apply
        .output()
        .map((l) => /^(\S+): Creation complete after/.exec(l)?.[1])
        .filter((a): a is string => a !== undefined);
      const inFlight = apply
        .output()
        .map((l) => /^(\S+): Creating\.\.\.$/.exec(l)?.[1])
        .filter((a): a is string => a !== undefined && !completed.includes(a));
      // The provider plugins must not outlive terraform (go-plugin ends them with their parent).
      const deadline = Date.now() + 10_000;
      while (apply.survivingChildren().length > 0 && Date.now() < deadline) await sleep(200);
      const survivors = apply.survivingChildren();
      for (const pid of survivors) process.kill(pid, "SIGKILL");
      expect(survivors).toEqual([]);
      say(
        `${signal} to terraform (pid ${apply.pid}) after ${completions} "Creation complete" lines: ended with ${String(result.code ?? result.signal)}, ${inFlight.length} creates in flight (${inFlight.map(short).join(", ")})`,
      );
      return { result, completions, completed };
    }

    /**
     * The interrupted runbook from the adoption on: adopt, re-apply (the lock holder of this mode's
     * contention check), remove the import file, plan -detailed-exitcode (which is also the refused
     * plan succeeding), then every object counted in moto.
     */
    async function recover(v: Variant, book: Runbook, completed: readonly string[], steps: CommandResult[]) {
      steps.push(await line(book, "npm run --silent state -- adopt", v));
      const adopt = steps.at(-1)!;
      expectExit(adopt, 0);
      const summary = /(\d+) to import, (\d+) to create/.exec(adopt.stdout);
      const imported = Number(summary?.[1] ?? NaN);
      const importLines = adopt.stdout.split("\n").filter((l) => l.startsWith("import  "));
      const found = importLines.map((l) => l.replace(/\s+\(by .*\)$/, ""));
      say(
        `npm run state -- adopt found: ${found.length === 0 ? "nothing to adopt" : `\n    ${found.join("\n    ")}`}`,
      );
      // Every object the interrupted run finished is adopted, unless the state has it or it cannot be duplicated.
      const adopted = new Set(importLines.map((l) => l.split(/\s+/)[1]));
      const inState = (await session.terraform.stateList(v.stack.dir, envOf(v.stack))).addresses;
      expect(
        completed.filter(
          (a) => !adopted.has(a) && !inState.includes(a) && !NOTHING_TO_ADOPT[a.split(".")[0]!],
        ),
      ).toEqual([]);
      expect(existsSync(path.join(v.stack.dir, ADOPT_IMPORT_FILE))).toBe(imported > 0);

      const holder = watch(book.command('terraform -chdir="$DIR" apply'), v, {
        TF_CLI_ARGS_apply: "-auto-approve",
      });
      const outcome = await contend(v, holder, { secondDeploy: v.mode === "both", queue: false });
      steps.push(outcome.holder);
      if (imported > 0)
        expect(outcome.holder.stdout).toContain(`Apply complete! Resources: ${imported} imported, `);
      steps.push(await line(book, "rm -f", v));
      // Both only read: the runbook's last plan, and the count of every object in moto.
      const [plan, check] = await Promise.all([line(book, CLEAN_PLAN, v), countInAccount(v)]);
      steps.push(plan);
      expectExit(plan, 0);
      say(`[${v.mode}] the refused plan, run again after the deploy: exit 0, no changes`);
      checks.push({ scenario: v.mode, check });
      say(
        `account (${check.commands.length} aws commands): ${check.problems.length === 0 ? "every tagged EC2 object is one the state names, every type as many as configured" : check.problems.join("; ")}`,
      );
      expect(check.problems).toEqual([]);
      return { imported, steps, contention: outcome.row };
    }

    async function countInAccount(v: Variant): Promise<AccountCheck> {
      const shown = await session.terraform.run(v.stack.dir, ["show", "-json"], envOf(v.stack));
      expect(shown.code).toBe(0);
      return checkAccount(JSON.parse(shown.stdout) as StateJson, v.stack.synth.json, (args) =>
        awsCli(args, envOf(v.stack)),
      );
    }

    async function contend(
      v: Variant,
      holder: WatchedProcess,
      options: { secondDeploy: boolean; queue: boolean },
    ) {
      const started: WatchedProcess[] = [holder];
      try {
        return await contendWhile(v, holder, options, started);
      } catch (error) {
        // Let what was started finish, so that the next scenario does not meet its lock.
        await Promise.all(started.map((p) => p.done));
        throw error;
      }
    }

    /**
     * While `holder` deploys: waits until it holds the mode's lock(s), runs the runbook's "who holds
     * it" plan (and a second deploy), optionally queues the runbook's waiting plan, then checks the
     * holder completed, the locks are gone and the state advanced by exactly the holder's writes.
     */
    async function contendWhile(
      v: Variant,
      holder: WatchedProcess,
      options: { secondDeploy: boolean; queue: boolean },
      started: WatchedProcess[],
    ) {
      const book = runbooks.get("lock")!;
      const versionsBefore = (await v.backend.versions()).length;
      const before = await v.backend.state();
      const held = await waitForLock(v, holder);
      say(`[${v.mode}] the deploy holds lock ${held.ID} (${held.Operation}, ${held.Who}, ${held.Created})`);

      const contenders = await Promise.all([
        line(book, WHO_HOLDS, v),
        ...(options.secondDeploy ? [runShell(SECOND_DEPLOY, v)] : []),
      ]);
      const refusedAt = Date.now();
      const exception = v.mode === "dynamodb" ? "ConditionalCheckFailedException" : "PreconditionFailed";
      for (const c of contenders) {
        const out = `${c.stdout}${c.stderr}`;
        expect(c.code).toBe(1);
        expect(out).toContain("Error acquiring the state lock");
        expect(out).toContain(exception);
        expect(lockInfoFromOutput(out)).toMatchObject({
          ID: held.ID,
          Who: held.Who,
          Operation: "OperationTypeApply",
        });
        expect(c.seconds).toBeLessThan(10);
      }
      // The refusals were contention: the holder was still at work when they came back.
      expect(holder.running).toBe(true);
      let queued: WatchedProcess | undefined;
      if (options.queue) {
        // Queued near the holder's end: terraform's lock retries back off (1 s doubling to 16 s),
        // so a plan queued at the start would idle up to 16 s after the lock is free.
        await holder.waitForLines(/: Creation complete after/, QUEUE_AFTER_CREATIONS);
        expect(holder.running).toBe(true);
        queued = watch(book.command('terraform -chdir="$DIR" plan -lock-timeout=10m'), v);
        started.push(queued);
      }
      const queuedAt = Date.now();
      const holderDone = await holder.done;
      expectExit(holderDone, 0);
      const waited = ((holderDone.endedAt - refusedAt) / 1000).toFixed(1);
      if (queued) {
        const queuedDone = await queued.done;
        expectExit(queuedDone, 0);
        expect(queuedDone.stdout).toContain("No changes. Your infrastructure matches the configuration.");
        expect(queuedDone.endedAt).toBeGreaterThan(holderDone.endedAt);
        say(
          `[${v.mode}] the deploy finished ${waited} s after the refusal; the plan queued ${((holderDone.endedAt - queuedAt) / 1000).toFixed(1)} s before its end finished ${((queuedDone.endedAt - holderDone.endedAt) / 1000).toFixed(1)} s after it: No changes`,
        );
      } else {
        say(`[${v.mode}] the deploy finished ${waited} s after the refusal`);
      }

      expect({ dynamo: await v.backend.dynamodbLock(), file: await v.backend.lockFileExists() }).toEqual({
        dynamo: undefined,
        file: false,
      });
      const after = (await v.backend.state())!;
      const written = (await v.backend.versions()).length - versionsBefore;
      expect(written).toBeGreaterThanOrEqual(1);
      expect(after.serial).toBe((before?.serial ?? 0) + written);
      if (before) expect(after.lineage).toBe(before.lineage);
      expect(after.resources).toBe(configuredCount(v.stack));
      say(
        `[${v.mode}] state serial ${before?.serial ?? "(none)"} -> ${after.serial}: ${written} write${written === 1 ? "" : "s"}, all the deploy's; ${after.resources} resources`,
      );
      const slowest = Math.max(...contenders.map((c) => c.seconds)).toFixed(1);
      return {
        holder: holderDone,
        row: {
          printed: `plan${options.secondDeploy ? " and apply" : ""} exit 1 in ≤ ${slowest} s: Error acquiring the state lock (${exception}), Lock Info ID = the holder's ${held.ID.slice(0, 8)}…`,
          recovery: options.queue
            ? "plan -lock-timeout=10m queued behind the holder, then No changes"
            : "the holder finished; the same plan then exit 0, No changes",
          seconds: waited,
        },
      };
    }

    /** The lock the deploy holds, read from the backend(s) this mode locks with, once present. */
    async function waitForLock(v: Variant, holder: WatchedProcess): Promise<LockInfo> {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && holder.running) {
        const dynamo = v.mode === "s3-native" ? undefined : await v.backend.dynamodbLock();
        const file = v.mode === "dynamodb" ? undefined : await v.backend.lockFile();
        const held = v.mode === "dynamodb" ? dynamo : v.mode === "s3-native" ? file : dynamo && file;
        if (held) {
          if (v.mode === "both") expect(file!.ID).toBe(dynamo!.ID);
          return held;
        }
        await sleep(100);
      }
      throw new Error(`[${v.mode}] the deploy never held the lock\n${holder.output().slice(-30).join("\n")}`);
    }
  },
);

function expectExit(result: CommandResult, code: number): void {
  expect({ code: result.code, tail: result.code === code ? "" : tailOf(result, 40) }).toEqual({
    code,
    tail: "",
  });
}

function configuredCount(stack: SynthesizedStack): number {
  return Object.values(stack.synth.json.resource ?? {}).reduce((n, r) => n + Object.keys(r).length, 0);
}

function backendRegion(stack: SynthesizedStack): string {
  const backend = (stack.synth.json.terraform?.backend as Record<string, Record<string, unknown>> | undefined)
    ?.s3;
  const provider = (stack.synth.json.provider?.aws as Record<string, unknown>[] | undefined)?.[0];
  return String(backend?.region ?? provider?.region ?? "");
}

/** The line of a command's output that says what terraform (or the tool) answered. */
function keyLine(result: CommandResult): string {
  const text = `${result.stdout}\n${result.stderr}`;
  const patterns = [
    /Error acquiring the state lock/,
    /Terraform state has been successfully unlocked!/,
    /\d+ to import, \d+ to create/,
    /Plan: .*/,
    /No changes\. Your infrastructure matches the configuration\./,
    /Apply complete! .*/,
    /Failed to [^\n]*/,
    /Error: [^\n]*/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return `: ${match[0]}`;
  }
  return "";
}

function sum(steps: readonly CommandResult[]): string {
  return steps.reduce((s, r) => s + r.seconds, 0).toFixed(1);
}

function short(address: string): string {
  return address.replace(/_[0-9A-F]{8}$/, "");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const SUITE_STARTED = Date.now();

function say(text: string): void {
  const at = ((Date.now() - SUITE_STARTED) / 1000).toFixed(0).padStart(3);
  process.stdout.write(`[state-safety ${at} s] ${text}\n`);
}

function skippedSuite(title: string): void {
  describe.skip(title, () => {
    it("needs the aws CLI", () => undefined);
  });
}

function onPath(program: string): boolean {
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .some((dir) => dir && existsSync(path.join(dir, program)));
}

function printTable(
  rows: readonly Row[],
  checks: readonly { scenario: string; check: AccountCheck }[],
): void {
  const header: Row = {
    fault: "fault",
    printed: "what terraform printed",
    recovery: "recovery",
    seconds: "recovery s",
  };
  const cells = [header, ...rows].map((r) => [r.fault, r.printed, r.recovery, r.seconds]);
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  const format = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  const counted = checks.map(
    ({ scenario, check }) =>
      `after the ${scenario} recovery (in moto/in state/configured): ${check.rows
        .filter((r) => r.inAccount !== undefined)
        .map((r) => `${r.types.replace(/aws_/g, "")} ${r.inAccount}/${r.inState}/${r.inConfig}`)
        .join(", ")}`,
  );
  process.stdout.write(
    `\n${format(cells[0]!)}\n${rule}\n${cells.slice(1).map(format).join("\n")}\n` +
      (counted.length > 0 ? `\n${counted.join("\n")}\n` : ""),
  );
}

import { rmSync } from "node:fs";
import * as path from "node:path";
import { findTool } from "../__tests__/harness/tools";
import { tailOf } from "../__tests__/harness/process";
import { SynthesizedStack } from "../__tests__/harness/synth-app";
import { LocalEmulator } from "./local/local-emulator";
import { LocalEnvironment, LocalError, LocalTools } from "./local/local-environment";

const USAGE = `usage: npm run local -- <command> [stack]

  deploy <stack>   start the emulator (or reuse the one this checkout started), deploy what the stack
                   needs first (bootstrap-<env>, network-<env>) unless already deployed, then the stack;
                   print its outputs
  plan <stack>     the same prerequisites, then terraform plan of the stack (exit 0 no changes, 2 changes)
  destroy <stack>  destroy the stack (its protections lifted by an override in the local directory only)
  stop             stop the emulator this checkout started (by its pid) and remove the local directory

Everything lives in .local/ (INFRA_LOCAL_DIR to change): emulator pid and log, synthesized stacks,
bootstrap's local state, terraform's plugin cache. Nothing reaches AWS: every stack runs with
AWS_ENDPOINT_URL set to the emulator on 127.0.0.1.`;

const COMMANDS = ["deploy", "plan", "destroy", "stop"] as const;
type Command = (typeof COMMANDS)[number];

const out = (line = "") => process.stdout.write(`${line}\n`);

function localDir(): string {
  return path.resolve(process.env.INFRA_LOCAL_DIR?.trim() || path.join(__dirname, "..", ".local"));
}

function parse(argv: readonly string[]): { command: Command; stack?: string } {
  const [command, stack, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h") throw new LocalError(USAGE);
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new LocalError(`npm run local: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  if (rest.length > 0)
    throw new LocalError(`npm run local: unexpected ${JSON.stringify(rest.join(" "))}\n\n${USAGE}`);
  if (command === "stop") {
    if (stack !== undefined) throw new LocalError(`npm run local: stop takes no stack\n\n${USAGE}`);
    return { command };
  }
  if (stack === undefined)
    throw new LocalError(`npm run local: ${command} needs a stack, e.g. fileflow-dev\n\n${USAGE}`);
  return { command: command as Command, stack };
}

function tools(): LocalTools {
  const need = (tool: "terraform" | "moto" | "cdktf") => {
    const probe = findTool(tool);
    if (!probe.found) throw new LocalError(`npm run local: ${probe.problem}`);
    return probe.found;
  };
  const mirror = findTool("mirror").found;
  return {
    terraform: need("terraform"),
    python: need("moto"),
    cdktf: need("cdktf"),
    ...(mirror ? { mirror } : {}),
  };
}

/** The named stack from the synthesized environment it belongs to (its name ends in -<env>). */
async function stackFrom(
  dir: string,
  name: string,
): Promise<{ stack: SynthesizedStack; all: SynthesizedStack[] }> {
  const environment = /-(dev|staging|prod)$/.exec(name)?.[1];
  if (!environment)
    throw new LocalError(
      `npm run local: expected a stack name ending in -dev, -staging or -prod, found ${JSON.stringify(name)}`,
    );
  const all = await LocalEnvironment.synth(dir, environment);
  const stack = all.find((s) => s.name === name);
  if (!stack)
    throw new LocalError(
      `npm run local: no stack ${JSON.stringify(name)}; ${environment} has ${all.map((s) => s.name).join(", ")}`,
    );
  return { stack, all };
}

async function deployPrerequisites(
  local: LocalEnvironment,
  stack: SynthesizedStack,
  all: SynthesizedStack[],
) {
  for (const prerequisite of local.prerequisitesOf(stack, all)) {
    if (await local.isDeployed(prerequisite)) {
      out(
        `== ${prerequisite.name}: already deployed (npm run local -- deploy ${prerequisite.name} to update it)`,
      );
      continue;
    }
    await deployOne(local, prerequisite, `needed by ${stack.name}`);
  }
}

async function deployOne(local: LocalEnvironment, stack: SynthesizedStack, why: string): Promise<void> {
  out(`== ${stack.name}: cdktf deploy (${why})`);
  const { result } = await local.deploy(stack);
  if (result.code !== 0) throw new LocalError(`${stack.name}: cdktf deploy failed\n${tailOf(result, 40)}`);
  out(`== ${stack.name}: deployed in ${result.seconds.toFixed(0)} s`);
}

function printOutputs(name: string, outputs: Record<string, { value: unknown; sensitive: boolean }>): void {
  const entries = Object.entries(outputs).sort(([a], [b]) => a.localeCompare(b));
  out(`\nOutputs of ${name}${entries.length === 0 ? ": none" : ":"}`);
  for (const [key, { value, sensitive }] of entries)
    out(
      `  ${key} = ${sensitive ? "(sensitive: terraform output -json in the stack directory)" : JSON.stringify(value)}`,
    );
}

async function main(): Promise<void> {
  const { command, stack: name } = parse(process.argv.slice(2));
  const dir = localDir();
  if (command === "stop") {
    const stopped = await LocalEmulator.stop(dir);
    rmSync(dir, { recursive: true, force: true });
    out(
      stopped
        ? `stopped moto (pid ${stopped.pid}, ${stopped.url}); removed ${dir}`
        : `no emulator recorded in ${dir}; removed it`,
    );
    return;
  }
  const found = tools();
  const { stack, all } = await stackFrom(dir, name!);
  out(`== synthesized ${all.length} stacks into ${path.join(dir, "cdktf.out")}`);
  const { local, started } = await LocalEnvironment.open({ dir, tools: found, tee: process.stdout });
  out(
    `== moto ${started ? "started" : "reused"} at ${local.emulator.url} (pid ${local.emulator.record.pid}, log ${local.emulator.record.logFile})`,
  );

  switch (command) {
    case "deploy":
      await deployPrerequisites(local, stack, all);
      await deployOne(local, stack, "requested");
      printOutputs(stack.name, await local.outputs(stack));
      out(`\nnpm run local -- destroy ${stack.name}   # then: npm run local -- stop`);
      return;
    case "plan": {
      await deployPrerequisites(local, stack, all);
      const plan = await local.plan(stack);
      out(plan.stdout.trimEnd());
      if (plan.code !== 0 && plan.code !== 2)
        throw new LocalError(`${stack.name}: terraform plan failed\n${tailOf(plan, 40)}`);
      process.exitCode = plan.code;
      return;
    }
    case "destroy": {
      out(`== ${stack.name}: cdktf destroy`);
      const result = await local.destroy(stack);
      if (result.lift && result.lift.code !== 0)
        throw new LocalError(`${stack.name}: lifting its protections failed\n${tailOf(result.lift, 40)}`);
      if (!result.destroy || result.destroy.code !== 0)
        throw new LocalError(
          `${stack.name}: cdktf destroy failed\n${result.destroy ? tailOf(result.destroy, 40) : ""}`,
        );
      if (result.left.length > 0)
        throw new LocalError(`${stack.name}: still in state after destroy: ${result.left.join(", ")}`);
      out(`== ${stack.name}: destroyed in ${result.destroy.seconds.toFixed(0)} s`);
      return;
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof LocalError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

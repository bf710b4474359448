import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { LocalEmulator } from "../../scripts/local/local-emulator";
import { CommandResult, run, tailOf } from "../harness/process";
import { describeWithTools, REPO_ROOT } from "../harness/tools";

const MINUTES = 60_000;
const STACK = "fileflow-dev";

/**
 * What a new user types, through npm exactly: `npm run local -- deploy fileflow-dev` brings the stack
 * (and bootstrap-dev, network-dev before it) up against the emulator and prints its outputs; `plan`
 * reuses the same emulator; `destroy` and `stop` leave nothing running and nothing on disk.
 */
describeWithTools(
  "e2e: npm run local -- deploy | plan | destroy | stop",
  ["terraform", "mirror", "moto", "cdktf"],
  (tools) => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "local-cli-")), ".local");
    const npmLocal = (...args: string[]): Promise<CommandResult> =>
      run("npm", ["run", "--silent", "local", "--", ...args], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          INFRA_LOCAL_DIR: dir,
          TF_PLUGIN_MIRROR: tools.mirror,
          CHECKPOINT_DISABLE: "1",
        },
        timeoutMs: 20 * MINUTES,
      });
    const steps: string[] = [];
    const record = () =>
      JSON.parse(readFileSync(path.join(dir, "emulator.json"), "utf8")) as { pid: number; url: string };
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    let pid: number | undefined;

    afterAll(async () => {
      process.stdout.write(`\nnpm run local, step by step:\n  ${steps.join("\n  ")}\n`);
      // Whatever happened above, nothing keeps running.
      await LocalEmulator.stop(dir);
      rmSync(path.dirname(dir), { recursive: true, force: true });
    });

    it(`deploy ${STACK}: starts moto, deploys bootstrap-dev and network-dev first, prints the outputs`, async () => {
      const deploy = await npmLocal("deploy", STACK);
      steps.push(`deploy ${STACK}: exit ${deploy.code} in ${deploy.seconds.toFixed(0)} s`);
      if (deploy.code !== 0) throw new Error(tailOf(deploy, 60));
      expect(deploy.stdout).toMatch(/== moto started at http:\/\/127\.0\.0\.1:\d+ \(pid \d+/);
      expect(deploy.stdout).toMatch(/== bootstrap-dev: cdktf deploy \(needed by fileflow-dev\)/);
      expect(deploy.stdout).toMatch(/== network-dev: cdktf deploy \(needed by fileflow-dev\)/);
      expect(deploy.stdout).toMatch(/== fileflow-dev: deployed in \d+ s/);
      expect(deploy.stdout).toMatch(/Outputs of fileflow-dev:\n(?:.*\n)*\s+alb_dns_name = "[^"]+"/);
      expect(deploy.stdout).toMatch(/\s+ecs_cluster_name = "fileflow-dev"/);
      pid = record().pid;
      expect(alive(pid)).toBe(true);
    });

    it("plan reuses the running emulator and the deployed prerequisites", async () => {
      expect(pid).toBeDefined();
      const plan = await npmLocal("plan", STACK);
      steps.push(`plan ${STACK}: exit ${plan.code} in ${plan.seconds.toFixed(0)} s`);
      expect([0, 2]).toContain(plan.code);
      expect(plan.stdout).toContain(`(pid ${pid}`);
      expect(plan.stdout).toMatch(/== moto reused at /);
      expect(plan.stdout).toMatch(/== network-dev: already deployed/);
      expect(plan.stdout).toMatch(/No changes\.|Plan: \d+ to add, \d+ to change, \d+ to destroy\./);
      expect(record().pid).toBe(pid);
    });

    it(`destroy ${STACK} empties its state`, async () => {
      const destroy = await npmLocal("destroy", STACK);
      steps.push(`destroy ${STACK}: exit ${destroy.code} in ${destroy.seconds.toFixed(0)} s`);
      if (destroy.code !== 0) throw new Error(tailOf(destroy, 60));
      expect(destroy.stdout).toMatch(/== fileflow-dev: destroyed in \d+ s/);
    });

    it("stop ends the emulator it started, by its pid, and removes the local directory", async () => {
      expect(pid).toBeDefined();
      const stop = await npmLocal("stop");
      steps.push(`stop: exit ${stop.code} in ${stop.seconds.toFixed(0)} s`);
      expect(stop.code).toBe(0);
      expect(stop.stdout).toContain(`stopped moto (pid ${pid},`);
      expect(alive(pid!)).toBe(false);
      expect(existsSync(dir)).toBe(false);
    });

    it("names the known stacks for a wrong one, exit 1, before starting anything", async () => {
      const wrong = await npmLocal("deploy", "filefow-dev");
      steps.push(`deploy filefow-dev: exit ${wrong.code}`);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr.trim()).toMatch(/^npm run local: no stack "filefow-dev"; dev has .*fileflow-dev/);
      expect(existsSync(path.join(dir, "emulator.json"))).toBe(false);
    });
  },
);

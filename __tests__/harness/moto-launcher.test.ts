import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { MOTO_LAUNCHER, MotoServer } from "./moto";
import { run, tailOf } from "./process";
import { describeWithTools } from "./tools";

/**
 * Each ElastiCache patch of moto_launcher.py, driven over HTTP with boto3 by its own check in
 * moto_launcher_checks.py: the check must hold against the launcher (started here on a free port, as
 * the Terraform suites start it) and must fail against moto with every launcher patch but that one,
 * so a check that would pass anyway (or a patch that stopped mattering) is noticed.
 */
const CHECKS = path.join(__dirname, "moto_launcher_checks.py");
const launcherText = readFileSync(MOTO_LAUNCHER, "utf8");
const patchNames = [...launcherText.matchAll(/^@patch\ndef (\w+)\(/gm)].map((m) => m[1]!);
// The patches checked here: ElastiCache's, and the RDS resource ids two databases side by side need.
const elasticachePatches = patchNames.filter(
  (name) => name.startsWith("elasticache_") || name === "rds_unique_resource_ids",
);
const docstring = launcherText.slice(0, launcherText.indexOf('"""', 3));

describeWithTools("moto launcher ElastiCache (and RDS resource id) patches", ["moto"], (tools) => {
  let moto: MotoServer | undefined;
  let scratch: string;

  const check = (args: string[]) =>
    run(tools.python, [CHECKS, ...args], {
      cwd: __dirname,
      env: { ...process.env, PYTHONUNBUFFERED: "1" },
      timeoutMs: 90_000,
    });

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), "moto-launcher-test-"));
    moto = await MotoServer.start({ python: tools.python, logFile: path.join(scratch, "moto.log") });
  }, 90_000);

  afterAll(async () => {
    await moto?.stop();
    if (scratch && !process.env.KEEP_TF_WORK) rmSync(scratch, { recursive: true, force: true });
  });

  test("every ElastiCache patch has a check of its own and is described in the launcher's docstring", async () => {
    expect(elasticachePatches.length).toBeGreaterThanOrEqual(7);
    const listed = await check(["--list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split("\n").sort()).toEqual([...elasticachePatches].sort());
    for (const name of elasticachePatches) expect(docstring).toMatch(new RegExp(`^  ${name}$`, "m"));
  });

  test.each(elasticachePatches)("%s holds against the launcher", async (name) => {
    const result = await check(["--endpoint", moto!.url, name]);
    expect({ code: result.code, out: result.stdout.trim() }).toEqual({ code: 0, out: "ok" });
    if (result.code !== 0) throw new Error(tailOf(result));
  });

  test.each(elasticachePatches)(
    "%s fails without the patch (every other launcher patch applied)",
    async (name) => {
      const result = await check(["--without", name, name]);
      // 1: the check failed; 2 would mean the patch name is unknown to the launcher.
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(name);
    },
    90_000,
  );
});

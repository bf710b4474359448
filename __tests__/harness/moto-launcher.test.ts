import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { MOTO_LAUNCHER, MotoServer } from "./moto";
import { run, tailOf } from "./process";
import { describeWithTools } from "./tools";

/**
 * Each checked patch of moto_launcher.py (every ElastiCache, CloudFront and MSK patch, and each other patch
 * that has a check), driven over HTTP with boto3 by its own check in moto_launcher_checks.py: the
 * check must hold against the launcher (started here on a free port, as the Terraform suites start
 * it) and must fail against moto with every launcher patch but that one, so a check that would pass
 * anyway (or a patch that stopped mattering) is noticed.
 */
const CHECKS = path.join(__dirname, "moto_launcher_checks.py");
const launcherText = readFileSync(MOTO_LAUNCHER, "utf8");
const patchNames = [...launcherText.matchAll(/^@patch\ndef (\w+)\(/gm)].map((m) => m[1]!);
const checkNames = [...readFileSync(CHECKS, "utf8").matchAll(/^@check\ndef (\w+)\(/gm)].map((m) => m[1]!);
// Families whose every patch must have a check; any other patch is checked when it has one.
const CHECKED_FAMILIES = ["elasticache_", "cloudfront_", "msk_"];
const inCheckedFamily = (name: string) => CHECKED_FAMILIES.some((prefix) => name.startsWith(prefix));
const checkedPatches = patchNames.filter((name) => inCheckedFamily(name) || checkNames.includes(name));
const docstring = launcherText.slice(0, launcherText.indexOf('"""', 3));

describeWithTools("moto launcher ElastiCache, CloudFront (and other checked) patches", ["moto"], (tools) => {
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

  test("every checked patch has a check of its own and is described in the launcher's docstring", async () => {
    expect(checkedPatches.filter((name) => name.startsWith("elasticache_")).length).toBeGreaterThanOrEqual(7);
    expect(checkedPatches.filter((name) => name.startsWith("cloudfront_")).length).toBeGreaterThanOrEqual(6);
    expect(checkedPatches.filter((name) => name.startsWith("msk_")).length).toBeGreaterThanOrEqual(6);
    const listed = await check(["--list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split("\n").sort()).toEqual([...checkedPatches].sort());
    // A check named after no patch would prove nothing about the launcher.
    expect(checkNames.filter((name) => !patchNames.includes(name))).toEqual([]);
    for (const name of checkedPatches) expect(docstring).toMatch(new RegExp(`^  ${name}$`, "m"));
  });

  test.each(checkedPatches)("%s holds against the launcher", async (name) => {
    const result = await check(["--endpoint", moto!.url, name]);
    expect({ code: result.code, out: result.stdout.trim() }).toEqual({ code: 0, out: "ok" });
    if (result.code !== 0) throw new Error(tailOf(result));
  });

  test.each(checkedPatches)(
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

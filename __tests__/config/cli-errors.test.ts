import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { CONFIG_DIR } from "../../config/load";
import { ENVIRONMENTS } from "../../config/schema/environment";
import { TempConfigDirs } from "./fixtures/environment-file";
import { runApp, runInRepo } from "./fixtures/run-command";

/**
 * A config mistake through the real entry points (main.ts and the cdktf CLI): the operator sees the
 * file and key, not a stack trace, and no half-written cdktf.out is left for a later deploy to pick up.
 */
const dirs = new TempConfigDirs();
afterAll(() => dirs.cleanup());

/** A config dir holding the committed files, with dev.tfvars rewritten by `breakDev`. */
function configDirWithBrokenDev(breakDev: (text: string) => string): string {
  const dir = dirs.newDir();
  for (const env of ENVIRONMENTS) copyFileSync(path.join(CONFIG_DIR, `${env}.tfvars`), path.join(dir, `${env}.tfvars`));
  const dev = path.join(dir, "dev.tfvars");
  const original = readFileSync(dev, "utf8");
  const broken = breakDev(original);
  if (broken === original) throw new Error("the fixture edit changed nothing; config/dev.tfvars no longer has the edited text");
  writeFileSync(dev, broken);
  return dir;
}

const typo = (text: string) => text.replace(/^(\s*)vpc_cidr(\s*)=/m, "$1vpc_cdir$2=");
const STACK_TRACE_LINE = /^\s{4}at /m;

describe("main.ts with a bad INFRA_CONFIG_DIR", () => {
  test("exits non-zero with the file and key on stderr, no stack trace, and writes no stacks", () => {
    const outdir = dirs.newDir();
    const result = runApp({ INFRA_CONFIG_DIR: configDirWithBrokenDev(typo), CDKTF_OUTDIR: outdir });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/dev\.tfvars: network\.vpc_cdir: expected .*did you mean "vpc_cidr"\?, found unknown key "vpc_cdir"/);
    expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(existsSync(path.join(outdir, "stacks"))).toBe(false);
  });

  test("reports an HCL syntax error with its line number", () => {
    const outdir = dirs.newDir();
    const unclosed = (text: string) => text.replace(/^environment(\s*)= "dev"$/m, 'environment$1= "dev');
    const result = runApp({ INFRA_CONFIG_DIR: configDirWithBrokenDev(unclosed), CDKTF_OUTDIR: outdir });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/dev\.tfvars: expected valid HCL, found a syntax error at line 4, column \d+/);
    expect(result.stderr).not.toMatch(STACK_TRACE_LINE);
    expect(existsSync(path.join(outdir, "stacks"))).toBe(false);
  });

  test("control: a good INFRA_CONFIG_DIR synthesizes, so the assertions above can fail", () => {
    const outdir = dirs.newDir();
    const result = runApp({ INFRA_CONFIG_DIR: configDirWithBrokenDev((t) => `${t}\n`), CDKTF_OUTDIR: outdir });
    if (result.status !== 0) throw new Error(`the app failed on a good config:\n${result.stderr}`);
    expect(readdirSync(path.join(outdir, "stacks"))).toEqual(expect.arrayContaining(["bootstrap-dev", "bootstrap-prod"]));
  });
});

describe("npx cdktf synth with a bad INFRA_CONFIG_DIR", () => {
  test("fails, shows the config message and leaves no stacks in --output", () => {
    const outdir = path.join(dirs.newDir(), "cdktf.out");
    const result = runInRepo("npx", ["--no-install", "cdktf", "synth", "--output", outdir], {
      INFRA_CONFIG_DIR: configDirWithBrokenDev(typo),
    });
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}\n${result.stderr}`).toMatch(/dev\.tfvars: network\.vpc_cdir: expected /);
    expect(existsSync(path.join(outdir, "stacks"))).toBe(false);
  });
});

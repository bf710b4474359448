import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { tailOf } from "../harness/process";
import { TerraformCli } from "../harness/terraform-cli";
import { describeWithTools } from "../harness/tools";

/**
 * The suites run terraform init in several stacks at once against one plugin cache. CI once failed
 * with "mkdir <cache>/.../linux_amd64: file exists" because every init rewrote the cache entry; the
 * harness fills the cache once and makes later inits read it only. This pins that down.
 */
describeWithTools(
  "terraform harness: parallel inits share one plugin cache",
  ["terraform", "mirror"],
  (tools) => {
    let work: string;

    beforeAll(() => {
      work = mkdtempSync(path.join(tmpdir(), "tf-cli-"));
    });

    afterAll(() => {
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it("initializes four configurations at once, each from the shared cache without reinstalling", async () => {
      const terraform = new TerraformCli(tools.terraform, tools.mirror, work);
      const dirs = [0, 1, 2, 3].map((i) => {
        const dir = path.join(work, `stack-${i}`);
        mkdirSync(dir);
        writeFileSync(
          path.join(dir, "main.tf.json"),
          JSON.stringify({ terraform: { required_providers: { aws: { source: "hashicorp/aws" } } } }),
        );
        return dir;
      });

      const inits = await Promise.all(dirs.map((dir) => terraform.init(dir, { backend: false })));

      for (const init of inits) {
        expect({ code: init.code, output: tailOf(init, 20) }).toEqual({
          code: 0,
          output: expect.any(String),
        });
        expect(init.stdout).toMatch(/Using hashicorp\/aws v\S+ from the shared cache directory/);
        expect(init.stdout).not.toMatch(/Installing hashicorp\/aws/);
      }
    }, 120_000);
  },
);

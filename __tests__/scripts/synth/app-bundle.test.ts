import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

// The launcher is plain CommonJS (node runs it without a transpiler); its types come from JSDoc.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureAppBundle } = require("../../../scripts/synth/app-bundle.cjs") as {
  ensureAppBundle: (target: { root: string; entry: string; bundle: string }) => {
    bundle: string;
    rebuilt: boolean;
  };
};

/** A scratch project: entry.ts imports dep.ts; the bundle goes to out/app.js. */
function scratchProject() {
  const root = mkdtempSync(path.join(tmpdir(), "app-bundle-"));
  writeFileSync(path.join(root, "dep.ts"), 'export const greeting: string = "one";\n');
  writeFileSync(
    path.join(root, "entry.ts"),
    'import { greeting } from "./dep";\nexport const answer = () => greeting;\n',
  );
  const target = { root, entry: "entry.ts", bundle: path.join(root, "out", "app.js") };
  return { root, target, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs the bundle with plain node, as npm run synth does (jest would serve a cached copy by path). */
function loadAnswer(bundle: string): string {
  const script = `process.stdout.write(require(${JSON.stringify(bundle)}).answer())`;
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" });
}

describe("scripts/synth/app-bundle.cjs (the bundle npm run synth runs)", () => {
  test("builds once, reuses the bundle while no input changed, rebuilds when an imported file changes", () => {
    const { root, target, cleanup } = scratchProject();
    try {
      expect(ensureAppBundle(target).rebuilt).toBe(true);
      expect(loadAnswer(target.bundle)).toBe("one");
      expect(ensureAppBundle(target).rebuilt).toBe(false);

      writeFileSync(path.join(root, "dep.ts"), 'export const greeting: string = "two!";\n');
      expect(ensureAppBundle(target).rebuilt).toBe(true);
      expect(loadAnswer(target.bundle)).toBe("two!");
      expect(ensureAppBundle(target).rebuilt).toBe(false);
    } finally {
      cleanup();
    }
  });

  test("records every input esbuild read, relative to the project", () => {
    const { target, cleanup } = scratchProject();
    try {
      ensureAppBundle(target);
      const manifest = JSON.parse(readFileSync(target.bundle.replace(/\.js$/, ".json"), "utf8")) as {
        inputs: Record<string, { size: number }>;
      };
      expect(Object.keys(manifest.inputs)).toEqual(["dep.ts", "entry.ts"]);
      expect(manifest.inputs["dep.ts"]!.size).toBeGreaterThan(0);
    } finally {
      cleanup();
    }
  });

  test("rebuilds when the bundle itself is gone", () => {
    const { target, cleanup } = scratchProject();
    try {
      ensureAppBundle(target);
      rmSync(target.bundle);
      expect(ensureAppBundle(target).rebuilt).toBe(true);
    } finally {
      cleanup();
    }
  });

  test("loadBundle runs the bundle through a code cache named after its source, renewed on rebuild", () => {
    const { root, target, cleanup } = scratchProject();
    const appBundle = require.resolve("../../../scripts/synth/app-bundle.cjs");
    const viaCache = () =>
      execFileSync(
        process.execPath,
        [
          "-e",
          `process.stdout.write(require(${JSON.stringify(appBundle)}).loadBundle(${JSON.stringify(target.bundle)}).answer())`,
        ],
        { encoding: "utf8" },
      );
    const caches = () => readdirSync(path.dirname(target.bundle)).filter((f) => f.endsWith(".cache"));
    try {
      ensureAppBundle(target);
      expect(viaCache()).toBe("one");
      const [first] = caches();
      expect(first).toMatch(/^app\.js\.[0-9a-f]{16}\.cache$/);
      expect(viaCache()).toBe("one");
      expect(caches()).toEqual([first]);

      // Same length, other code: V8 alone would accept the old cache (it checks only the length).
      writeFileSync(path.join(root, "dep.ts"), 'export const greeting: string = "two";\n');
      expect(ensureAppBundle(target).rebuilt).toBe(true);
      expect(caches()).toEqual([]);
      expect(viaCache()).toBe("two");
      expect(caches()).toHaveLength(1);
      expect(caches()[0]).not.toBe(first);
    } finally {
      cleanup();
    }
  });

  test("a syntax error fails with the file and line, and leaves no bundle behind", () => {
    const { root, target, cleanup } = scratchProject();
    try {
      writeFileSync(path.join(root, "dep.ts"), "export const greeting = ;\n");
      expect(() => ensureAppBundle(target)).toThrow(
        /building entry\.ts into out\/app\.js failed:\ndep\.ts:1: /,
      );
      expect(() => readFileSync(target.bundle)).toThrow(/ENOENT/);
    } finally {
      cleanup();
    }
  });
});

import { buildSync } from "esbuild";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { singleFileZip } from "./zip";

/** The repository root: entries and esbuild's working directory are relative to it, whatever the cwd. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** Modules the Node.js 22 Lambda runtime ships (AWS SDK for JavaScript v3), left out of bundles. */
export const RUNTIME_PROVIDED_MODULES = ["@aws-sdk/*"] as const;

/** esbuild's Node.js target, matching the `nodejs22.x` runtime (Node.js 20 reached end of life in April 2026 and Lambda retires it). */
export const BUNDLE_TARGET = "node22";

/** The handler file every bundle writes, so the Lambda handler is `index.<export>`. */
export const BUNDLE_FILE = "index.js";

/** The deployment package next to it. */
export const ZIP_FILE = "archive.zip";

/**
 * Every bundled file gets this modification time (and mode 0644) before it is zipped: zip entries
 * record both, so without it two synths of the same code would give different archives.
 */
const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");

export interface Bundle {
  /** Directory named after its content, `<tmp>/cdktf-lambda-bundles/<hash>`: `index.js` and `archive.zip`. */
  readonly dir: string;
  /** The deployment package: a reproducible zip holding `index.js`. */
  readonly zipFile: string;
  /** Hex SHA-256 of the bundled code (first 32 characters), stable across machines and checkouts. */
  readonly hash: string;
  /** Base64 SHA-256 of the bundled code, for `source_code_hash`. */
  readonly sha256Base64: string;
  /** The bundled JavaScript. */
  readonly code: string;
}

/**
 * Bundles one TypeScript handler with esbuild for the nodejs22.x runtime: CommonJS, everything
 * inlined except the AWS SDK v3 the runtime provides, no source map, no legal comments. Paths in the
 * output are relative to the repository root, so the bytes depend only on the code and esbuild's
 * version, never on where the checkout lives or the time of the synth.
 *
 * The result is written to a temporary directory named after its hash; an existing one is reused.
 *
 * @param entry handler file, absolute or relative to the repository root
 * @throws Error listing esbuild's messages when the code does not build
 */
export function bundleHandler(entry: string): Bundle {
  const entryPath = path.resolve(PROJECT_ROOT, entry);
  if (!existsSync(entryPath)) throw new Error(`handler entry ${entryPath} does not exist`);

  let code: string;
  try {
    const result = buildSync({
      absWorkingDir: PROJECT_ROOT,
      entryPoints: [entryPath],
      outfile: path.join(PROJECT_ROOT, ".bundle", BUNDLE_FILE),
      write: false,
      bundle: true,
      platform: "node",
      target: BUNDLE_TARGET,
      format: "cjs",
      external: [...RUNTIME_PROVIDED_MODULES],
      minify: false,
      sourcemap: false,
      legalComments: "none",
      charset: "utf8",
      logLevel: "silent",
    });
    const output = result.outputFiles.find((f) => path.basename(f.path) === BUNDLE_FILE);
    if (!output) throw new Error(`esbuild wrote no ${BUNDLE_FILE}`);
    code = output.text;
  } catch (error) {
    const errors = (
      error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }
    ).errors;
    const detail = errors?.length
      ? errors
          .map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text))
          .join("; ")
      : error instanceof Error
        ? error.message
        : String(error);
    throw new Error(`bundling ${path.relative(PROJECT_ROOT, entryPath)} failed: ${detail}`, { cause: error });
  }

  const digest = createHash("sha256").update(code, "utf8").digest();
  const hash = digest.toString("hex").slice(0, 32);
  const dir = path.join(tmpdir(), "cdktf-lambda-bundles", hash);
  const zipFile = path.join(dir, ZIP_FILE);
  if (!existsSync(zipFile)) writeBundleDir(dir, code);
  return { dir, zipFile, hash, sha256Base64: digest.toString("base64"), code };
}

/** Writes into a fresh sibling and renames it into place, so a concurrent synth never sees half a bundle. */
function writeBundleDir(dir: string, code: string): void {
  const parent = path.dirname(dir);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(path.join(parent, ".staging-"));
  const file = path.join(staging, BUNDLE_FILE);
  writeFileSync(file, code, "utf8");
  writeFileSync(path.join(staging, ZIP_FILE), singleFileZip(BUNDLE_FILE, Buffer.from(code, "utf8")));
  chmodSync(file, 0o644);
  utimesSync(file, FIXED_MTIME, FIXED_MTIME);
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Another process put the same content there first.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(path.join(dir, BUNDLE_FILE))) throw error;
  }
}

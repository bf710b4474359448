import type { BuildOptions } from "esbuild";
import { version as esbuildVersion } from "esbuild/package.json";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../project-root";
import { singleFileZip } from "./zip";

/** The repository root: entries and esbuild's working directory are relative to it, whatever the cwd. */
export { PROJECT_ROOT };

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

/** Everything but the entry that decides a bundle's bytes (with esbuild's version). */
const BUILD_OPTIONS = {
  bundle: true,
  platform: "node",
  target: BUNDLE_TARGET,
  format: "cjs",
  external: [...RUNTIME_PROVIDED_MODULES],
  minify: false,
  sourcemap: false,
  legalComments: "none",
  charset: "utf8",
} as const satisfies BuildOptions;

/** `<tmp>/cdktf-lambda-bundles/<hash>` holds the bundles; `index/` maps what was built to them. */
const BUNDLES_DIR = path.join(tmpdir(), "cdktf-lambda-bundles");
const INDEX_DIR = path.join(BUNDLES_DIR, "index");

/**
 * Bundles one TypeScript handler with esbuild for the nodejs22.x runtime: CommonJS, everything
 * inlined except the AWS SDK v3 the runtime provides, no source map, no legal comments. Paths in the
 * output are relative to the repository root, so the bytes depend only on the code and esbuild's
 * version, never on where the checkout lives or the time of the synth.
 *
 * The result is written to a temporary directory named after its hash; an existing one is reused.
 * A build also records the content hash of every file esbuild read: while those are unchanged the
 * next synth (another process too) reuses the bundle without starting esbuild at all.
 *
 * @param entry handler file, absolute or relative to the repository root
 * @throws Error listing esbuild's messages when the code does not build
 */
export function bundleHandler(entry: string): Bundle {
  const entryPath = path.resolve(PROJECT_ROOT, entry);
  if (!existsSync(entryPath)) throw new Error(`handler entry ${entryPath} does not exist`);
  const indexFile = path.join(
    INDEX_DIR,
    `${sha256Hex(`${esbuildVersion}\0${JSON.stringify(BUILD_OPTIONS)}\0${path.relative(PROJECT_ROOT, entryPath)}`)}.json`,
  );
  const cached = reusableBundle(indexFile);
  if (cached) return bundleOf(cached);

  const { code, inputs } = build(entryPath);
  const bundle = bundleOf(code);
  if (!existsSync(bundle.zipFile)) writeBundleDir(bundle.dir, code);
  recordInputs(indexFile, { hash: bundle.hash, inputs });
  return bundle;
}

function build(entryPath: string): { code: string; inputs: Record<string, string> } {
  // Loaded here, not at the top: a synth whose bundles are all reusable never pays for esbuild.
  const { buildSync } = loadEsbuild();
  try {
    const result = buildSync({
      ...BUILD_OPTIONS,
      absWorkingDir: PROJECT_ROOT,
      entryPoints: [entryPath],
      outfile: path.join(PROJECT_ROOT, ".bundle", BUNDLE_FILE),
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const output = result.outputFiles.find((f) => path.basename(f.path) === BUNDLE_FILE);
    if (!output) throw new Error(`esbuild wrote no ${BUNDLE_FILE}`);
    const inputs = Object.fromEntries(
      Object.keys(result.metafile.inputs)
        .sort()
        .map((file) => [file, sha256Hex(readFileSync(path.join(PROJECT_ROOT, file)))]),
    );
    return { code: output.text, inputs };
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
}

function bundleOf(code: string): Bundle {
  const digest = createHash("sha256").update(code, "utf8").digest();
  const hash = digest.toString("hex").slice(0, 32);
  const dir = path.join(BUNDLES_DIR, hash);
  return { dir, zipFile: path.join(dir, ZIP_FILE), hash, sha256Base64: digest.toString("base64"), code };
}

interface InputRecord {
  /** The bundle's hash (its directory name). */
  readonly hash: string;
  /** Every file esbuild read, relative to the repository root, with its SHA-256. */
  readonly inputs: Record<string, string>;
}

/** The code of the recorded bundle when every input still has the recorded content; else undefined. */
function reusableBundle(indexFile: string): string | undefined {
  let record: InputRecord;
  try {
    record = JSON.parse(readFileSync(indexFile, "utf8")) as InputRecord;
  } catch {
    return undefined;
  }
  const unchanged = Object.entries(record.inputs).every(([file, hash]) => {
    const full = path.join(PROJECT_ROOT, file);
    return existsSync(full) && sha256Hex(readFileSync(full)) === hash;
  });
  const dir = path.join(BUNDLES_DIR, record.hash);
  if (!unchanged || !existsSync(path.join(dir, ZIP_FILE))) return undefined;
  const code = readFileSync(path.join(dir, BUNDLE_FILE), "utf8");
  // The directory is named after its content; anything else there is not this bundle.
  return bundleOf(code).hash === record.hash ? code : undefined;
}

function recordInputs(indexFile: string, record: InputRecord): void {
  try {
    mkdirSync(INDEX_DIR, { recursive: true });
    const staging = `${indexFile}.${process.pid}.tmp`;
    writeFileSync(staging, JSON.stringify(record));
    renameSync(staging, indexFile);
  } catch {
    // Without the record the next synth simply builds again.
  }
}

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function loadEsbuild(): typeof import("esbuild") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("esbuild") as typeof import("esbuild");
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

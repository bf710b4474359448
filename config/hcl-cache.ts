import { version as parserVersion } from "@cdktf/hcl2json/package.json";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../project-root";

/**
 * Parsed HCL kept by content hash under `.build/cache/hcl/`: hcl2json runs the HCL parser in Go
 * compiled to WebAssembly, and loading that costs more than the rest of config loading together, on
 * every synth, for files that rarely change. Only successful parses are kept, so a syntax error is
 * reported by the parser itself every time.
 */
const HCL_CACHE_DIR = path.join(PROJECT_ROOT, ".build", "cache", "hcl");
/** The parser's version is part of the key: another parser may read the same text differently. */
const PARSER = `@cdktf/hcl2json@${parserVersion}`;

/** Where the parse of `text` is kept. */
export function hclCacheFileOf(text: string): string {
  const key = createHash("sha256").update(PARSER).update("\0").update(text).digest("hex");
  return path.join(HCL_CACHE_DIR, `${key}.json`);
}

export async function parseHcl(file: string, text: string): Promise<unknown> {
  const cached = hclCacheFileOf(text);
  try {
    return JSON.parse(readFileSync(cached, "utf8"));
  } catch {
    // Not cached yet (or unreadable): parse.
  }
  // Loaded on a cache miss only. require, not import(): the bundle runs in a vm.Script (for V8's
  // code cache, scripts/synth/app-bundle.cjs), where a dynamic import() has no loader.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require("@cdktf/hcl2json") as typeof import("@cdktf/hcl2json");
  const parsed: unknown = await parse(file, text);
  try {
    mkdirSync(HCL_CACHE_DIR, { recursive: true });
    const staging = `${cached}.${process.pid}.tmp`;
    writeFileSync(staging, JSON.stringify(parsed));
    renameSync(staging, cached);
  } catch {
    // A read-only checkout still synthesizes; it parses every time.
  }
  return parsed;
}

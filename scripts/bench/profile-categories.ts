import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { CallFrame } from "./cpu-profile";

/** Where this project's code is, to name its frames. */
export interface ProfileLocations {
  readonly root: string;
  /** The app bundle `npm run synth` runs (.build/app.js). */
  readonly bundle: string;
  /** The source file (relative to root) a line of the bundle came from (bundle-sources.ts). */
  readonly bundleSource?: (line: number) => string | undefined;
}

/** The file a script frame's code came from: its own, or for the bundle the module inlined there. */
export function sourceFileOf(frame: CallFrame, where: ProfileLocations): string | undefined {
  const file = filePathOf(frame.url);
  if (file === undefined || path.resolve(file) !== path.resolve(where.bundle)) return file;
  const source = frame.lineNumber === undefined ? undefined : where.bundleSource?.(frame.lineNumber);
  return source === undefined ? file : path.join(where.root, source);
}

export const APP = "this app (bundle)";
export const MODULE_LOADING = "module loading (node:internal/modules)";
export const FS_WRITES = "fs writes (node:fs)";
export const FS_READS = "fs reads (node:fs)";
export const GC = "(garbage collector)";
export const PROGRAM = "(program): V8 and native code outside JS";

/** node:fs functions that change the file system; any other node:fs call counts as a read. */
const FS_WRITE =
  /^(write|append|mkdir|mkdtemp|copy|cp|rm|rename|unlink|symlink|link|truncate|ftruncate|chmod|chown|utimes|futimes|fsync|fdatasync)/i;
/** Bindings the CommonJS loader calls directly, without a node:internal/modules frame under them. */
const LOADER_BINDINGS = new Set(["internalModuleStat", "internalModuleReadJSON"]);

type Kind = "vm" | "native" | "node" | "script";

/** "vm": V8's own entries, "(garbage collector)" and the like; "native": a C++ binding or a RegExp. */
function kindOf(frame: CallFrame): Kind {
  if (frame.url === "") return /^\(.*\)$/.test(frame.functionName) ? "vm" : "native";
  return frame.url.startsWith("node:") ? "node" : "script";
}

function isLoading(frame: CallFrame): boolean {
  return (
    frame.url.startsWith("node:internal/modules/") ||
    // Compiling node's own modules the first time something requires them.
    frame.url === "node:internal/bootstrap/realm" ||
    LOADER_BINDINGS.has(frame.functionName)
  );
}

function isFs(frame: CallFrame): boolean {
  return frame.url === "node:fs" || frame.url.startsWith("node:internal/fs/");
}

/** `node:internal/crypto/hash` and `node:crypto` are both "node:crypto". */
function nodeModuleOf(url: string): string {
  const name = url.slice("node:".length).replace(/^internal\//, "");
  return `node:${name.split("/")[0]}`;
}

function filePathOf(url: string): string | undefined {
  if (url.startsWith("file://")) return fileURLToPath(url);
  return path.isAbsolute(url) ? url : undefined;
}

/** The package a file under node_modules belongs to: the innermost one, scope included. */
function packageOf(file: string): string | undefined {
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf("node_modules");
  if (at === -1 || at + 1 >= parts.length) return undefined;
  const name = parts[at + 1]!;
  return name.startsWith("@") && parts[at + 2] ? `${name}/${parts[at + 2]}` : name;
}

/** A script's frame: its package, the app bundle, or its path in the repository. */
function scriptCategory(frame: CallFrame, where: ProfileLocations): string {
  const file = sourceFileOf(frame, where);
  if (file === undefined) return frame.url;
  const pkg = packageOf(file);
  if (pkg) return pkg;
  if (path.resolve(file) === path.resolve(where.bundle)) return APP;
  const relative = path.relative(where.root, file);
  // This project's own code, inlined in the bundle: by top-level directory (config/, stacks/, ...).
  if (filePathOf(frame.url) !== file) return `${APP}: ${relative.split(path.sep)[0]}`;
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

/**
 * What a sample's self time is charged to, from its stack (leaf first). Script code is charged to
 * its package (or the app). Node's own code and native bindings are charged together with the node
 * frames above them up to the first script frame, since that run is one call from the script's view:
 * module loading if the loader is in it, fs writes or reads by the node:fs function the script
 * called, else the node module. A binding or RegExp called straight from a script counts as that
 * script's.
 */
export function categoryOf(stack: readonly CallFrame[], where: ProfileLocations): string {
  const leaf = stack[0];
  if (!leaf) return PROGRAM;
  if (kindOf(leaf) === "vm") {
    if (leaf.functionName === "(garbage collector)") return GC;
    return leaf.functionName === "(idle)" ? "(idle)" : PROGRAM;
  }
  const firstScript = stack.findIndex((f) => kindOf(f) === "script");
  const run = firstScript === -1 ? stack : stack.slice(0, firstScript);
  if (run.some(isLoading)) return MODULE_LOADING;
  const fs = run.filter(isFs).pop();
  if (fs) return FS_WRITE.test(fs.functionName) ? FS_WRITES : FS_READS;
  const node = run.filter((f) => kindOf(f) === "node").pop();
  if (node) return nodeModuleOf(node.url);
  const caller = stack[firstScript];
  return caller ? scriptCategory(caller, where) : "(native)";
}

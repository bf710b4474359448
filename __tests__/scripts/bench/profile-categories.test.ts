import { CallFrame } from "../../../scripts/bench/cpu-profile";
import { categoryOf } from "../../../scripts/bench/profile-categories";

const WHERE = { root: "/repo", bundle: "/repo/.build/app.js" };
const APP: CallFrame = { functionName: "addStacks", url: "file:///repo/.build/app.js" };
const CDKTF: CallFrame = { functionName: "synth", url: "file:///repo/node_modules/cdktf/lib/app.js" };
const node = (functionName: string, url = "node:fs"): CallFrame => ({ functionName, url });
const native = (functionName: string): CallFrame => ({ functionName, url: "" });

/** Stacks are leaf first: the function running, then its callers. */
test.each<[string, CallFrame[], string]>([
  [
    "a scoped package",
    [{ functionName: "f", url: "file:///repo/node_modules/@cdktf/hcl2json/lib/index.js" }],
    "@cdktf/hcl2json",
  ],
  [
    "the innermost of nested packages",
    [{ functionName: "f", url: "file:///repo/node_modules/cdktf/node_modules/semver/index.js" }],
    "semver",
  ],
  [
    "a plain path, as older node writes it",
    [{ functionName: "f", url: "/repo/node_modules/zod/index.cjs" }],
    "zod",
  ],
  ["the bundle", [APP], "this app (bundle)"],
  [
    "a repository file other than the bundle, by its path",
    [{ functionName: "main", url: "file:///repo/scripts/synth.cjs" }],
    "scripts/synth.cjs",
  ],
  [
    "a file outside the repository, by its path",
    [{ functionName: "f", url: "file:///elsewhere/x.js" }],
    "/elsewhere/x.js",
  ],
  ["mkdirSync", [native("mkdir"), node("mkdirSync"), CDKTF], "fs writes (node:fs)"],
  ["copyFileSync", [native("copyFile"), node("copyFileSync"), CDKTF], "fs writes (node:fs)"],
  [
    "renameSync via an internal helper",
    [node("handleErrorFromBinding", "node:internal/fs/utils"), node("renameSync"), APP],
    "fs writes (node:fs)",
  ],
  ["statSync", [native("stat"), node("statSync"), APP], "fs reads (node:fs)"],
  ["async readFile", [node("readFileHandle", "node:internal/fs/promises"), APP], "fs reads (node:fs)"],
  [
    "reading a module's source",
    [
      native("readFileUtf8"),
      node("readFileSync"),
      node("Module._extensions..js", "node:internal/modules/cjs/loader"),
      APP,
    ],
    "module loading (node:internal/modules)",
  ],
  [
    "the loader's stat binding",
    [native("internalModuleStat"), APP],
    "module loading (node:internal/modules)",
  ],
  [
    "compiling a builtin",
    [node("compileForInternalLoader", "node:internal/bootstrap/realm"), APP],
    "module loading (node:internal/modules)",
  ],
  ["node:path", [node("join", "node:path"), CDKTF], "node:path"],
  [
    "node's internal crypto",
    [native("update"), node("update", "node:internal/crypto/hash"), APP],
    "node:crypto",
  ],
  ["a RegExp run by cdktf", [native("RegExp: ^\\d+$"), CDKTF], "cdktf"],
  ["the garbage collector", [native("(garbage collector)")], "(garbage collector)"],
  ["V8's own time", [native("(program)")], "(program): V8 and native code outside JS"],
  ["a binding with no script above it", [native("something")], "(native)"],
])("%s", (_, stack, expected) => {
  expect(categoryOf(stack, WHERE)).toBe(expected);
});

test("a script frame above the loader is the script's own time, not loading", () => {
  const loader = node("Module._compile", "node:internal/modules/cjs/loader");
  expect(categoryOf([APP, loader], WHERE)).toBe("this app (bundle)");
});

import { parse } from "@cdktf/hcl2json";
import { existsSync, writeFileSync } from "node:fs";
import { hclCacheFileOf, parseHcl } from "../../config/hcl-cache";

/** A text no other test parses, so its cache entry is this test's own. */
const unique = (body: string) => `# hcl-cache test ${process.pid} ${Date.now()} ${Math.random()}\n${body}`;

describe("parseHcl (hcl2json, kept by content hash)", () => {
  test("gives what hcl2json gives and keeps it under the text's hash", async () => {
    const text = unique('project = "platform"\nnetwork = { vpc_cidr = "10.0.0.0/16", azs = ["a", "b"] }\n');
    expect(existsSync(hclCacheFileOf(text))).toBe(false);
    const first = await parseHcl("dev.tfvars", text);
    expect(first).toEqual(await parse("dev.tfvars", text));
    expect(existsSync(hclCacheFileOf(text))).toBe(true);
    expect(await parseHcl("dev.tfvars", text)).toEqual(first);
  });

  test("answers from the kept parse without running the parser", async () => {
    const text = unique('project = "platform"\n');
    await parseHcl("dev.tfvars", text);
    // Proof that the second call reads the cache: what it returns is what the cache holds.
    writeFileSync(hclCacheFileOf(text), JSON.stringify({ from: "cache" }));
    expect(await parseHcl("dev.tfvars", text)).toEqual({ from: "cache" });
  });

  test("does not keep a syntax error: the parser reports it every time", async () => {
    const text = unique('environment = "dev\n');
    await expect(parseHcl("dev.tfvars", text)).rejects.toThrow(/dev\.tfvars:\d+,\d+/);
    expect(existsSync(hclCacheFileOf(text))).toBe(false);
    await expect(parseHcl("dev.tfvars", text)).rejects.toThrow(/dev\.tfvars:\d+,\d+/);
  });
});

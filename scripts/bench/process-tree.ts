import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";

/** Bytes per page for /proc/<pid>/statm; 4 KiB on every Linux this runs on (x86_64, arm64 default). */
const PAGE_BYTES = 4096;

/**
 * Resident memory of a process tree, summed, from /proc. The sum is what matters for `cdktf synth`:
 * the CLI stays resident while the app it spawned builds the stacks.
 */
export function treeRssBytes(tree: readonly TreeProcess[]): number {
  return tree.reduce((sum, p) => sum + p.rssBytes, 0);
}

export interface TreeProcess {
  readonly pid: number;
  /** Short command line, to show which process holds the memory. */
  readonly command: string;
  readonly rssBytes: number;
}

/** `root` and its live descendants with their resident memory. */
export function processTree(root: number): TreeProcess[] {
  const children = new Map<number, number[]>();
  for (const pid of livePids()) {
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: TreeProcess[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push({ pid, command: commandOf(pid), rssBytes: rssOf(pid) });
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** argv joined, program and temp paths shortened; npm rewrites its title into argv[0] with spaces. */
function commandOf(pid: number): string {
  const [program = "", ...args] = readOrEmpty(`/proc/${pid}/cmdline`).split("\0").filter(Boolean);
  const text = [program.includes(" ") ? program : path.basename(program), ...args]
    .join(" ")
    .replace(/\/\S*\/infra-bench-[^/\s]+\//g, "");
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function procAvailable(): boolean {
  try {
    readFileSync("/proc/self/statm", "utf8");
    return true;
  } catch {
    return false;
  }
}

function livePids(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Field 4 of /proc/<pid>/stat; the command name (field 2) may hold spaces, so parse after its ")". */
function parentOf(pid: number): number | undefined {
  const stat = readOrEmpty(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

function rssOf(pid: number): number {
  const pages = Number(readOrEmpty(`/proc/${pid}/statm`).split(" ")[1]);
  return Number.isFinite(pages) ? pages * PAGE_BYTES : 0;
}

/** Processes exit between listing and reading; such a process simply counts as gone. */
function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

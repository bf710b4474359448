import { EXIT_DRIFTED, EXIT_ERROR, exitCodeOf } from "./exit-code";
import { Change, STATUSES, StackResult } from "./result";
import { summaryOf } from "./terraform-error";

/** How the check ran, for the report's first line and the JSON. */
export interface RunInfo {
  readonly origin: string;
  /** The stack directories are gone once the run ends (npm run synth into a temporary directory): point at cdktf.out instead. */
  readonly ephemeral: boolean;
  readonly terraformVersion: string;
  readonly concurrency: number;
}

export const RUNBOOK = 'README.md, "A scheduled drift check failed"';

/**
 * For people (a CI log): one line on how it ran, the table (stack | status | resources | changes |
 * seconds), then per drifted stack each address with its action and the attributes an update
 * changes, per failed stack terraform's error, and the exit code with what it means.
 */
export function renderText(results: readonly StackResult[], info: RunInfo): string {
  const lines = [
    `Drift check of ${results.length} stack(s) from ${info.origin}: terraform ${info.terraformVersion}, ${info.concurrency} at a time`,
    "",
    ...table(results),
    "",
  ];
  for (const r of results.filter((r) => r.status === "drifted")) {
    lines.push(`${r.stack}: ${count(r.changes.length, "change")} (the values: ${whereToPlan(r, info)})`);
    if (r.changes.length === 0)
      lines.push("  terraform plan reports changes, but its JSON lists none by address");
    const width = Math.max(...r.changes.map((c) => c.action.length), 0);
    lines.push(...r.changes.map((c) => `  ${c.action.padEnd(width)}  ${describe(c)}`), "");
  }
  for (const r of results.filter((r) => r.status === "error")) {
    lines.push(`${r.stack}: terraform ${r.error!.step} failed${info.ephemeral ? "" : ` (in ${r.dir})`}`);
    lines.push(...r.error!.message.split("\n").map((l) => `  ${l}`.trimEnd()), "");
  }
  lines.push(verdict(results), "");
  return lines.join("\n");
}

export function renderJson(results: readonly StackResult[], info: RunInfo): string {
  const json = {
    exitCode: exitCodeOf(results),
    terraformVersion: info.terraformVersion,
    origin: info.origin,
    concurrency: info.concurrency,
    counts: Object.fromEntries(STATUSES.map((s) => [s, results.filter((r) => r.status === s).length])),
    stacks: results.map((r) => ({
      stack: r.stack,
      status: r.status,
      resources: r.resources ?? null,
      changes: r.changes,
      error: r.error ?? null,
      note: r.note ?? null,
      seconds: round(r.seconds),
      dir: info.ephemeral ? null : r.dir,
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** One progress line per finished stack (stderr), so a long run shows it is moving. */
export function progressLine(r: StackResult): string {
  const what =
    r.status === "drifted"
      ? `drifted, ${count(r.changes.length, "change")}`
      : r.status === "error"
        ? `error at ${r.error!.step}: ${summaryOf(r.error!.message)}`
        : r.status;
  return `drift: ${r.stack}: ${what} (${round(r.seconds)} s)`;
}

function table(results: readonly StackResult[]): string[] {
  const header = ["stack", "status", "resources", "changes", "seconds"];
  const rows = results.map((r) => [
    r.stack,
    r.status,
    r.resources === undefined ? "-" : String(r.resources),
    changesCell(r),
    round(r.seconds).toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const numeric = [false, false, true, false, true];
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)];
}

function changesCell(r: StackResult): string {
  if (r.status === "error") return `${r.error!.step} failed: ${shorten(summaryOf(r.error!.message), 60)}`;
  if (r.status !== "drifted") return r.note ?? "-";
  if (r.changes.length === 0) return "changes (see below)";
  const byAction = new Map<string, number>();
  for (const c of r.changes) byAction.set(c.action, (byAction.get(c.action) ?? 0) + 1);
  return [...byAction].map(([action, n]) => `${n} ${action}`).join(", ");
}

/** Where terraform shows the attribute values (this report names attributes only). */
function whereToPlan(r: StackResult, info: RunInfo): string {
  const plan = "terraform init -input=false && terraform plan -lock=false";
  return info.ephemeral
    ? `INFRA_STACKS=${r.stack} npx cdktf synth, then in cdktf.out/stacks/${r.stack}: ${plan}`
    : `in ${r.dir}: ${plan}`;
}

function describe(c: Change): string {
  const notes = [
    ...(c.attributes && c.attributes.length > 0 ? [c.attributes.join(", ")] : []),
    ...(c.from ? [`from ${c.from}`] : []),
    ...(c.reason ? [c.reason] : []),
  ];
  return notes.length > 0 ? `${c.address}  (${notes.join("; ")})` : c.address;
}

function verdict(results: readonly StackResult[]): string {
  const code = exitCodeOf(results);
  const names = (status: string) =>
    results
      .filter((r) => r.status === status)
      .map((r) => r.stack)
      .join(", ");
  const counts = STATUSES.map((s) => [s, results.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
  if (code === EXIT_ERROR)
    return `exit 1: could not check ${names("error")}${results.some((r) => r.status === "drifted") ? `; drifted: ${names("drifted")}` : ""} (${counts}). Runbook: ${RUNBOOK}`;
  if (code === EXIT_DRIFTED) return `exit 2: drifted: ${names("drifted")} (${counts}). Runbook: ${RUNBOOK}`;
  return `exit 0: no drift (${counts || "no stacks"})`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

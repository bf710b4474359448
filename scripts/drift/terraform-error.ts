/**
 * The part of terraform's output that says what went wrong: the first `Error: ...` block (with
 * -no-color, terraform writes "Error: <summary>", a blank line, then the detail), at most `maxLines`
 * lines; else the last lines of stderr, so the message is never empty.
 */
export function terraformError(
  output: { stdout: string; stderr: string; timedOut?: boolean; code?: number | null },
  maxLines = 12,
): string {
  const text = `${output.stderr}\n${output.stdout}`;
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /^(?:│\s*)?Error: /.test(l));
  const prefix = output.timedOut ? "timed out; " : "";
  if (start === -1) {
    const tail = output.stderr.trim().split("\n").filter(Boolean).slice(-maxLines);
    const shown = tail.length > 0 ? tail.join("\n") : `exit ${String(output.code ?? "unknown")}, no output`;
    return `${prefix}${shown}`;
  }
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    // The next diagnostic starts a new block; one is enough to act on.
    if (block.length > 0 && /^(?:│\s*)?(?:Error|Warning): /.test(line)) break;
    // The box terraform draws around a diagnostic when it thinks it writes to a terminal.
    if (/^[╷╵]\s*$/.test(line)) continue;
    block.push(line.replace(/^│ ?/, "").trimEnd());
    if (block.length >= maxLines) break;
  }
  while (block.length > 0 && block[block.length - 1] === "") block.pop();
  return `${prefix}${block.join("\n")}`;
}

/** The first line of an error message, for a table cell. */
export function summaryOf(message: string): string {
  return message.split("\n")[0]!.replace(/^Error: /, "");
}

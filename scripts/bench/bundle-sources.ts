/**
 * Which source file a line of the esbuild bundle came from. esbuild starts every module it inlines
 * with a `// <path>` comment (relative to the project root); a profile's frames in the bundle are
 * charged to that file, and through it to its package, as if the modules were still separate.
 *
 * @returns a lookup from a 0-based line (V8's `callFrame.lineNumber`) to that path
 */
export function bundleSourcesOf(bundleText: string): (line: number) => string | undefined {
  const starts: { line: number; file: string }[] = [];
  bundleText.split("\n").forEach((text, line) => {
    const marker = /^\/\/ (\S+\.(?:ts|js|cjs|mjs|json))$/.exec(text);
    if (marker) starts.push({ line, file: marker[1]! });
  });
  return (line) => {
    let low = 0;
    let high = starts.length - 1;
    let found: string | undefined;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (starts[mid]!.line <= line) {
        found = starts[mid]!.file;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  };
}

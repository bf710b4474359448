/**
 * Managed resources among `terraform state list` lines. A data source (`data.<type>.<name>`, also
 * inside modules: `module.<name>[<key>].data...`) is read at every plan and is not deployed
 * infrastructure, so a state holding only data sources counts as not deployed.
 */
export function managedAddresses(stateListStdout: string): string[] {
  return stateListStdout
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !isDataSource(line));
}

function isDataSource(address: string): boolean {
  let rest = address;
  // Module instance keys may hold dots (module.x["a.b"]): strip whole `module.<name>[...]` steps.
  for (;;) {
    const step = /^module\.[A-Za-z_][\w-]*(\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?\./.exec(rest);
    if (!step) break;
    rest = rest.slice(step[0].length);
  }
  return rest.startsWith("data.");
}

/** `terraform state list` exits 1 with this when the backend has no state for the workspace at all. */
export const NO_STATE_MESSAGE = "No state file was found!";

import { StackResult } from "./result";

/** 0: every stack in sync or not deployed. */
export const EXIT_IN_SYNC = 0;
/** 1: a stack could not be checked (or the check was asked for wrongly): the result is incomplete. */
export const EXIT_ERROR = 1;
/** 2: some stack drifted and every stack was checked (terraform plan -detailed-exitcode's 2). */
export const EXIT_DRIFTED = 2;

/**
 * Error wins over drift: a stack that could not be planned may have drifted too, so "2: these
 * drifted" would claim more than was checked. The table still lists every drifted stack.
 */
export function exitCodeOf(results: readonly StackResult[]): number {
  if (results.some((r) => r.status === "error")) return EXIT_ERROR;
  if (results.some((r) => r.status === "drifted")) return EXIT_DRIFTED;
  return EXIT_IN_SYNC;
}

/** GitHub names a deploy role's trust is built from, one definition for the module and config. */

/** GitHub's login rule: letters, digits and single hyphens, not at either end, at most 39. */
export const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** GitHub's repository names: letters, digits, ".", "_", "-", at most 100, never "." or "..". */
export const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Why `branch` cannot be matched exactly in a `sub` claim, or undefined: git's ref-name rules
 * (no space, "~^:?*[\\", "..", "@{", no "/" or "." at either end, no ".lock" ending, no empty
 * component) plus no "*" or "?" so the claim is never a pattern.
 */
export function branchProblem(branch: string): string | undefined {
  if (branch.length === 0 || branch.length > 255) return "1-255 characters";
  const control = [...branch].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (control || /[\s~^:?*[\\]/.test(branch)) return "no spaces, control characters or any of ~ ^ : ? * [ \\";
  if (branch.includes("..") || branch.includes("@{") || branch.includes("//"))
    return 'no "..", "@{" or empty path component';
  if (/^[/.-]|[/.]$|\.lock$|\/\./.test(branch))
    return 'not starting with "/", "." or "-", not ending with "/", "." or ".lock", no component starting with "."';
  if (branch.startsWith("refs/")) return 'the branch name alone, without "refs/heads/"';
  return undefined;
}

import { existsSync } from "node:fs";
import * as path from "node:path";

/**
 * The repository root: the nearest directory above this file holding `cdktf.json`. Found rather
 * than computed from `__dirname`, because the same code runs from source (tsx, jest) and from the
 * single bundle `npm run synth` builds into `.build/`, where `__dirname` is that bundle's directory.
 */
export const PROJECT_ROOT = projectRootAbove(__dirname);

function projectRootAbove(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "cdktf.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no cdktf.json in ${start} or any directory above it`);
  }
}

/**
 * The e2e suites run on two jest workers, each against its own moto. Started first, the lifecycle
 * suite (every dev stack, ~14 min) overlaps all the others; jest's own order (by file size on a fresh
 * clone) could leave it for last and add the others' minutes to CI.
 */
const Sequencer = require("@jest/test-sequencer").default;

const FIRST = "lifecycle.e2e.test.ts";

class LongestFirst extends Sequencer {
  sort(tests) {
    const first = (test) => (test.path.endsWith(FIRST) ? 0 : 1);
    return [...tests].sort((a, b) => first(a) - first(b) || a.path.localeCompare(b.path));
  }
}

module.exports = LongestFirst;

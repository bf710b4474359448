import { roundRobin } from "../../../scripts/bench/schedule";

test("runs run 1 of every item, then run 2 of every item, one at a time", async () => {
  const order: string[] = [];
  let running = 0;
  const results = await roundRobin(["a", "b", "c"], 3, async (item, run) => {
    running++;
    expect(running).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    order.push(`${item}${run}`);
    running--;
    return `${item}:${run}`;
  });
  expect(order).toEqual(["a1", "b1", "c1", "a2", "b2", "c2", "a3", "b3", "c3"]);
  expect(results).toEqual([
    ["a:1", "a:2", "a:3"],
    ["b:1", "b:2", "b:3"],
    ["c:1", "c:2", "c:3"],
  ]);
});

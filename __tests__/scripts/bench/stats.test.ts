import { median } from "../../../scripts/bench/stats";

test.each([
  [[3], 3],
  [[5, 1, 3], 3],
  [[9, 1, 1, 8, 2], 2],
  [[4, 1, 3, 2], 2.5],
  [[10, 0], 5],
])("median of %j is %d", (values, expected) => {
  expect(median(values)).toBe(expected);
});

test("leaves its input in order", () => {
  const values = [3, 1, 2];
  median(values);
  expect(values).toEqual([3, 1, 2]);
});

test("has no median of nothing", () => {
  expect(() => median([])).toThrow("median of no values");
});

import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { analyze, handler } from "../../../lambdas/aipx/cognitive";

function request(method: string, rawPath: string, body?: unknown): APIGatewayProxyEventV2 {
  return {
    rawPath,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { http: { method } },
  } as unknown as APIGatewayProxyEventV2;
}
const bodyOf = (result: { body?: string }) => JSON.parse(result.body!) as Record<string, unknown>;

test("GET /health answers 200", async () => {
  expect(await handler(request("GET", "/health"))).toMatchObject({ statusCode: 200 });
});

test("POST /analyze summarizes the series", async () => {
  const result = await handler(request("POST", "/analyze", { symbol: "AAPL", prices: [100, 110, 99] }));
  expect(result.statusCode).toBe(200);
  expect(bodyOf(result)).toEqual({
    symbol: "AAPL",
    count: 3,
    mean: expect.closeTo(103),
    volatility: expect.closeTo(0.1),
    trend: "down",
  });
  expect(analyze("X", [1, 1]).trend).toBe("flat");
});

test.each([
  ["not json", "the body must be JSON"],
  [{ prices: [1, 2] }, "symbol must be a non-empty string"],
  [{ symbol: "A", prices: [1] }, "prices must be an array of 2 to 10000 numbers"],
  [{ symbol: "A", prices: [1, "2"] }, "prices[1] must be a positive number"],
  [{ symbol: "A", prices: [1, 0] }, "prices[1] must be a positive number"],
])("a bad body %j is a 400 naming the problem", async (body, error) => {
  const result = await handler(request("POST", "/analyze", body));
  expect(result.statusCode).toBe(400);
  expect(bodyOf(result).error).toBe(error);
});

test("an unknown route is a 404", async () => {
  expect(await handler(request("DELETE", "/analyze"))).toMatchObject({ statusCode: 404 });
});

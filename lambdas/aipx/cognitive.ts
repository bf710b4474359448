import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** What POST /analyze answers for a price series. */
export interface Analysis {
  readonly symbol: string;
  readonly count: number;
  readonly mean: number;
  /** Standard deviation of the relative moves between consecutive prices. */
  readonly volatility: number;
  readonly trend: "up" | "down" | "flat";
}

const MAX_PRICES = 10_000;

/**
 * Cognitive API (cold path, behind the HTTP API): `GET /health` → 200, `POST /analyze` with
 * `{"symbol": "...", "prices": [n, ...]}` → summary statistics. A placeholder for the model; it needs
 * no AWS permission at all. Bad input is a 400 naming the field, never a 500.
 */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const route = `${event.requestContext.http.method} ${event.rawPath.replace(/\/+$/, "") || "/"}`;
  if (route === "GET /health") return json(200, { status: "ok" });
  if (route !== "POST /analyze") return json(404, { error: `no route ${route}` });
  let body: unknown;
  try {
    const text = event.isBase64Encoded
      ? Buffer.from(event.body ?? "", "base64").toString("utf8")
      : event.body;
    body = JSON.parse(text ?? "");
  } catch {
    return json(400, { error: "the body must be JSON" });
  }
  const problem = inputProblem(body);
  if (problem) return json(400, { error: problem });
  const { symbol, prices } = body as { symbol: string; prices: number[] };
  return json(200, analyze(symbol, prices));
}

function inputProblem(body: unknown): string | undefined {
  const input = body as { symbol?: unknown; prices?: unknown } | null;
  if (!input || typeof input.symbol !== "string" || input.symbol === "")
    return "symbol must be a non-empty string";
  if (!Array.isArray(input.prices) || input.prices.length < 2 || input.prices.length > MAX_PRICES) {
    return `prices must be an array of 2 to ${MAX_PRICES} numbers`;
  }
  const bad = input.prices.findIndex((p) => typeof p !== "number" || !(p > 0));
  return bad >= 0 ? `prices[${bad}] must be a positive number` : undefined;
}

export function analyze(symbol: string, prices: readonly number[]): Analysis {
  const mean = prices.reduce((sum, p) => sum + p, 0) / prices.length;
  const moves = prices.slice(1).map((p, i) => (p - prices[i]!) / prices[i]!);
  const average = moves.reduce((sum, m) => sum + m, 0) / moves.length;
  const volatility = Math.sqrt(moves.reduce((sum, m) => sum + (m - average) ** 2, 0) / moves.length);
  const first = prices[0]!;
  const last = prices[prices.length - 1]!;
  const trend = last > first ? "up" : last < first ? "down" : "flat";
  return { symbol, count: prices.length, mean, volatility, trend };
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

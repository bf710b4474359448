import {
  apiNameProblem,
  httpApiCorsProblems,
  jwtIssuerProblem,
  publicReasonProblem,
  routeKeyProblem,
  throttleBurstProblem,
  throttleRateProblem,
} from "../../../modules/apigateway/http-api-rules";

/** The light rules config shares with HttpApi: each accepts what API Gateway takes and words the rest. */

test.each([
  "$default",
  "ANY /{proxy+}",
  "GET /",
  "GET /orders/{id}",
  "POST /v1/orders",
  "DELETE /a.b/c_d/~e-f",
])("route key %s is accepted", (key) => expect(routeKeyProblem("routes[0]", key)).toBeUndefined());

test.each([
  ["default", /must be "\$default" or "<ANY\|GET\|POST\|PUT\|PATCH\|DELETE\|HEAD\|OPTIONS> \/<path>"/],
  ["get /orders", /must be "\$default" or/],
  ["GET  /orders", /must be "\$default" or/],
  ["GET /orders/", /must be a path of .*no empty segment or trailing "\/"/],
  ["GET /{proxy+}/more", /must be a route whose greedy "\{param\+\}" is its last segment/],
  ["GET /{1id}", /must be a path of/],
  [42, /must be "\$default" or .*got 42/],
])("route key %j is refused", (key, message) => {
  expect(routeKeyProblem("routes[0]", key)).toMatch(new RegExp(`^routes\\[0\\] ${message.source}`));
});

test.each([
  [50, undefined],
  [0.5, undefined],
  [10_000, undefined],
  [0, /above 0 and at most 10000/],
  [10_001, /got 10001/],
  [Number.NaN, /got NaN/],
])("rate %p", (rate, problem) => {
  const found = throttleRateProblem("throttle.rateLimit", rate);
  if (problem) expect(found).toMatch(problem);
  else expect(found).toBeUndefined();
});

test.each([
  [1, undefined],
  [5000, undefined],
  [0, /from 1 to 5000/],
  [2.5, /got 2.5/],
  [5001, /got 5001/],
])("burst %p", (burst, problem) => {
  const found = throttleBurstProblem("throttle.burstLimit", burst);
  if (problem) expect(found).toMatch(problem);
  else expect(found).toBeUndefined();
});

test("names, issuers and public reasons", () => {
  expect(apiNameProblem("apiName", "aipx-dev_cognitive")).toBeUndefined();
  expect(apiNameProblem("api_name", "a".repeat(129))).toMatch(/^api_name must be 1-128 letters/);
  expect(jwtIssuerProblem("issuer", "https://login.example.com/realms/aipx")).toBeUndefined();
  expect(jwtIssuerProblem("issuer", "login.example.com")).toMatch(/^issuer must be an https URL/);
  expect(publicReasonProblem("public", "health checks of the load tester")).toBeUndefined();
  expect(publicReasonProblem("public", "          ")).toMatch(/^public must be the reason the API is public/);
  expect(publicReasonProblem("public", "x".repeat(257))).toMatch(/10-256/);
});

test("CORS problems are worded per field, origins by the S3 module's rule", () => {
  expect(httpApiCorsProblems({ allowedOrigins: ["https://app.example.com"] })).toEqual([]);
  expect(
    httpApiCorsProblems({
      allowedOrigins: ["HTTPS://APP.EXAMPLE.COM", "*"],
      allowCredentials: true,
      allowedHeaders: ["bad header"],
      maxAgeSeconds: -1,
    }),
  ).toEqual([
    expect.stringMatching(/^cors.allowedOrigins\[0\] must be lowercase/),
    'cors.allowCredentials must be false with allowedOrigins "*" (browsers and API Gateway refuse both), got true',
    'cors.allowedHeaders[0] must be a header name or "*", got "bad header"',
    "cors.maxAgeSeconds must be a whole number of seconds from 0 to 86400, got -1",
  ]);
});

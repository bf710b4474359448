import {
  BucketCors,
  CORS_ORIGIN_EXPECTED,
  corsOriginProblem,
  corsProblems,
} from "../../../modules/s3/cors-rules";

const PATH_RULE =
  'an origin without a path or trailing "/" (a browser\'s Origin header is scheme://host[:port] only)';

describe("corsOriginProblem", () => {
  test.each([
    "*",
    "https://app.example.com",
    "https://app.example.com:8443",
    "https://xn--bcher-kva.example",
    "http://localhost:5173",
    "http://127.0.0.1:3000",
    "http://localhost",
    "https://localhost:5173",
  ])("accepts %p", (origin) => {
    expect(corsOriginProblem(origin)).toBeUndefined();
  });

  test.each<[string, string]>([
    ["https://app.example.com/", PATH_RULE],
    ["https://app.example.com/upload", PATH_RULE],
    ["https://app.example.com?x=1", PATH_RULE],
    ["http://app.example.com", "https (http only for localhost and 127.0.0.1)"],
    ["ftp://files.example.com", "https (http only for localhost and 127.0.0.1)"],
    [
      "https://App.Example.com",
      "lowercase (browsers send the Origin header lowercased and S3 matches it exactly)",
    ],
    [
      "https://app.example.com:443",
      "without the default port :443 (browsers leave it out of the Origin header)",
    ],
    ["http://localhost:80", "without the default port :80 (browsers leave it out of the Origin header)"],
    ["https://app.example.com:70000", "a port from 1 to 65535"],
    ["https://*.example.com", '"*" alone or one exact origin (no wildcard inside an origin here)'],
    ["app.example.com", CORS_ORIGIN_EXPECTED],
    ["https://", CORS_ORIGIN_EXPECTED],
    ["https://user@app.example.com", CORS_ORIGIN_EXPECTED],
    ["https://intranet", CORS_ORIGIN_EXPECTED],
    ["https://-bad.example.com", CORS_ORIGIN_EXPECTED],
    ["", CORS_ORIGIN_EXPECTED],
  ])("refuses %p", (origin, rule) => {
    expect(corsOriginProblem(origin, 2)).toBe(
      `allowedOrigins[2] must be ${rule}, got ${JSON.stringify(origin)}`,
    );
  });

  test("without an index the field is named generically, for config to place", () => {
    expect(corsOriginProblem("https://a.example.com/")).toMatch(/^allowedOrigins\[\] must be /);
  });
});

describe("corsProblems", () => {
  const cors = (fields: Partial<BucketCors>): BucketCors => ({
    allowedOrigins: ["https://app.example.com"],
    ...fields,
  });

  test("the defaults and a full rule pass", () => {
    expect(corsProblems(cors({}))).toEqual([]);
    expect(
      corsProblems(
        cors({
          allowedOrigins: ["*"],
          allowedMethods: ["GET", "POST", "DELETE"],
          allowedHeaders: ["Content-Type", "x-amz-*"],
          exposeHeaders: ["ETag", "x-amz-version-id"],
          maxAgeSeconds: 0,
        }),
      ),
    ).toEqual([]);
  });

  test.each<[string, Partial<BucketCors>, string]>([
    ["no origin", { allowedOrigins: [] }, "allowedOrigins must be at least one origin, got none"],
    [
      "a bad origin, by index",
      { allowedOrigins: ["https://a.example.com", "http://b.example.com"] },
      'allowedOrigins[1] must be https (http only for localhost and 127.0.0.1), got "http://b.example.com"',
    ],
    [
      "a duplicate origin",
      { allowedOrigins: ["https://a.example.com", "https://a.example.com"] },
      'allowedOrigins[1] must be unique (allowedOrigins[0]), got "https://a.example.com"',
    ],
    [
      '"*" beside named origins',
      { allowedOrigins: ["https://a.example.com", "*"] },
      'allowedOrigins must be ["*"] alone or named origins only, got "*" among 2 origins',
    ],
    [
      "no method",
      { allowedMethods: [] },
      "allowedMethods must be at least one of GET, PUT, POST, HEAD, DELETE, got none",
    ],
    [
      "an unknown method",
      { allowedMethods: ["GET", "PATCH" as "GET"] },
      'allowedMethods[1] must be one of GET, PUT, POST, HEAD, DELETE, got "PATCH"',
    ],
    [
      "a repeated method",
      { allowedMethods: ["PUT", "PUT"] },
      'allowedMethods[1] must be unique, got "PUT" twice',
    ],
    [
      "two wildcards in one allowed header",
      { allowedHeaders: ["x-*-*"] },
      'allowedHeaders[0] must be a header name with at most one "*" wildcard (S3\'s limit), got "x-*-*"',
    ],
    [
      "a wildcard exposed header",
      { exposeHeaders: ["*"] },
      'exposeHeaders[0] must be a header name without wildcards, got "*"',
    ],
    [
      "a max age over a day",
      { maxAgeSeconds: 86401 },
      "maxAgeSeconds must be a whole number of seconds from 0 to 86400 (browsers cap it there or lower), got 86401",
    ],
    [
      "a negative max age",
      { maxAgeSeconds: -1 },
      "maxAgeSeconds must be a whole number of seconds from 0 to 86400 (browsers cap it there or lower), got -1",
    ],
  ])("refuses %s", (_what, fields, message) => {
    expect(corsProblems(cors(fields))).toEqual([message]);
  });
});

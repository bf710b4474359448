import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { MotoServer } from "./moto";
import { describeWithTools } from "./tools";

/**
 * The launcher's ACM settings for the HTTPS edge (modules/dns/): the acm_requested_key_algorithm
 * patch and MOTO_ACM_VALIDATION_WAIT=2, against the launcher itself over ACM's JSON API.
 */
const ACCOUNT = "111111111111";
const REGION = "ap-northeast-2";

describeWithTools("moto launcher: ACM for DnsValidatedCertificate", ["moto"], (tools) => {
  let work: string;
  let moto: MotoServer;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "moto-launcher-edge-"));
    moto = await MotoServer.start({ python: tools.python, logFile: path.join(work, "moto.log") });
  }, 60_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** One ACM call, signed the way moto reads it: the 12-digit key id names the account. */
  async function acm(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await fetch(`${moto.url}/`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": `CertificateManager.${action}`,
        "X-Amz-Date": "20260101T000000Z",
        Authorization: `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20260101/${REGION}/acm/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`,
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${action}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  }

  async function request(extra: Record<string, unknown> = {}): Promise<string> {
    const { CertificateArn } = await acm("RequestCertificate", {
      DomainName: "api.example.com",
      ValidationMethod: "DNS",
      ...extra,
    });
    return CertificateArn as string;
  }

  async function describe(arn: string): Promise<Record<string, unknown>> {
    return (await acm("DescribeCertificate", { CertificateArn: arn })).Certificate as Record<string, unknown>;
  }

  test("reports the key algorithm a certificate was requested with (acm_requested_key_algorithm)", async () => {
    const ec = await describe(await request({ KeyAlgorithm: "EC_prime256v1" }));
    expect(ec.KeyAlgorithm).toBe("EC_prime256v1");
    expect(ec.CertificateArn).toMatch(new RegExp(`^arn:aws:acm:${REGION}:${ACCOUNT}:certificate/`));
  });

  test("without KeyAlgorithm the certificate is RSA_2048, as in AWS", async () => {
    expect((await describe(await request())).KeyAlgorithm).toBe("RSA_2048");
  });

  test("a certificate is PENDING_VALIDATION when requested and ISSUED 2 s later (MOTO_ACM_VALIDATION_WAIT)", async () => {
    const arn = await request();
    const pending = await describe(arn);
    expect(pending.Status).toBe("PENDING_VALIDATION");
    // One DNS validation record for one name: what DnsValidatedCertificate writes to the zone.
    expect(pending.DomainValidationOptions).toEqual([
      expect.objectContaining({
        DomainName: "api.example.com",
        ValidationMethod: "DNS",
        ResourceRecord: expect.objectContaining({ Type: "CNAME" }),
      }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await describe(arn)).Status).toBe("ISSUED");
  });
});

import { execFileSync } from "node:child_process";
import {
  DNS_TTL_SECONDS,
  FASTAPI_VERSION,
  UVICORN_VERSION,
  cloudWatchAgentConfig,
  modelServerUserData,
} from "../../../modules/ec2/model-server-user-data";

const script = modelServerUserData({
  port: 8080,
  logGroupName: "/ec2/acme-dev-model/model-server",
  hostedZoneId: "Z0123456789ABCDEFGHIJ",
  recordName: "acme-dev-model.internal",
  autoScalingGroupName: "acme-dev-model",
});

/** The body of a `cat > <path> <<'TAG'` heredoc of the script. */
function heredoc(path: string, tag: string): string {
  const start = script.indexOf(`cat > ${path} <<'${tag}'\n`);
  if (start < 0) throw new Error(`no heredoc for ${path}`);
  const body = script.slice(script.indexOf("\n", start) + 1);
  return body.slice(0, body.indexOf(`\n${tag}\n`) + 1);
}

describe("modelServerUserData", () => {
  it("is a bash script bash can parse, without a backslash (Fn.rawString would lose a continuation)", () => {
    expect(script.startsWith("#!/bin/bash\n")).toBe(true);
    expect(script).not.toContain("\\");
    execFileSync("bash", ["-n"], { input: script });
    execFileSync("bash", ["-n"], { input: heredoc("/usr/local/sbin/model-server-dns", "DNS") });
  });

  it("writes the DNS settings the registration reads", () => {
    expect(heredoc("/etc/model-server/dns.conf", "CONF")).toBe(
      `ZONE_ID=Z0123456789ABCDEFGHIJ\nRECORD_NAME=acme-dev-model.internal\nGROUP_NAME=acme-dev-model\nPORT=8080\nTTL=${DNS_TTL_SECONDS}\n`,
    );
    expect(DNS_TTL_SECONDS).toBe(10);
  });

  it("installs the FastAPI template app with pinned versions into a venv, run by an unprivileged user", () => {
    const app = heredoc("/opt/model-server/app/main.py", "APP");
    expect(app).toContain('@app.get("/health")');
    expect(app).toContain("status_code=503");
    expect(script).toContain(`"fastapi==${FASTAPI_VERSION}" "uvicorn==${UVICORN_VERSION}"`);
    const unit = heredoc("/etc/systemd/system/model-server.service", "UNIT");
    expect(unit).toContain("User=model-server\n");
    expect(unit).toContain(
      "ExecStart=/opt/model-server/venv/bin/uvicorn main:app --host 0.0.0.0 --port 8080\n",
    );
    expect(unit).toContain("Restart=always\n");
    expect(unit).toContain("StandardError=append:/var/log/model-server.log\n");
  });

  it("registers a multivalue A record per instance (SetIdentifier = instance id) once /health answers", () => {
    const dns = heredoc("/usr/local/sbin/model-server-dns", "DNS");
    expect(dns).toContain('"Type":"A","SetIdentifier":"%s","MultiValueAnswer":true,"TTL":%s');
    expect(dns).toContain('curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"');
    expect(dns).toContain('change UPSERT "$INSTANCE_ID" "$TTL" "$PRIVATE_IP"');
    expect(dns).toContain('change DELETE "$INSTANCE_ID" "$TTL" "$PRIVATE_IP"');
    // Prune: the group's pending and running instances keep their answers, every other one goes.
    expect(dns).toContain(
      '"Name=tag:aws:autoscaling:groupName,Values=$GROUP_NAME" "Name=instance-state-name,Values=pending,running"',
    );
    expect(dns).toContain('change DELETE "$id" "$ttl" "$address"');
    expect(dns).toContain("imds spot/instance-action");
    expect(dns).toContain("X-aws-ec2-metadata-token-ttl-seconds: 300");
  });

  it("deregisters before the app stops and while the network is up; the Spot watcher leaves earlier", () => {
    const unit = heredoc("/etc/systemd/system/model-server-dns.service", "UNIT");
    expect(unit).toContain("After=network-online.target model-server.service\n");
    expect(unit).toContain("ExecStart=/usr/local/sbin/model-server-dns register\n");
    expect(unit).toContain("ExecStop=/usr/local/sbin/model-server-dns deregister\n");
    expect(unit).toContain("Restart=on-failure\n");
    expect(heredoc("/etc/systemd/system/model-server-spot-watch.service", "UNIT")).toContain(
      "ExecStart=/usr/local/sbin/model-server-dns watch-spot\n",
    );
    expect(script).toContain(
      "systemctl start --no-block model-server-dns.service model-server-spot-watch.service",
    );
  });

  it("configures the CloudWatch agent for the log file only", () => {
    expect(JSON.parse(heredoc("/opt/aws/amazon-cloudwatch-agent/etc/model-server.json", "AGENT"))).toEqual(
      cloudWatchAgentConfig("/ec2/acme-dev-model/model-server"),
    );
    expect(cloudWatchAgentConfig("/g")).not.toHaveProperty("metrics");
  });

  it("enables Docker, turns sshd off and reaches nothing but AWS, the OS repositories and PyPI", () => {
    expect(script).toContain("systemctl enable --now docker.service");
    expect(script).toContain("systemctl disable --now sshd.service");
    const urls = script.match(/https?:\/\/[^\s"]+/g) ?? [];
    for (const url of urls) expect(url).toMatch(/^http:\/\/(169\.254\.169\.254\/|127\.0\.0\.1:)/);
    expect(script).not.toMatch(/\b(wget|git clone|curl [^\n]*\| *(ba)?sh)\b/);
  });
});

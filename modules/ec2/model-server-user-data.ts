/**
 * The boot script of a GPU model server (modules/ec2/gpu-model-server.ts), rendered at synth. A plain
 * shell script, as cloud-init runs user data once per instance: it writes the template app, the
 * systemd units and the CloudWatch agent's configuration, and starts them; the units then run at
 * every boot. No backslashes anywhere: the module passes the text through Fn.rawString, which loses a
 * `\` line continuation.
 */

/** Where the app writes its output and the CloudWatch agent reads it. */
export const MODEL_SERVER_LOG = "/var/log/model-server.log";
export const HEALTH_PATH = "/health";
/** Seconds resolvers keep an answer: a replaced or interrupted instance drops out within this. */
export const DNS_TTL_SECONDS = 10;
/**
 * Versions of the template app's two packages, pinned so every instance of a launch template version
 * runs the same code; raise them together with the app.
 */
export const FASTAPI_VERSION = "0.115.6";
export const UVICORN_VERSION = "0.34.0";

export interface ModelServerUserDataProps {
  /** TCP port the app listens on. */
  readonly port: number;
  /** The CloudWatch log group the agent ships the app's log to. */
  readonly logGroupName: string;
  /** The private hosted zone holding the server's record. */
  readonly hostedZoneId: string;
  /** Lowercase, without the trailing dot, e.g. "acme-dev-model.internal". */
  readonly recordName: string;
  /** The instances' Auto Scaling group: records of instances not running in it are pruned. */
  readonly autoScalingGroupName: string;
}

export function modelServerUserData(props: ModelServerUserDataProps): string {
  return `#!/bin/bash
# GPU model server (modules/ec2/gpu-model-server.ts): the template app on port ${props.port}, its
# DNS registration and its log shipping. Session Manager is the only way in.
set -euo pipefail

systemctl disable --now sshd.service 2> /dev/null || true

mkdir -p /etc/model-server /opt/model-server/app
cat > /etc/model-server/dns.conf <<'CONF'
ZONE_ID=${props.hostedZoneId}
RECORD_NAME=${props.recordName}
GROUP_NAME=${props.autoScalingGroupName}
PORT=${props.port}
TTL=${DNS_TTL_SECONDS}
CONF

cat > /opt/model-server/app/main.py <<'APP'
${APP}APP

id model-server > /dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin model-server
# The DLAMI's Python 3.12 (on the host, next to the NVIDIA driver); any python3 on another AMI.
PYTHON=/usr/bin/python3.12
[ -x "$PYTHON" ] || PYTHON=$(command -v python3)
"$PYTHON" -m venv /opt/model-server/venv
/opt/model-server/venv/bin/pip install --quiet --no-cache-dir "fastapi==${FASTAPI_VERSION}" "uvicorn==${UVICORN_VERSION}"
touch ${MODEL_SERVER_LOG}
chmod 0640 ${MODEL_SERVER_LOG}

cat > /usr/local/sbin/model-server-dns <<'DNS'
${DNS_SCRIPT}DNS
chmod 0755 /usr/local/sbin/model-server-dns

cat > /etc/systemd/system/model-server.service <<'UNIT'
[Unit]
Description=GPU model server (FastAPI) on port ${props.port}
Wants=network-online.target
After=network-online.target

[Service]
User=model-server
Group=model-server
WorkingDirectory=/opt/model-server/app
ExecStart=/opt/model-server/venv/bin/uvicorn main:app --host 0.0.0.0 --port ${props.port}
Restart=always
RestartSec=5
StandardOutput=append:${MODEL_SERVER_LOG}
StandardError=append:${MODEL_SERVER_LOG}

[Install]
WantedBy=multi-user.target
UNIT

# Ordered after the app: at shutdown (scale-in, instance refresh, Spot interruption) systemd stops
# this first, so the record goes before the server does; network-online keeps the network up for it.
cat > /etc/systemd/system/model-server-dns.service <<'UNIT'
[Unit]
Description=This instance's answer for ${props.recordName} (registered once ${HEALTH_PATH} answers)
Wants=network-online.target
After=network-online.target model-server.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/model-server-dns register
ExecStop=/usr/local/sbin/model-server-dns deregister
TimeoutStartSec=20min
TimeoutStopSec=30s
Restart=on-failure
RestartSec=30s

[Install]
WantedBy=multi-user.target
UNIT

cat > /etc/systemd/system/model-server-spot-watch.service <<'UNIT'
[Unit]
Description=Leave DNS as soon as a Spot interruption notice arrives
After=model-server-dns.service

[Service]
ExecStart=/usr/local/sbin/model-server-dns watch-spot
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
UNIT

cat > /etc/logrotate.d/model-server <<'ROTATE'
${MODEL_SERVER_LOG} {
  daily
  rotate 3
  compress
  missingok
  copytruncate
}
ROTATE

mkdir -p /opt/aws/amazon-cloudwatch-agent/etc
cat > /opt/aws/amazon-cloudwatch-agent/etc/model-server.json <<'AGENT'
${JSON.stringify(cloudWatchAgentConfig(props.logGroupName), null, 2)}
AGENT
[ -x /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl ] || dnf install -y -q amazon-cloudwatch-agent
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/opt/aws/amazon-cloudwatch-agent/etc/model-server.json

# Docker with the NVIDIA runtime ships with the DLAMI: a real model may run as a container instead.
systemctl list-unit-files docker.service > /dev/null 2>&1 || dnf install -y -q docker
systemctl enable --now docker.service

systemctl daemon-reload
systemctl enable --now model-server.service
# Registration waits for ${HEALTH_PATH}; cloud-init does not wait for it.
systemctl enable model-server-dns.service model-server-spot-watch.service
systemctl start --no-block model-server-dns.service model-server-spot-watch.service
`;
}

/** The agent ships the app's log only: no metrics (each custom metric is billed). */
export function cloudWatchAgentConfig(logGroupName: string): Record<string, unknown> {
  return {
    agent: { run_as_user: "root" },
    logs: {
      logs_collected: {
        files: {
          collect_list: [
            {
              file_path: MODEL_SERVER_LOG,
              log_group_name: logGroupName,
              log_stream_name: "{instance_id}",
            },
          ],
        },
      },
    },
  };
}

/**
 * The template app: the API's contract (GET /health, POST /predict) without a model. /health answers
 * 503 while no GPU is visible, so a broken driver never gets the instance into DNS.
 */
const APP = `"""Template model server (modules/ec2/gpu-model-server.ts): load the model and fill in predict()."""
import shutil
import subprocess

from fastapi import FastAPI, HTTPException

app = FastAPI(title="model-server")


def visible_gpus() -> list[str]:
    if shutil.which("nvidia-smi") is None:
        return []
    result = subprocess.run(
        ["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if result.returncode != 0:
        return []
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]


GPUS = visible_gpus()


@app.get("${HEALTH_PATH}")
def health() -> dict:
    if not GPUS:
        raise HTTPException(status_code=503, detail="no GPU visible (nvidia-smi)")
    return {"status": "ok", "gpus": GPUS}


@app.post("/predict")
def predict() -> dict:
    raise HTTPException(status_code=501, detail="no model loaded yet")
`;

/**
 * register: prune the records of instances that are gone, then UPSERT this instance's address once
 * the app answers; deregister: DELETE it; watch-spot: deregister at a Spot interruption notice.
 * Each answer is a multivalue record whose SetIdentifier is the instance id.
 */
const DNS_SCRIPT = `#!/bin/bash
set -euo pipefail
. /etc/model-server/dns.conf

imds() {
  local token
  token=$(curl -sSf -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 300" http://169.254.169.254/latest/api/token)
  curl -sSf -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
}

INSTANCE_ID=$(imds instance-id)
PRIVATE_IP=$(imds local-ipv4)
AWS_DEFAULT_REGION=$(imds placement/region)
export AWS_DEFAULT_REGION

# change ACTION SET_IDENTIFIER TTL ADDRESS
change() {
  local batch
  batch=$(printf '{"Changes":[{"Action":"%s","ResourceRecordSet":{"Name":"%s","Type":"A","SetIdentifier":"%s","MultiValueAnswer":true,"TTL":%s,"ResourceRecords":[{"Value":"%s"}]}}]}' "$1" "$RECORD_NAME" "$2" "$3" "$4")
  aws route53 change-resource-record-sets --hosted-zone-id "$ZONE_ID" --change-batch "$batch" > /dev/null
}

# An instance that died without stopping cleanly (hardware failure, a failed stop) left its answer.
prune() {
  local live records id ttl address
  live=$(aws ec2 describe-instances --filters "Name=tag:aws:autoscaling:groupName,Values=$GROUP_NAME" "Name=instance-state-name,Values=pending,running" --query "Reservations[].Instances[].InstanceId" --output text)
  live=" $(echo $live) "
  records=$(aws route53 list-resource-record-sets --hosted-zone-id "$ZONE_ID" --query "ResourceRecordSets[?Type=='A' && Name=='$RECORD_NAME.'].[SetIdentifier,TTL,ResourceRecords[0].Value]" --output text)
  while read -r id ttl address; do
    [ -n "$id" ] || continue
    case "$live" in
      *" $id "*) ;;
      *)
        echo "model-server-dns: removing $address of $id, which no longer runs"
        change DELETE "$id" "$ttl" "$address" || true
        ;;
    esac
  done <<< "$records"
}

register() {
  local attempt
  for attempt in $(seq 1 180); do
    if curl -sf -o /dev/null "http://127.0.0.1:$PORT${HEALTH_PATH}"; then
      prune
      change UPSERT "$INSTANCE_ID" "$TTL" "$PRIVATE_IP"
      echo "model-server-dns: $RECORD_NAME answers $PRIVATE_IP for $INSTANCE_ID"
      return 0
    fi
    sleep 5
  done
  echo "model-server-dns: ${HEALTH_PATH} did not answer within 15 minutes (attempt $attempt); not registered" >&2
  return 1
}

deregister() {
  if change DELETE "$INSTANCE_ID" "$TTL" "$PRIVATE_IP" 2> /dev/null; then
    echo "model-server-dns: removed $PRIVATE_IP of $INSTANCE_ID"
  fi
}

# The notice comes two minutes before the instance stops: clients (TTL ${DNS_TTL_SECONDS} s) move on
# while this server still answers.
watch_spot() {
  while true; do
    if imds spot/instance-action > /dev/null 2>&1; then
      deregister
      return 0
    fi
    sleep 5
  done
}

case "\${1:-}" in
  register) register ;;
  deregister) deregister ;;
  watch-spot) watch_spot ;;
  *)
    echo "usage: model-server-dns register|deregister|watch-spot" >&2
    exit 2
    ;;
esac
`;

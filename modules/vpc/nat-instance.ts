import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { NetworkInterface } from "@cdktf/provider-aws/lib/network-interface";
import { Fn, ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import { awsContextOf } from "../iam/aws-context";
import { Role } from "../iam/role";
import { ServicePrincipals } from "../iam/service-principal";
import { Port } from "../network/port";
import { SecurityGroup } from "../network/security-group";
import { isCidr } from "./cidr";
import { DEFAULT_NAT_INSTANCE_TYPE, gravitonProblem, isGravitonInstanceType } from "./nat-mode";

/** Amazon's public parameter naming the latest Amazon Linux 2023 arm64 AMI of the region. */
export const NAT_INSTANCE_AMI_PARAMETER =
  "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";

/** Amazon Linux 2023's root device, and its snapshot's size: EC2 rejects a smaller root volume. */
const ROOT_DEVICE_NAME = "/dev/xvda";
const ROOT_VOLUME_GB = 8;

/** The fixed interface is the second one; index 0 is the primary interface the launch template creates. */
const NAT_DEVICE_INDEX = 1;

/** Role and profile names are capped at 64 characters and get "-nat-instance" (13) appended. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,50}$/;

export interface NatInstanceProps {
  /** Prefix of the names (`<name>-nat-instance`, `<name>-nat-eni`), e.g. "platform-dev". */
  readonly name: string;
  readonly vpcId: string;
  /** The VPC's IPv4 block, a literal: the only source the NAT forwards for. */
  readonly vpcCidr: string;
  /** A public subnet (routed to an internet gateway); the instance and its fixed interface live there. */
  readonly subnetId: string;
  /**
   * A Graviton (arm64) type: the instance boots the arm64 Amazon Linux 2023 AMI. t4g.nano carries
   * dev egress (up to 5 Gbit/s burst); pick t4g.small or c7g.medium for sustained traffic.
   * @default "t4g.nano"
   */
  readonly instanceType?: string;
  /**
   * One-minute CloudWatch metrics. Off by default: the group replaces the instance on EC2 status
   * checks either way, and detailed monitoring (~USD 2 a month) costs half as much as a t4g.nano.
   * @default false
   */
  readonly detailedMonitoring?: boolean;
  /**
   * What must exist before the instance boots: the public subnet's route to the internet, without
   * which the boot script cannot reach the EC2 API or the OS repositories.
   * @default none
   */
  readonly bootDependencies?: ITerraformDependable[];
}

/**
 * One NAT instance for cheap dev and staging egress, healing itself: an Auto Scaling group of
 * exactly one Graviton instance, plus a fixed network interface (source/dest check off) that the
 * private route tables point at. Whichever instance the group runs attaches that interface at boot,
 * so a replacement needs no route change. Session Manager is the only way in: no key pair, no
 * ingress on the instance's own interface, sshd switched off, and the fixed interface admits the
 * VPC only to forward its traffic.
 *
 * One instance is a single point of failure: an instance or AZ failure cuts every private subnet off
 * until the group has replaced it (a few minutes). Production uses NAT gateways (`per-az`).
 */
export class NatInstance extends Construct {
  /** The fixed interface: the target of the private subnets' default routes. */
  public readonly networkInterfaceId: string;
  /** The fixed interface's group: all traffic from the VPC in, anything out. */
  public readonly securityGroupId: string;
  /** The instance's primary interface's group: no ingress, anything out. */
  public readonly instanceSecurityGroupId: string;
  public readonly autoScalingGroupName: string;
  public readonly launchTemplateId: string;
  public readonly instanceType: string;
  /** The instance role (Session Manager plus attaching the fixed interface); add to it for agents. */
  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: NatInstanceProps) {
    super(scope, id);
    const instanceType = props.instanceType ?? DEFAULT_NAT_INSTANCE_TYPE;
    checkNatInstanceProps(this.node.path, { ...props, instanceType });
    const name = `${props.name}-nat-instance`;

    const eniGroup = new SecurityGroup(this, "interface-security-group", {
      vpcId: props.vpcId,
      name: `${props.name}-nat-eni`,
      description: `Fixed NAT interface of ${props.name}: forwards traffic from the VPC to the internet`,
      // It forwards the VPC's traffic to anywhere on the internet: that is what a NAT is for.
      allowAllOutbound: true,
    });
    eniGroup.connections.allowFromCidr(
      props.vpcCidr,
      Port.allTraffic(),
      "all traffic from the VPC, to forward",
    );
    const instanceGroup = new SecurityGroup(this, "instance-security-group", {
      vpcId: props.vpcId,
      name,
      description: `NAT instance of ${props.name}: no ingress (Session Manager only), egress to the internet`,
      allowAllOutbound: true,
    });

    // Forwarded packets carry other hosts' addresses, which the source/dest check would drop.
    const eni = new NetworkInterface(this, "interface", {
      subnetId: props.subnetId,
      securityGroups: [eniGroup.securityGroupId],
      sourceDestCheck: false,
      description: `NAT of ${props.name}: target of the default routes of the private subnets`,
      tags: { Name: `${props.name}-nat` },
    });

    const { partition, region, accountId } = awsContextOf(this);
    const role = new Role(this, "role", {
      roleName: name,
      assumedBy: ServicePrincipals.ec2,
      description: `NAT instance of ${props.name}: Session Manager, and attaching its fixed interface`,
      managedPolicyArns: [`arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`],
      statements: [
        {
          Sid: "AttachTheNatInterface",
          Effect: "Allow",
          Action: "ec2:AttachNetworkInterface",
          // The action authorizes both the interface and the instance: only this interface, to an
          // instance of this account and region (the instance id is not known before launch).
          Resource: [eni.arn, `arn:${partition}:ec2:${region}:${accountId}:instance/*`],
        },
        {
          Sid: "WaitForTheNatInterface",
          Effect: "Allow",
          // EC2 Describe* actions support no resource-level permissions: `*` is the only resource
          // they accept. Read-only; the boot script waits for the interface to be free.
          Action: "ec2:DescribeNetworkInterfaces",
          Resource: "*",
        },
      ],
    });
    const profile = role.instanceProfile();

    // Resolved at plan time, never a literal AMI id: a new Amazon Linux release reaches the next
    // instance the group launches (a plan shows the launch template's new image).
    const ami = new DataAwsSsmParameter(this, "ami", { name: NAT_INSTANCE_AMI_PARAMETER });
    const tagSpecifications = ["instance", "volume", "network-interface"].map((resourceType) => ({
      resourceType,
      tags: { Name: name },
    }));
    const template = new LaunchTemplate(this, "launch-template", {
      name,
      description: `NAT instance of ${props.name}`,
      imageId: ami.insecureValue,
      instanceType,
      updateDefaultVersion: true,
      iamInstanceProfile: { arn: profile.arn },
      // IMDSv2 only, one hop: credentials never reach a forwarded packet or a container.
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          deviceName: ROOT_DEVICE_NAME,
          ebs: {
            volumeType: "gp3",
            volumeSize: ROOT_VOLUME_GB,
            encrypted: "true",
            deleteOnTermination: "true",
          },
        },
      ],
      monitoring: { enabled: props.detailedMonitoring ?? false },
      // The primary interface egresses: a public IPv4 of its own in the public subnet (no key pair).
      networkInterfaces: [
        {
          deviceIndex: 0,
          associatePublicIpAddress: "true",
          deleteOnTermination: "true",
          securityGroups: [instanceGroup.securityGroupId],
        },
      ],
      userData: userDataWith(eni.id, props.vpcCidr),
      tagSpecifications,
      tags: { Name: name },
    });

    // Exactly one: two instances would fight over the interface. EC2 status checks replace a dead one.
    const group = new AutoscalingGroup(this, "group", {
      name,
      minSize: 1,
      maxSize: 1,
      desiredCapacity: 1,
      vpcZoneIdentifier: [props.subnetId],
      launchTemplate: { id: template.id, version: Token.asString(template.latestVersion) },
      healthCheckType: "EC2",
      tag: [{ key: "Name", value: name, propagateAtLaunch: false }],
      dependsOn: props.bootDependencies,
    });

    this.networkInterfaceId = eni.id;
    this.securityGroupId = eniGroup.securityGroupId;
    this.instanceSecurityGroupId = instanceGroup.securityGroupId;
    this.autoScalingGroupName = group.name;
    this.launchTemplateId = template.id;
    this.instanceType = instanceType;
    this.roleName = role.roleName;
  }
}

/** The props `checkNatInstanceProps` reads. */
interface NatInstanceShape {
  readonly name: string;
  readonly vpcCidr: string;
  readonly instanceType: string;
}

/** Every problem at once, each naming the prop to change, before any resource exists. */
function checkNatInstanceProps(path: string, props: NatInstanceShape): void {
  const problems: string[] = [];
  if (!NAME_PATTERN.test(props.name)) {
    problems.push(
      `name must be 1-51 letters, digits or hyphens starting with a letter or digit (it prefixes the 64-character role name), got "${props.name}"`,
    );
  }
  if (!isCidr(props.vpcCidr)) {
    problems.push(
      `vpcCidr must be an IPv4 CIDR with no host bits set, e.g. "10.0.0.0/16", got "${props.vpcCidr}"`,
    );
  }
  if (!isGravitonInstanceType(props.instanceType)) {
    problems.push(gravitonProblem("instanceType", props.instanceType));
  }
  if (problems.length > 0)
    throw new Error(`${path}: invalid NatInstance props:\n  - ${problems.join("\n  - ")}`);
}

/** Stands for the interface id, which is known only at apply time, while the script is a literal. */
const INTERFACE_ID_PLACEHOLDER = "NAT-INTERFACE-ID";

/**
 * The script as literal text around a reference to the interface id: Fn.rawString escapes what
 * Terraform would read as its own syntax (quotes, `${`, `%{`), so the shell text arrives verbatim.
 */
function userDataWith(networkInterfaceId: string, vpcCidr: string): string {
  const script = natInstanceUserData({ networkInterfaceId: INTERFACE_ID_PLACEHOLDER, vpcCidr });
  const [before, after, ...rest] = script.split(INTERFACE_ID_PLACEHOLDER);
  if (after === undefined || rest.length > 0) throw new Error("the user data names the interface id once");
  return Fn.base64encode(Fn.join("", [Fn.rawString(before!), networkInterfaceId, Fn.rawString(after)]));
}

/**
 * The user data: a plain shell script that installs `nat-instance.service`, so the setup runs at this
 * boot and every reboot (cloud-init runs user data once). No backslashes: Fn.rawString loses the
 * newline of a `\` line continuation.
 */
export function natInstanceUserData(props: { networkInterfaceId: string; vpcCidr: string }): string {
  return `#!/bin/bash
# NAT instance (modules/vpc/nat-instance.ts): installs and starts nat-instance.service.
set -euo pipefail

cat > /etc/nat-instance.conf <<'CONF'
NAT_ENI_ID=${props.networkInterfaceId}
VPC_CIDR=${props.vpcCidr}
CONF

cat > /usr/local/sbin/nat-instance-setup <<'SETUP'
${SETUP_SCRIPT}SETUP
chmod 0755 /usr/local/sbin/nat-instance-setup

cat > /etc/systemd/system/nat-instance.service <<'UNIT'
[Unit]
Description=NAT instance: attach the fixed interface, forward and masquerade the VPC's traffic
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/nat-instance-setup

[Install]
WantedBy=multi-user.target
UNIT

systemctl daemon-reload
systemctl enable --now nat-instance.service
`;
}

/**
 * Runs at every boot. Idempotent: an interface already attached to this instance is kept, rules are
 * replaced as a whole. Only the OS repositories are contacted besides the EC2 API (for nftables,
 * when the AMI lacks it).
 */
const SETUP_SCRIPT = `#!/bin/bash
set -euo pipefail
. /etc/nat-instance.conf

imds() {
  local token
  token=$(curl -sSf -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 300" http://169.254.169.254/latest/api/token)
  curl -sSf -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
}

interface_with_mac() {
  local dev
  for dev in /sys/class/net/*; do
    if [ "$(cat "$dev/address")" = "$1" ]; then
      basename "$dev"
      return 0
    fi
  done
  return 1
}

nat_eni() {
  aws ec2 describe-network-interfaces --region "$REGION" --network-interface-ids "$NAT_ENI_ID" --query "NetworkInterfaces[0].$1" --output text
}

INSTANCE_ID=$(imds instance-id)
REGION=$(imds placement/region)
# Read before the fixed interface adds a second interface and a second route.
PRIMARY_IF=$(interface_with_mac "$(imds mac)")
ROUTER=$(ip -4 route show default dev "$PRIMARY_IF" | awk 'NR == 1 { print $3 }')

# The interface of a replaced instance comes free only once that instance has terminated.
attached=no
for attempt in $(seq 1 120); do
  if [ "$(nat_eni Attachment.InstanceId)" = "$INSTANCE_ID" ]; then
    attached=yes
    break
  fi
  if [ "$(nat_eni Status)" = "available" ]; then
    aws ec2 attach-network-interface --region "$REGION" --network-interface-id "$NAT_ENI_ID" --instance-id "$INSTANCE_ID" --device-index ${NAT_DEVICE_INDEX} > /dev/null || true
  fi
  echo "nat-instance: waiting for $NAT_ENI_ID (attempt $attempt)"
  sleep 5
done
if [ "$attached" != yes ]; then
  echo "nat-instance: $NAT_ENI_ID did not attach to $INSTANCE_ID" >&2
  exit 1
fi
NAT_MAC=$(nat_eni MacAddress)
for attempt in $(seq 1 60); do
  NAT_IF=$(interface_with_mac "$NAT_MAC") && break
  sleep 2
done
if [ -z "$NAT_IF" ]; then
  echo "nat-instance: no interface with MAC $NAT_MAC" >&2
  exit 1
fi

sysctl -q -w net.ipv4.ip_forward=1
# The primary interface keeps its source/dest check, so replies to the VPC must leave through the
# fixed interface (check off): route the VPC through it, now and whenever networkd reconfigures it.
mkdir -p "/etc/systemd/network/70-$NAT_IF.network.d"
cat > "/etc/systemd/network/70-$NAT_IF.network.d/nat-instance.conf" <<ROUTE
[Route]
Destination=$VPC_CIDR
Gateway=$ROUTER
ROUTE
networkctl reload || true
ip route replace "$VPC_CIDR" via "$ROUTER" dev "$NAT_IF"

# The fixed interface admits all traffic from the VPC (to forward it), which would reach sshd and
# EC2 Instance Connect too: Session Manager is the only way in.
systemctl disable --now sshd.service 2> /dev/null || true

command -v nft > /dev/null || dnf install -y -q nftables
# Forward only what the VPC starts towards the internet (and its replies); masquerade it behind the
# primary interface's public IPv4. The instance itself answers nothing that arrives on the fixed
# interface.
nft -f - <<RULES
table ip nat_instance
delete table ip nat_instance
table ip nat_instance {
  chain input {
    type filter hook input priority filter; policy accept;
    iifname "$NAT_IF" ct state established,related accept
    iifname "$NAT_IF" drop
  }
  chain forward {
    type filter hook forward priority filter; policy drop;
    ct state established,related accept
    iifname "$NAT_IF" oifname "$PRIMARY_IF" ip saddr $VPC_CIDR accept
  }
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "$PRIMARY_IF" ip saddr $VPC_CIDR masquerade
  }
}
RULES
echo "nat-instance: forwarding $VPC_CIDR from $NAT_IF out of $PRIMARY_IF"
`;

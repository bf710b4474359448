/** A protocol and port range, as security group rules take them. */
export class Port {
  static tcp(port: number): Port {
    return new Port("tcp", port, port);
  }

  static tcpRange(from: number, to: number): Port {
    return new Port("tcp", from, to);
  }

  static allTraffic(): Port {
    return new Port("-1", -1, -1);
  }

  private constructor(
    readonly protocol: "tcp" | "udp" | "-1",
    readonly fromPort: number,
    readonly toPort: number,
  ) {
    if (protocol !== "-1") {
      for (const p of [fromPort, toPort]) {
        if (!Number.isInteger(p) || p < 0 || p > 65535)
          throw new RangeError(`port must be 0-65535, got ${p}`);
      }
      if (fromPort > toPort) throw new RangeError(`port range ${fromPort}-${toPort} is reversed`);
    }
  }

  /** Stable text for construct ids and descriptions, e.g. "tcp-5432". */
  get label(): string {
    if (this.protocol === "-1") return "all";
    return this.fromPort === this.toPort
      ? `${this.protocol}-${this.fromPort}`
      : `${this.protocol}-${this.fromPort}-${this.toPort}`;
  }
}

import { Attributes } from "./resources";

const PROTOCOL_NAMES: Record<string, string> = { "-1": "all", "6": "tcp", "17": "udp", "1": "icmp" };

/**
 * How an ingress rule's protocol and ports read on an edge: `tcp 5432`, `tcp 8000-8001`, `all`
 * (protocol -1, which takes no ports), `icmp`.
 */
export function portLabel(rule: Attributes): string {
  const raw = String(rule.ip_protocol ?? rule.protocol ?? "-1").toLowerCase();
  const protocol = PROTOCOL_NAMES[raw] ?? raw;
  if (protocol === "all" || protocol === "icmp") return protocol;
  const from = numberOf(rule.from_port);
  const to = numberOf(rule.to_port) ?? from;
  if (from === undefined) return protocol;
  return from === to ? `${protocol} ${from}` : `${protocol} ${from}-${to}`;
}

/** Labels in reading order: by protocol, then by first port as a number (`tcp 80` before `tcp 443`). */
export function sortLabels(labels: Iterable<string>): string[] {
  const key = (label: string): [string, number, string] => {
    const [head = "", rest = ""] = label.split(" ", 2);
    const port = Number.parseInt(rest, 10);
    return [head, Number.isNaN(port) ? -1 : port, label];
  };
  return [...new Set(labels)].sort((a, b) => {
    const [ha, pa, la] = key(a);
    const [hb, pb, lb] = key(b);
    if (ha !== hb) return ha < hb ? -1 : 1;
    if (pa !== pb) return pa - pb;
    return la < lb ? -1 : la > lb ? 1 : 0;
  });
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

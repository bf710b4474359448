import * as os from "node:os";

export interface Machine {
  readonly date: string;
  readonly cores: number;
  readonly cpu: string;
  readonly node: string;
  readonly memoryGb: number;
  /** 1-minute load average when the bench started; other work on the machine inflates wall times. */
  readonly load: number;
}

export function currentMachine(): Machine {
  return {
    date: new Date().toISOString().slice(0, 10),
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? "unknown CPU",
    node: process.version,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    load: os.loadavg()[0] ?? 0,
  };
}

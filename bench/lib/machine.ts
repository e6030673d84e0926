import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';

/** One line naming the machine a run happened on (results are only comparable within a run). */
export function describeMachine(): string {
  const cpu = cpus();
  const memory = Math.round(totalmem() / 2 ** 30);
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${memory} GiB, ${osType()} ${release()}, Node ${process.version}, load ${load}`;
}

// Memory and CPU of processes, read from /proc (Linux), for the benchmarks: where the machine's cores
// went while a phase ran (the bench's own process or server, and PostgreSQL's backends).
import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process and its descendants. */
export function treeRssBytes(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const pages = Number(fields[21]);
      const pid = Number(entry);
      rss.set(pid, pages * 4096);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Per process: its name, parent, CPU seconds so far and, for PostgreSQL, its title ("postgres: user db host state"). */
export type CpuSnapshot = Map<number, { comm: string; cpu: number; ppid: number; title: string }>;

/** CPU seconds (user + system) of every process. */
export function cpuSnapshot(): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const title = comm === 'postgres' ? readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ') : '';
      snapshot.set(Number(entry), { comm, ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / 100, title });
    } catch {
      // the process ended while we looked
    }
  }
  return snapshot;
}

/**
 * CPU used between two snapshots by the process tree under `rootPid` and by PostgreSQL's processes (only
 * the backends connected to `database` when it is given: the server may be busy with other work). Take
 * the second snapshot before closing connections: a backend that has exited takes its count with it.
 */
export function cpuUsedBetween(before: CpuSnapshot, after: CpuSnapshot, rootPid: number, database?: string): { tree: number; postgres: number } {
  let tree = 0;
  let postgres = 0;
  for (const [pid, now] of after) {
    const used = now.cpu - (before.get(pid)?.cpu ?? 0);
    if (now.comm === 'postgres' && (database === undefined || now.title.split(' ').includes(database))) postgres += used;
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = after.get(p)?.ppid) {
      if (p === rootPid) {
        tree += used;
        break;
      }
    }
  }
  return { tree, postgres };
}

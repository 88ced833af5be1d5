/**
 * Peak resident memory of a process tree, sampled from /proc every 100 ms: a run's memory is
 * spread over the CLI, the vitest fork, Postgres and the target, so one process's figure would lie.
 */
import { readdirSync, readFileSync } from 'node:fs';

function children(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      map.set(ppid, [...(map.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  return map;
}

function treeRssKb(root: number, extra: () => number[]): number {
  const kids = children();
  const seen = new Set<number>();
  const stack = [root, ...extra()];
  let total = 0;
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
    stack.push(...(kids.get(pid) ?? []));
  }
  return total;
}

/** Starts sampling `pid`'s tree (plus `extra()` pids, e.g. detached children); `stop()` returns the peak in MB. */
export function sampleTreeRss(pid: number, extra: () => number[] = () => []): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssKb(pid, extra));
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(peak / 1024);
    },
  };
}

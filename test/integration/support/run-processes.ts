/**
 * Finds the processes of one CLI run by pid, the way an operator would: the CLI's descendants, the
 * members of their process groups (a postmaster's backends), and anything that inherited the run's
 * marker; each recorded with its start time, so a pid the kernel reuses later is not mistaken for it.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import { procStat } from '../../../harness/lifecycle/proc-stat.ts';

export interface RunProcess {
  pid: number;
  startTime: string;
  command: string;
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The live processes of the run whose CLI is `rootPid`: its descendants, the groups they lead, and whatever carries `marker`. */
export function runProcesses(rootPid: number, marker: string): RunProcess[] {
  const all = readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .flatMap((e) => {
      const stat = procStat(e);
      return stat && stat.state !== 'Z' ? [{ pid: Number(e), ...stat }] : [];
    });
  const ours = new Set<number>([rootPid]);
  for (const p of all) if (read(`/proc/${p.pid}/environ`).includes(`TP_TEST_MARKER=${marker}`)) ours.add(p.pid);
  // Children first, then whole groups led by one of ours, until nothing new turns up.
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (ours.has(p.pid) || !(ours.has(p.ppid) || ours.has(p.pgrp))) continue;
      ours.add(p.pid);
      grew = true;
    }
  }
  return all
    .filter((p) => ours.has(p.pid))
    .map((p) => ({ pid: p.pid, startTime: p.startTime, command: read(`/proc/${p.pid}/cmdline`).replaceAll('\0', ' ').trim() }));
}

/** Those of `processes` still running as themselves. */
export function stillRunning(processes: readonly RunProcess[]): RunProcess[] {
  return processes.filter((p) => {
    const stat = procStat(p.pid);
    return stat !== undefined && stat.state !== 'Z' && stat.startTime === p.startTime;
  });
}

/** TCP ports `pids` listen on, from their socket inodes in /proc/net/tcp. */
export function listeningPorts(pids: readonly number[]): number[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (link.startsWith('socket:[')) inodes.add(link.slice(8, -1));
      } catch {
        // closed meanwhile
      }
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of read(table).split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; field 9 is the inode.
      if (f[3] === '0A' && f[9] && inodes.has(f[9])) ports.add(parseInt(f[1]!.split(':')[1]!, 16));
    }
  }
  return [...ports];
}

/** Whether `port` can be bound on loopback right now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

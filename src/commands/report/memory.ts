// Peak memory of the training command, on Linux, read from /proc while it runs.
//
// Node does not expose the resource usage of a child (the rusage of wait4, or getrusage with
// RUSAGE_CHILDREN: process.resourceUsage() is this process's own). So the command's process tree
// is walked every POLL_MS through /proc/<pid>/task/<tid>/children, and the peak is the larger of
// (a) the highest sum of the tree's resident memory (VmRSS) seen at one poll, and (b) the highest
// high-water mark (VmHWM) of any one process, which the kernel keeps between polls. (b) catches a
// short spike of one process that polling would miss; (a) counts processes that run side by side
// (data loader workers). It is a lower bound of the true peak of the whole tree only when several
// processes peak between two polls. Elsewhere (macOS, Windows) there is no /proc: no figure.

import { readdirSync, readFileSync } from 'node:fs';

const POLL_MS = 200;
const EARLY_POLL_MS = 20;
const EARLY_POLLS = 50;
const MAX_PROCESSES = 4096;

export interface MemoryWatch {
  /** Stops polling; the peak in bytes, or undefined when /proc could not be read. */
  stop(): number | undefined;
}

export function watchPeakMemory(pid: number, proc = '/proc'): MemoryWatch {
  let peak: number | undefined;
  const poll = (): void => {
    let sum = 0;
    let seen = false;
    for (const member of processTree(pid, proc)) {
      const status = readStatus(member, proc);
      if (!status) continue;
      seen = true;
      sum += status.rss;
      peak = Math.max(peak ?? 0, status.hwm);
    }
    if (seen) peak = Math.max(peak ?? 0, sum);
  };
  poll();
  // A short command can be over before the first regular poll: look often in its first second.
  let early = 0;
  let timer = setInterval(() => {
    poll();
    early += 1;
    if (early === EARLY_POLLS) {
      clearInterval(timer);
      timer = setInterval(poll, POLL_MS);
      timer.unref();
    }
  }, EARLY_POLL_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/** The process and its descendants (bounded), from /proc/<pid>/task/<tid>/children. */
export function processTree(root: number, proc = '/proc'): number[] {
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0 && found.length < MAX_PROCESSES) {
    const pid = queue.shift()!;
    found.push(pid);
    let tasks: string[];
    try {
      tasks = readdirSync(`${proc}/${pid}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      try {
        for (const child of readFileSync(`${proc}/${pid}/task/${task}/children`, 'utf8').split(/\s+/)) {
          if (/^\d+$/.test(child)) queue.push(Number(child));
        }
      } catch {
        // the task ended between the two reads
      }
    }
  }
  return found;
}

function readStatus(pid: number, proc: string): { rss: number; hwm: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`${proc}/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kilobytes = (name: string): number | undefined => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : undefined;
  };
  const rss = kilobytes('VmRSS');
  // A zombie or kernel thread has no memory lines.
  if (rss === undefined) return undefined;
  return { rss, hwm: kilobytes('VmHWM') ?? rss };
}

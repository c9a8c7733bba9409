import { readFileSync } from 'node:fs';

/** Linux reports times in clock ticks; USER_HZ is 100 on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) of this process's children that have ended and been waited
 * for, from /proc/self/stat (cutime + cstime); null off Linux. On a loaded machine a wall
 * time mostly measures the queue for a core; the CPU time of a compiler run does not, so the
 * two together tell the compiler's cost from the machine's load. 10 ms resolution.
 */
export function endedChildrenCpuMs(): number | null {
  if (process.platform !== 'linux') return null;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are fields 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[16 - 3]) + Number(fields[17 - 3]);
  return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : null;
}

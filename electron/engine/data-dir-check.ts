// The data folder (workspace, history, descriptor cache, recorded streams) is checked once at
// start by both shells, so a folder that cannot work is named with its problem before anything
// runs, instead of a start that hangs (/proc/x) or autosaves that fail one by one later.
import { randomBytes } from 'node:crypto';
import { lstat, open, readlink, realpath, stat, statfs, unlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { makeDirectory } from './files/make-directory';
import { sweepAtomicTemps, type TempSweep } from './workspace/sweep-atomic-temps';

export type DataDirProblemKind = 'not_absolute' | 'not_a_folder' | 'special_file_system' | 'cannot_create' | 'not_writable' | 'disk_full';

export type DataDirCheck =
  | { ok: true; dir: string; sweep: TempSweep }
  | { ok: false; dir: string; kind: DataDirProblemKind; /** "Cannot use <dir> as the data folder: <why>." */ message: string };

/** Below this much free space the folder counts as full: a workspace save or history write would fail. */
export const MIN_FREE_BYTES = 1024 * 1024;

/** Folders of kernel-made files. Nothing the app writes can live there. */
const SPECIAL_ROOTS: ReadonlyArray<{ root: string; what: string }> = [
  { root: '/proc', what: 'the kernel’s process information' },
  { root: '/sys', what: 'the kernel’s device and driver information' },
  { root: '/dev', what: 'device files' },
];

/** statfs f_type of Linux file systems that hold no ordinary files (linux/magic.h). */
const SPECIAL_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x6165676c, 'pstore'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0x65735543, 'fusectl'],
  [0x19800202, 'mqueue'],
  [0x42494e4d, 'binfmt_misc'],
  [0xde5e81e4, 'efivarfs'],
  [0x6e736673, 'nsfs'],
  [0xf97cff8c, 'selinuxfs'],
  [0x958458f6, 'hugetlbfs'],
]);

/** Size of the probe file: big enough that a full disk refuses it, not just the empty file's inode. */
const PROBE_BYTES = 4096;

/**
 * Checks the data folder and gets it ready: refuses a relative path, a file, a folder inside
 * /proc, /sys, /dev or on another kernel file system, one that cannot be created, one where a
 * file cannot be created, written, flushed and removed (tried for real with a probe file), and
 * a full disk; then removes temporary files of atomic writes a crash left behind. Never throws.
 */
export async function prepareDataDir(given: string, processStartMs = performance.timeOrigin): Promise<DataDirCheck> {
  if (!isAbsolute(given)) return problem(given, 'not_absolute', 'it is a relative path; give the full path of a folder');
  const dir = resolve(given);
  const special = await specialLocation(dir);
  if (special !== null) return problem(dir, 'special_file_system', special);

  const existing = await statOrNull(dir);
  if (existing !== null && !existing.isDirectory()) return problem(dir, 'not_a_folder', `it is ${kindOf(existing)}, not a folder`);
  if (existing === null) {
    try {
      await makeDirectory(dir);
    } catch (cause) {
      return problem(dir, 'cannot_create', await whyNotCreated(dir, cause));
    }
  }
  const probeFailure = await probeWrite(dir);
  if (probeFailure !== null) return problem(dir, probeFailure.kind, probeFailure.why);
  const free = await freeBytes(dir);
  if (free !== null && free < MIN_FREE_BYTES) {
    return problem(dir, 'disk_full', `its disk is full (${formatBytes(free)} free); free some space`);
  }
  return { ok: true, dir, sweep: await sweepAtomicTemps(dir, processStartMs) };
}

/** Why the folder is in a place that cannot hold files, or null. */
async function specialLocation(dir: string): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  const { path: nearest } = await nearestExisting(dir);
  const real = await realpath(nearest).catch(() => nearest);
  // The path as given and where its existing part really is (a symbolic link into /proc).
  for (const candidate of [dir, real]) {
    const root = SPECIAL_ROOTS.find(({ root }) => candidate === root || candidate.startsWith(`${root}${sep}`));
    if (root !== undefined) return `it is inside ${root.root}, which holds ${root.what}, not files an app can keep`;
  }
  const type = await statfs(real).then(
    (info) => Number(info.type),
    () => null,
  );
  const name = type === null ? undefined : SPECIAL_FILE_SYSTEMS.get(type);
  if (name !== undefined) return `it is on a ${name} file system, which the kernel provides and which cannot hold ordinary files`;
  return null;
}

/** The deepest part of the path that exists (stat follows links), and its stats. */
async function nearestExisting(dir: string): Promise<{ path: string; info: Stats | null }> {
  for (let path = dir; ; path = dirname(path)) {
    const info = await statOrNull(path);
    if (info !== null || dirname(path) === path) return { path, info };
  }
}

async function whyNotCreated(dir: string, cause: unknown): Promise<string> {
  const code = (cause as NodeJS.ErrnoException).code;
  const { path: nearest, info } = await nearestExisting(dirname(dir));
  if (info !== null && !info.isDirectory()) return `it cannot be created: ${nearest} is ${kindOf(info)}, not a folder`;
  const link = await brokenLinkIn(dir);
  if (link !== null) return `it cannot be created: ${link.path} is a symbolic link to ${link.target}, which does not exist`;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `it cannot be created: permission denied in ${nearest}`;
    case 'EROFS':
      return `it cannot be created: ${nearest} is on a read-only file system`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `it cannot be created: the disk of ${nearest} is full`;
    case 'ENOENT':
      return `it cannot be created inside ${nearest}, which cannot hold folders`;
    default:
      return `it cannot be created (${describe(cause)})`;
  }
}

/** The first symbolic link along the path whose target is missing. */
async function brokenLinkIn(dir: string): Promise<{ path: string; target: string } | null> {
  const parts: string[] = [];
  for (let path = dir; dirname(path) !== path; path = dirname(path)) parts.unshift(path);
  for (const path of parts) {
    const info = await lstat(path).catch(() => null);
    if (info === null) return null;
    if (info.isSymbolicLink() && (await statOrNull(path)) === null) return { path, target: await readlink(path).catch(() => '?') };
  }
  return null;
}

/** Creates, writes, flushes and removes a probe file: what a workspace save does. */
async function probeWrite(dir: string): Promise<{ kind: DataDirProblemKind; why: string } | null> {
  const probe = join(dir, `.write-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const handle = await open(probe, 'wx');
    try {
      await handle.writeFile(Buffer.alloc(PROBE_BYTES));
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (cause) {
    await unlink(probe).catch(() => undefined);
    return notWritable(dir, cause);
  }
  try {
    await unlink(probe);
  } catch (cause) {
    return { kind: 'not_writable', why: `files can be created in it but not removed (${describe(cause)}), so every save would leave a file behind; remove ${probe} and fix the folder's permissions or attributes` };
  }
  return null;
}

function notWritable(dir: string, cause: unknown): { kind: DataDirProblemKind; why: string } {
  switch ((cause as NodeJS.ErrnoException).code) {
    case 'EROFS':
      return { kind: 'not_writable', why: 'it is on a read-only file system, so nothing could be saved' };
    case 'EACCES':
    case 'EPERM':
      return { kind: 'not_writable', why: `it is not writable (permission denied), so nothing could be saved; fix its permissions (chmod u+w ${dir})` };
    case 'ENOSPC':
    case 'EDQUOT':
      return { kind: 'disk_full', why: 'its disk is full (a 4 KiB test file could not be written); free some space' };
    default:
      return { kind: 'not_writable', why: `a file cannot be written in it (${describe(cause)})` };
  }
}

async function freeBytes(dir: string): Promise<number | null> {
  try {
    const info = await statfs(dir);
    // A file system that reports no size at all (some FUSE mounts) says nothing about free space.
    if (Number(info.blocks) === 0) return null;
    return Number(info.bavail) * Number(info.bsize);
  } catch {
    return null; // not every platform or file system tells
  }
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}

function kindOf(info: Stats): string {
  if (info.isFile()) return 'a file';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'a special file';
}

function problem(dir: string, kind: DataDirProblemKind, why: string): DataDirCheck {
  return { ok: false, dir, kind, message: `Cannot use ${dir} as the data folder: ${why}.` };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

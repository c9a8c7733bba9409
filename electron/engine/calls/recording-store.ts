import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CallId } from '../../../shared/ids';
import { makeDirectory } from '../files/make-directory';
import { StreamRecorder } from './stream-recorder';

/** Recordings of all calls together may take this much disk before new lines are refused. */
export const DEFAULT_RECORDINGS_MAX_BYTES = 2 * 1024 * 1024 * 1024;
/** A file of the old layout (streams/<call>.ndjson, no run folder) this old is no live engine's. */
const LEGACY_FILE_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const RUN_FOLDER = /^run-(\d+)$/;

export interface RecordingStoreOptions {
  /** The streams folder; this run records into `<dir>/run-<pid>`. */
  dir: string;
  /** Total bytes of every recording of this run (default 2 GiB). */
  maxBytes?: number;
  /** Whether a process is still running (injected by tests). */
  isProcessAlive?: (pid: number) => boolean;
}

/**
 * Where calls' recordings live, and how much disk they may take. Each engine run records into
 * its own folder named with its pid, so at start the folders of runs whose process is gone (a
 * crash, a kill) can be deleted without touching a live engine's files. Every recorder asks
 * here before it writes a line; past the byte budget it stops, and its call knows why.
 */
export class RecordingStore {
  readonly runDir: string;
  readonly maxBytes: number;
  private usedBytes = 0;
  /** Settles when the run folder exists and the sweep of dead runs is over (never rejects). */
  readonly ready: Promise<void>;
  private readyError: Error | null = null;

  constructor(private readonly options: RecordingStoreOptions) {
    this.runDir = join(options.dir, `run-${process.pid}`);
    this.maxBytes = Math.max(0, Math.floor(options.maxBytes ?? DEFAULT_RECORDINGS_MAX_BYTES));
    this.ready = this.prepare().catch((e: Error) => {
      this.readyError = e;
    });
  }

  /** The recorder for one call (its file opens on the first write). */
  createRecorder(callId: CallId): StreamRecorder {
    const ready = this.ready.then(() => {
      if (this.readyError) throw this.readyError;
    });
    return new StreamRecorder(join(this.runDir, `${callId}.ndjson`), ready, this);
  }

  /** Claim `bytes` of the budget for a line; false (nothing claimed) when it would exceed it. */
  reserve(bytes: number): boolean {
    if (this.usedBytes + bytes > this.maxBytes) return false;
    this.usedBytes += bytes;
    return true;
  }

  /** Give back what a deleted recording held. */
  release(bytes: number): void {
    this.usedBytes = Math.max(0, this.usedBytes - bytes);
  }

  /** Bytes claimed by this run's recordings. */
  get bytesUsed(): number {
    return this.usedBytes;
  }

  /** Why a recorder stopped at the budget, for the user. */
  budgetReason(): string {
    return `recordings reached their limit of ${formatBytes(this.maxBytes)} on disk`;
  }

  /** Remove the run folder if it is empty (recordings are discarded by their calls). */
  async close(): Promise<void> {
    await this.ready;
    await rmdir(this.runDir).catch(() => undefined);
  }

  private async prepare(): Promise<void> {
    // makeDirectory, not mkdir -p: Node's loops forever on a path it can never create.
    await makeDirectory(this.options.dir);
    await this.sweep();
    await makeDirectory(this.runDir);
  }

  /** Delete what runs no longer alive left behind. */
  private async sweep(): Promise<void> {
    const alive = this.options.isProcessAlive ?? isProcessAlive;
    const entries = await readdir(this.options.dir, { withFileTypes: true }).catch(() => []);
    await Promise.all(
      entries.map(async (entry) => {
        const path = join(this.options.dir, entry.name);
        const run = RUN_FOLDER.exec(entry.name);
        if (run && entry.isDirectory()) {
          const pid = Number(run[1]);
          if (pid !== process.pid && !alive(pid)) await rm(path, { recursive: true, force: true }).catch(() => undefined);
          return;
        }
        if (entry.isFile() && entry.name.endsWith('.ndjson')) {
          // The layout before run folders: no owner is recorded, so only stale files go.
          const info = await stat(path).catch(() => null);
          if (info && Date.now() - info.mtimeMs > LEGACY_FILE_MAX_AGE_MS) await rm(path, { force: true }).catch(() => undefined);
        }
      }),
    );
  }
}

/** Signal 0 checks for a process without touching it; EPERM means it exists (another user's). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  if (gib >= 1) return `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GiB`;
  const mib = bytes / 1024 ** 2;
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

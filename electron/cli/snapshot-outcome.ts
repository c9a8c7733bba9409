import type { SnapshotComparison } from '../../shared/snapshot';
import { asCallId } from '../../shared/ids';
import type { WorkbenchEngine } from '../engine/engine-api';

/** What a request's snapshot says about its call: no snapshot file, compared, recorded (--update-snapshots), or a problem. */
export type SnapshotOutcome =
  | { kind: 'none' }
  | { kind: 'compared'; path: string; comparison: SnapshotComparison }
  | { kind: 'recorded'; path: string; messages: number }
  | { kind: 'error'; message: string };

/**
 * After a request's call: compares its received messages with `<request>.snapshot.json` when
 * that file exists, or (update) records them as the snapshot, keeping its ignore paths. Both
 * go through the engine's snapshot channels, as the app's do.
 */
export async function snapshotOutcome(engine: WorkbenchEngine, folder: string, path: string, callId: string | null, update: boolean): Promise<SnapshotOutcome> {
  if (callId === null) return { kind: 'none' };
  if (update) {
    const recorded = await engine.invoke('snapshots:record', { folder, path, callId: asCallId(callId), ignore: null });
    return recorded.ok ? { kind: 'recorded', path: recorded.value.path, messages: recorded.value.messages } : { kind: 'error', message: recorded.error.message };
  }
  const compared = await engine.invoke('snapshots:compare', { folder, path, callId: asCallId(callId) });
  if (!compared.ok) return { kind: 'error', message: compared.error.message };
  return compared.value === null ? { kind: 'none' } : { kind: 'compared', path: compared.value.snapshot.path, comparison: compared.value.comparison };
}

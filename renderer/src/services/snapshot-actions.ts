import type { CallId } from '../../../shared/ids';
import type { Result } from '../../../shared/result';
import { snapshotPathOf, type SnapshotCheck, type SnapshotInfo, type SnapshotRef } from '../../../shared/snapshot';
import { workbench } from './api-handle';

/** The request's snapshot (null: none yet). */
export function readSnapshot(ref: SnapshotRef): Promise<Result<SnapshotInfo | null>> {
  return workbench().invoke('snapshots:read', ref);
}

/** Every message the finished call received becomes the request's snapshot, with these ignore paths. */
export function saveAsSnapshot(ref: SnapshotRef, callId: CallId, ignore: string[]): Promise<Result<SnapshotInfo>> {
  return workbench().invoke('snapshots:record', { ...ref, callId, ignore });
}

export function compareWithSnapshot(ref: SnapshotRef, callId: CallId): Promise<Result<SnapshotCheck>> {
  return workbench().invoke('snapshots:compare', { ...ref, callId });
}

export function setSnapshotIgnore(ref: SnapshotRef, ignore: string[]): Promise<Result<SnapshotInfo>> {
  return workbench().invoke('snapshots:setIgnore', { ...ref, ignore });
}

/** Calls `listener` when the request's snapshot file changes on disk (an editor, git pull, or this app). */
export function onSnapshotFileChanged(ref: SnapshotRef, listener: () => void): () => void {
  const snapshotPath = snapshotPathOf(ref.path);
  return workbench().onEvents((batch) => {
    if (batch.events.some((e) => e.kind === 'collection' && e.folder === ref.folder && e.paths.includes(snapshotPath))) listener();
  });
}

// Stream snapshots: a saved request's received messages recorded as what a later call must
// receive, in a file beside the request file. Shared so the engine, the runner and the renderer
// read the same types.
import type { CallId } from './ids';
import { REQUEST_FILE_SUFFIX } from './collection';

/** `billing/Charge card.grpc.yaml` keeps its snapshot in `billing/Charge card.snapshot.json`. */
export const SNAPSHOT_FILE_SUFFIX = '.snapshot.json';

/** The snapshot file of a request file (collection-relative, posix separators). */
export function snapshotPathOf(requestPath: string): string {
  const stem = requestPath.endsWith(REQUEST_FILE_SUFFIX) ? requestPath.slice(0, -REQUEST_FILE_SUFFIX.length) : requestPath;
  return `${stem}${SNAPSHOT_FILE_SUFFIX}`;
}

/** One recorded message: its index among the call's received messages (0-based) and its JSON. */
export interface SnapshotMessage {
  index: number;
  json: unknown;
}

/** What a snapshot file holds. */
export interface StreamSnapshot {
  version: 1;
  /** JSON paths (`$.sentAt`, `$.items[*].id`) left out of the comparison in every message: volatile values. */
  ignore: string[];
  messages: SnapshotMessage[];
}

/** A snapshot as the UI and the runner name it. */
export interface SnapshotInfo {
  /** The snapshot file, relative to the collection folder. */
  path: string;
  messages: number;
  ignore: string[];
}

/**
 * How a call's received messages compare with a snapshot. Values are shown as JSON text
 * (shortened), or "nothing" where one side has no value at that path.
 */
export type SnapshotComparison =
  | { matches: true; compared: number }
  | {
      matches: false;
      kind: 'value';
      /** 0-based index of the first received message that differs. */
      messageIndex: number;
      /** Where inside that message, e.g. `$.items[0].price`. */
      path: string;
      expected: string;
      actual: string;
      /** In words: `message 3: $.price expected 10 got 11`. */
      message: string;
    }
  | {
      matches: false;
      kind: 'count';
      /** The first message one side has and the other lacks. */
      messageIndex: number;
      expectedCount: number;
      actualCount: number;
      message: string;
    };

/** Where a request is saved: the collection folder (absolute) and the request file inside it. */
export interface SnapshotRef {
  folder: string;
  /** The request file, e.g. `streams/CountUp.grpc.yaml`. */
  path: string;
}

export interface RecordSnapshotRequest extends SnapshotRef {
  /** A finished call: every message it received becomes the snapshot. */
  callId: CallId;
  /** Ignore paths to store; null keeps those of the snapshot already there (none for a new one). */
  ignore: string[] | null;
}

export interface CompareSnapshotRequest extends SnapshotRef {
  callId: CallId;
}

export interface SetSnapshotIgnoreRequest extends SnapshotRef {
  ignore: string[];
}

/** The answer of snapshots:compare: null when the request has no snapshot file. */
export type SnapshotCheck = { snapshot: SnapshotInfo; comparison: SnapshotComparison } | null;

export const SNAPSHOT_LIMITS = {
  /** Ignore paths of one snapshot. */
  ignorePaths: 100,
} as const;

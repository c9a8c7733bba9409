import { useEffect, useMemo, useRef, useState } from 'react';
import { parseIgnorePaths } from '../../../../shared/snapshot-compare';
import type { SnapshotComparison, SnapshotInfo, SnapshotRef } from '../../../../shared/snapshot';
import type { CallId } from '../../../../shared/ids';
import { compareWithSnapshot, onSnapshotFileChanged, readSnapshot, saveAsSnapshot, setSnapshotIgnore } from '../../services/snapshot-actions';
import { useAppStore } from '../../store/app-store';
import type { RequestTab } from '../../store/request-tab';
import { ignoreLines, snapshotStatusText } from './snapshot-text';

/** A comparison belongs to one call and one state of the snapshot. */
interface Compared {
  callId: CallId;
  info: SnapshotInfo;
  comparison: SnapshotComparison;
}

/**
 * The snapshot row of a saved request: `Save as snapshot` records the finished call's received
 * messages beside the request file, status `Snapshot` says after each call whether they match,
 * and `Snapshot ignore paths` (one JSON path per line) leaves volatile values out. The engine
 * reads and compares every message (shared/snapshot-compare.ts), not the page's previews.
 */
export function SnapshotBar({ tab }: { tab: RequestTab }) {
  const saved = tab.saved;
  const folder = saved?.folder ?? null;
  const path = saved?.path ?? null;
  const ref = useMemo<SnapshotRef | null>(() => (folder !== null && path !== null ? { folder, path } : null), [folder, path]);
  const call = useAppStore((s) => (tab.callId !== null ? s.calls[tab.callId] : undefined));
  const endedCallId = call?.phase === 'ended' ? call.callId : null;

  const [info, setInfo] = useState<SnapshotInfo | null>(null);
  const [ignoreText, setIgnoreText] = useState('');
  const [compared, setCompared] = useState<Compared | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Paths typed before the snapshot was read win over the file's: the read never overwrites typing.
  const typed = useRef(false);
  // Bumped when the snapshot file changes on disk: it is read (and compared) again.
  const [fileVersion, setFileVersion] = useState(0);

  useEffect(() => (ref === null ? undefined : onSnapshotFileChanged(ref, () => setFileVersion((v) => v + 1))), [ref]);

  useEffect(() => {
    if (ref === null) return;
    let current = true;
    void readSnapshot(ref).then((read) => {
      if (!current) return;
      if (!read.ok) setProblem(read.error.message);
      else {
        setProblem(null);
        setInfo(read.value);
        if (!typed.current) setIgnoreText((read.value?.ignore ?? []).join('\n'));
      }
    });
    return () => {
      current = false;
    };
  }, [ref, fileVersion]);

  // After each call (and after the snapshot or its ignore paths change), compare in the engine.
  useEffect(() => {
    if (ref === null || info === null || endedCallId === null) return;
    let current = true;
    void compareWithSnapshot(ref, endedCallId).then((result) => {
      if (!current) return;
      if (!result.ok) setProblem(result.error.message);
      else if (result.value !== null) {
        setProblem(null);
        setCompared({ callId: endedCallId, info, comparison: result.value.comparison });
      }
    });
    return () => {
      current = false;
    };
  }, [ref, info, endedCallId]);

  const ignoreProblem = useMemo(() => {
    const parsed = parseIgnorePaths(ignoreLines(ignoreText));
    return parsed.ok ? null : parsed.message;
  }, [ignoreText]);

  if (ref === null) return null;

  const comparison = compared !== null && compared.callId === endedCallId && compared.info === info ? compared.comparison : null;
  const tone = info === null || comparison === null ? 'idle' : comparison.matches ? 'ok' : 'error';

  const record = async () => {
    if (endedCallId === null || ignoreProblem !== null) return;
    setBusy(true);
    const result = await saveAsSnapshot(ref, endedCallId, ignoreLines(ignoreText));
    setBusy(false);
    if (!result.ok) setProblem(result.error.message);
    else {
      setProblem(null);
      setInfo(result.value);
      typed.current = false;
    }
  };

  const saveIgnore = async () => {
    const lines = ignoreLines(ignoreText);
    // Before the first snapshot the paths wait for Save as snapshot.
    if (info === null || ignoreProblem !== null || lines.join('\n') === info.ignore.join('\n')) return;
    const result = await setSnapshotIgnore(ref, lines);
    if (!result.ok) setProblem(result.error.message);
    else {
      setProblem(null);
      setInfo(result.value);
      typed.current = false;
    }
  };

  return (
    <div className="snapshot-bar">
      <span className="snapshot-title">Snapshot</span>
      <button
        type="button"
        className="btn btn-ghost btn-small"
        disabled={endedCallId === null || busy || ignoreProblem !== null}
        onClick={() => void record()}
        title={`Record every message this call received as the expected snapshot (${ref.path.replace(/\.grpc\.yaml$/, '.snapshot.json')} beside the request file)`}
      >
        Save as snapshot
      </button>
      <span role="status" aria-label="Snapshot" className={`snapshot-status tone-${tone}`} title={info?.path}>
        {problem ?? snapshotStatusText(info, comparison)}
      </span>
      <label className="snapshot-ignore">
        <span className="snapshot-ignore-label">Ignore paths</span>
        <textarea
          className="input mono"
          aria-label="Snapshot ignore paths"
          rows={1}
          spellCheck={false}
          placeholder="$.sentAt (one per line)"
          value={ignoreText}
          onChange={(e) => {
            typed.current = true;
            setIgnoreText(e.target.value);
          }}
          onBlur={() => void saveIgnore()}
          aria-invalid={ignoreProblem !== null}
          aria-describedby={ignoreProblem !== null ? `snapshot-ignore-problem-${tab.id}` : undefined}
        />
      </label>
      {ignoreProblem !== null ? (
        <span role="alert" id={`snapshot-ignore-problem-${tab.id}`} className="snapshot-ignore-problem">
          {ignoreProblem}
        </span>
      ) : null}
    </div>
  );
}

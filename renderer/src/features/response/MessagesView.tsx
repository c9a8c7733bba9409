import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { StreamMessage } from '../../../../shared/call-events';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { formatCount, retentionText } from '../../lib/format';
import { useThrottledValue } from '../../lib/use-throttled-value';
import { saveCallStream } from '../../services/file-picking';
import { loadSkippedRange, type LoadAnchor } from '../../services/message-loading';
import { useAppStore } from '../../store/app-store';
import type { CallRecord } from '../../store/call-record';
import { totalMessages } from '../../store/call-record';
import { RETENTION_CAP_CHOICES } from '../../store/ui-slice';
import { buildLogRows, isSkipped, type LogRow, type SkippedRange } from '../../store/message-log';
import { MessageItem } from './MessageItem';
import { SkippedMessages } from './SkippedMessages';
import type { DirectionFilter } from './message-text';
import { messageMatches } from './message-text';

/** Height of a collapsed message row (see .message in response.css); expanded rows are measured. */
const ROW_HEIGHT = 47;
/** A fast stream redraws the list at most this often; counts and status stay live. */
const LIST_REDRAW_MS = 150;
/** A skipped range that stays in view this long is loaded (not every row a fast scroll passes). */
const AUTO_LOAD_DELAY_MS = 200;

/**
 * The stream, virtualized: only the rows on screen exist in the DOM, so a 100,000-message
 * stream scrolls like a 10-message one. Follows the tail while scrolled to the bottom.
 */
export function MessagesView({ call }: { call: CallRecord | undefined }) {
  const [filterText, setFilterText] = useState('');
  const [direction, setDirection] = useState<DirectionFilter>('all');
  const [expanded, setExpanded] = useState<ReadonlySet<StreamMessage>>(new Set());
  const [following, setFollowing] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const programmaticScroll = useRef(false);
  const retentionCap = useAppStore((s) => s.retentionCap);
  const setRetentionCap = useAppStore((s) => s.setRetentionCap);

  // Keyed by call as well: a new call's version climbs back to the number the last call ended
  // at (2 after a unary call), and a throttle that only saw 2 -> 1 -> 2 would never redraw the
  // new call's later messages, which land in its ring in place.
  const version = useThrottledValue(`${call?.callId ?? ''}:${call?.messagesVersion ?? 0}`, LIST_REDRAW_MS);
  const ring = call?.messages;
  const loaded = call?.loaded;
  const needle = useDeferredValue(filterText.trim().toLowerCase());
  const filtering = needle !== '' || direction !== 'all';

  // The log's rows: messages, and skipped ranges where messages are not loaded, with what was
  // loaded back in place. Built at the throttled version (the ring changes in place), or at once
  // when a load lands.
  const log = useMemo(
    () => (ring ? buildLogRows(ring, call?.nextPosition ?? 0, loaded ?? []) : { rows: [] as LogRow[], shown: 0 }),
    // version stands for the ring's content, which changes in place.
    [ring, version, loaded],
  );
  // With a filter: the matching messages, and every skipped range (it may hold matches).
  const rows = useMemo(() => (filtering ? log.rows.filter((row) => isSkipped(row) || messageMatches(row, needle, direction)) : log.rows), [log, needle, direction, filtering]);
  const count = rows.length;
  const matchCount = useMemo(() => (filtering ? rows.reduce((n, row) => n + (isSkipped(row) ? 0 : 1), 0) : 0), [rows, filtering]);
  const retention = useMemo(() => (call ? retentionText(log.shown, totalMessages(call)) : null), [log, call?.phase]);
  const rowAt = (row: number): LogRow | undefined => rows[row];

  // Collapsed rows all have the same height, so only expanded rows are ever measured, and keys
  // are numbers (a message's direction and index) so a long list costs no string building.
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (row) => {
      const m = rowAt(row);
      if (m === undefined) return `row-${row}`;
      return isSkipped(m) ? `skipped-${m.from}` : m.index * 2 + (m.direction === 'sent' ? 1 : 0);
    },
  });

  // Loading skipped ranges: on a click at once, or when one stays in view while the user is not
  // following a running stream's tail. A range entered from above loads its end and the list is
  // shifted by what was added, so the messages under the user's eyes stay put.
  const [loading, setLoading] = useState<ReadonlySet<number>>(new Set());
  const [loadErrors, setLoadErrors] = useState<Readonly<Record<number, string>>>({});
  const pendingShift = useRef(0);
  const callId = call?.callId;
  const load = useCallback(
    (range: SkippedRange, anchor: LoadAnchor) => {
      if (callId === undefined) return;
      setLoading((prev) => new Set(prev).add(range.from));
      void loadSkippedRange(callId, range, anchor).then((result) => {
        setLoading((prev) => {
          const next = new Set(prev);
          next.delete(range.from);
          return next;
        });
        if (!result.ok) {
          setLoadErrors((prev) => ({ ...prev, [range.from]: result.error.message }));
          return;
        }
        if (result.value && anchor === 'end') {
          const rest = range.count - result.value.loaded;
          pendingShift.current += (result.value.loaded - 1 + (rest > 0 ? 1 : 0)) * ROW_HEIGHT;
        }
      });
    },
    [callId],
  );
  const loadFromButton = useCallback((range: SkippedRange) => load(range, 'start'), [load]);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (pendingShift.current === 0 || !el) return;
    el.scrollTop += pendingShift.current;
    lastScrollTop.current = el.scrollTop;
    pendingShift.current = 0;
  }, [rows]);

  const autoLoading = !following || call?.phase === 'ended';
  const visibleSkipped = virtualizer
    .getVirtualItems()
    .map((item) => ({ item, row: rowAt(item.index) }))
    .find((v): v is { item: typeof v.item; row: SkippedRange } => v.row !== undefined && isSkipped(v.row) && loadErrors[v.row.from] === undefined && !loading.has(v.row.from));
  const autoLoadKey = autoLoading && visibleSkipped ? `${visibleSkipped.row.from}:${visibleSkipped.row.count}` : null;
  useEffect(() => {
    if (autoLoadKey === null || !visibleSkipped) return;
    const { item, row } = visibleSkipped;
    const timer = setTimeout(() => {
      const el = scrollRef.current;
      const enteredFromAbove = el !== null && item.start < el.scrollTop;
      load(row, enteredFromAbove ? 'end' : 'start');
    }, AUTO_LOAD_DELAY_MS);
    return () => clearTimeout(timer);
    // Keyed by the range: a re-render with the same range in view must not restart the wait.
  }, [autoLoadKey]);

  // A row that was expanded and collapsed again must drop its measured height. Only that row:
  // virtualizer.measure() forgot every row's size, and a row still expanded (whose
  // ResizeObserver does not fire again) then overlapped the rows after it.
  const wasExpanded = useRef<ReadonlySet<StreamMessage>>(expanded);
  useLayoutEffect(() => {
    const before = wasExpanded.current;
    wasExpanded.current = expanded;
    for (const item of virtualizer.getVirtualItems()) {
      const row = rowAt(item.index);
      if (row && !isSkipped(row) && before.has(row) && !expanded.has(row)) virtualizer.resizeItem(item.index, ROW_HEIGHT);
    }
    // rowAt reads the rows as rendered; only a change of `expanded` matters here.
  }, [expanded, virtualizer]);

  // Follow the tail: after each redraw, stay pinned to the bottom (one layout, no animation).
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!following || count === 0 || !el) return;
    programmaticScroll.current = true;
    el.scrollTop = el.scrollHeight;
    const frame = requestAnimationFrame(() => {
      programmaticScroll.current = false;
    });
    return () => cancelAnimationFrame(frame);
  }, [following, count, version]);

  // Following stops when the user scrolls up and resumes when they come back to the bottom.
  // Only an upward move counts as the user's: the list growing or re-measuring rows under a
  // fast stream fires scroll events too (sometimes after our own scroll's frame has passed),
  // but never moves scrollTop up.
  const lastScrollTop = useRef(0);
  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const movedUp = el.scrollTop < lastScrollTop.current - 1;
    lastScrollTop.current = el.scrollTop;
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
    if (atBottom) setFollowing(true);
    else if (movedUp && !programmaticScroll.current) setFollowing(false);
  }, []);

  const toggle = useCallback((message: StreamMessage) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(message)) next.delete(message);
      else next.add(message);
      return next;
    });
  }, []);


  return (
    <div className="messages-view">
      <div className="messages-toolbar">
        <div className="search-field">
          <Icon name="search" size={14} className="search-icon" />
          <input type="search" className="input search-input" aria-label="Filter messages" placeholder="Filter messages" value={filterText} onChange={(e) => setFilterText(e.target.value)} />
        </div>
        <div className="segmented" role="radiogroup" aria-label="Direction">
          {(['all', 'sent', 'received'] as const).map((d) => (
            <button key={d} type="button" role="radio" aria-checked={direction === d} className={direction === d ? 'segment active' : 'segment'} onClick={() => setDirection(d)}>
              {d === 'all' ? 'All' : d === 'sent' ? 'Sent' : 'Received'}
            </button>
          ))}
        </div>
        <span className="toolbar-spacer" />
        <label className="inline-select" title="Messages kept in memory per call; older ones show as a row that loads them from the engine">
          <span className="collapsible-label">Keep last</span>
          <select className="input select" aria-label="Messages kept per call" value={retentionCap} onChange={(e) => setRetentionCap(Number(e.target.value))}>
            {RETENTION_CAP_CHOICES.map((n) => (
              <option key={n} value={n}>
                {formatCount(n)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-ghost btn-small" disabled={!call || totalMessages(call) === 0} onClick={() => call && void saveCallStream(call.callId)} title="Write every message of the call to an NDJSON file" aria-label="Save stream">
          <Icon name="save" size={14} />
          <span className="collapsible-label">Save stream</span>
        </button>
      </div>
      {retention || filtering ? (
        <div className="messages-info">
          {retention ? <span>{retention}</span> : null}
          {filtering ? <span>{formatCount(matchCount)} match{matchCount === 1 ? '' : 'es'}</span> : null}
        </div>
      ) : null}
      <div className="messages-scroll" ref={scrollRef} onScroll={onScroll}>
        <div role="log" aria-label="Stream messages" aria-live="off" className="messages-log" style={count > 0 ? { height: virtualizer.getTotalSize() } : undefined}>
          {count === 0 ? (
            <EmptyState title={!call ? 'No messages yet' : filtering ? 'No message matches' : 'No messages'} compact>
              {!call ? 'Invoke the method to see its messages here, each with its time since the call started.' : null}
            </EmptyState>
          ) : null}
          {virtualizer.getVirtualItems().map((item) => {
            const message = rowAt(item.index);
            if (!message || !call) return null;
            if (isSkipped(message)) {
              return (
                <div key={item.key} data-index={item.index} className="message-slot" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
                  <SkippedMessages range={message} loading={loading.has(message.from)} error={loadErrors[message.from] ?? null} onLoad={loadFromButton} />
                </div>
              );
            }
            const isExpanded = expanded.has(message);
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={isExpanded ? virtualizer.measureElement : undefined}
                className="message-slot"
                style={{ transform: `translateY(${item.start}px)`, height: isExpanded ? undefined : ROW_HEIGHT }}
              >
                <MessageItem message={message} callId={call.callId} expanded={isExpanded} onToggle={toggle} />
              </div>
            );
          })}
        </div>
      </div>
      {!following && count > 0 ? (
        <button type="button" className="btn btn-small jump-latest" onClick={() => setFollowing(true)}>
          <Icon name="arrowDown" size={14} />
          Jump to latest
        </button>
      ) : null}
    </div>
  );
}

import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { StreamMessage } from '../../../../shared/call-events';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { formatCount, retentionText } from '../../lib/format';
import { useThrottledValue } from '../../lib/use-throttled-value';
import { saveCallStream } from '../../services/file-picking';
import { useAppStore } from '../../store/app-store';
import type { CallRecord } from '../../store/call-record';
import { totalMessages } from '../../store/call-record';
import { RETENTION_CAP_CHOICES } from '../../store/ui-slice';
import { MessageItem } from './MessageItem';
import type { DirectionFilter } from './message-text';
import { messageMatches } from './message-text';

/** Height of a collapsed message row (see .message in response.css); expanded rows are measured. */
const ROW_HEIGHT = 47;
/** A fast stream redraws the list at most this often; counts and status stay live. */
const LIST_REDRAW_MS = 150;

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

  const version = useThrottledValue(call?.messagesVersion ?? 0, LIST_REDRAW_MS);
  const ring = call?.messages;
  const needle = useDeferredValue(filterText.trim().toLowerCase());
  const filtering = needle !== '' || direction !== 'all';

  // With a filter: the matching positions in the ring (recomputed per batch; a few ms at most).
  const matches = useMemo(() => {
    if (!ring || !filtering) return null;
    const out: number[] = [];
    for (let i = 0; i < ring.size; i += 1) {
      const m = ring.get(i);
      if (m && messageMatches(m, needle, direction)) out.push(i);
    }
    return out;
    // version stands for the ring's content, which changes in place.
  }, [ring, version, needle, direction, filtering]);

  // Sizes are read at the throttled version, so a fast stream re-lays the list out a few
  // times a second rather than on every batch.
  const { count, retention } = useMemo(
    () => ({
      count: matches ? matches.length : (ring?.size ?? 0),
      retention: call ? retentionText(ring?.size ?? 0, totalMessages(call)) : null,
    }),
    [matches, ring, version, call?.phase],
  );
  const messageAt = (row: number): StreamMessage | undefined => (matches ? ring?.get(matches[row] ?? -1) : ring?.get(row));

  // Collapsed rows all have the same height, so only expanded rows are ever measured, and keys
  // are numbers (a message's direction and index) so a long list costs no string building.
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (row) => {
      const m = messageAt(row);
      return m ? m.index * 2 + (m.direction === 'sent' ? 1 : 0) : -1 - row;
    },
  });

  // A row that was expanded and collapsed again must drop its measured height. Only that row:
  // virtualizer.measure() forgot every row's size, and a row still expanded (whose
  // ResizeObserver does not fire again) then overlapped the rows after it.
  const wasExpanded = useRef<ReadonlySet<StreamMessage>>(expanded);
  useLayoutEffect(() => {
    const before = wasExpanded.current;
    wasExpanded.current = expanded;
    for (const item of virtualizer.getVirtualItems()) {
      const message = messageAt(item.index);
      if (message && before.has(message) && !expanded.has(message)) virtualizer.resizeItem(item.index, ROW_HEIGHT);
    }
    // messageAt reads the ring as rendered; only a change of `expanded` matters here.
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
        <label className="inline-select" title="Messages kept in memory per call; older ones are counted as dropped">
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
          {filtering ? <span>{formatCount(count)} match{count === 1 ? '' : 'es'}</span> : null}
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
            const message = messageAt(item.index);
            if (!message) return null;
            const isExpanded = expanded.has(message);
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={isExpanded ? virtualizer.measureElement : undefined}
                className="message-slot"
                style={{ transform: `translateY(${item.start}px)`, height: isExpanded ? undefined : ROW_HEIGHT }}
              >
                <MessageItem message={message} expanded={isExpanded} onToggle={toggle} />
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

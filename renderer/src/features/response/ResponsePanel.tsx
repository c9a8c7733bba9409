import type { TabItem } from '../../components/TabList';
import { TabList } from '../../components/TabList';
import { formatCount } from '../../lib/format';
import { useAppStore } from '../../store/app-store';
import { useHealthStore } from '../../store/health-store';
import type { RequestTab, ResponseTabName } from '../../store/request-tab';
import { ConnectionView } from '../connection/ConnectionView';
import { SnapshotBar } from '../snapshot/SnapshotBar';
import { TimingView } from '../timing/TimingView';
import { ChecksView, useTabOutcome } from '../checks/ChecksView';
import { checkResultsOf, resultsBadge } from '../checks/check-results';
import { CallStatusBar } from './CallStatusBar';
import { ErrorDetails } from './ErrorDetails';
import { MessagesView } from './MessagesView';
import { MetadataTable } from './MetadataTable';

/** The Response region: status, counts, and the five tabs. */
export function ResponsePanel({ tab }: { tab: RequestTab }) {
  const call = useAppStore((s) => (tab.callId !== null ? s.calls[tab.callId] : undefined));
  const updateTab = useAppStore((s) => s.updateTab);
  // Before any call, the channel Check health / Watch health used is the tab's connection.
  const healthChannelId = useHealthStore((s) => s.byOwner[tab.id]?.channelId ?? null);
  const selected = tab.responseTab;
  const idPrefix = `response-${tab.id}`;
  const richDetails = call?.status?.richDetails ?? null;
  const checkResults = checkResultsOf(tab.checks, useTabOutcome(tab));

  const items: TabItem<ResponseTabName>[] = [
    { id: 'messages', label: 'Messages', badge: call && call.sent + call.received > 0 ? formatCount(call.sent + call.received) : undefined },
    { id: 'headers', label: 'Headers', badge: call?.headers?.length ? String(call.headers.length) : undefined },
    { id: 'trailers', label: 'Trailers', badge: call?.status?.trailers.length ? String(call.status.trailers.length) : undefined },
    { id: 'timing', label: 'Timing' },
    { id: 'connection', label: 'Connection' },
    { id: 'checks', label: 'Checks', badge: checkResults ? resultsBadge(checkResults) : tab.checks?.length ? String(tab.checks.length) : undefined },
  ];

  return (
    <section className="response-panel" aria-label="Response">
      <CallStatusBar call={call} starting={tab.starting} />
      {richDetails && richDetails.length > 0 ? <ErrorDetails details={richDetails} /> : null}
      <SnapshotBar key={tab.id} tab={tab} />
      <TabList label="Response views" items={items} selected={selected} onSelect={(id) => updateTab(tab.id, { responseTab: id })} idPrefix={idPrefix} />
      <div className="response-body" role="tabpanel" id={`${idPrefix}-panel-${selected}`} aria-labelledby={`${idPrefix}-tab-${selected}`}>
        {selected === 'messages' ? <MessagesView call={call} /> : null}
        {selected === 'headers' ? (
          <div className="scroll-panel">
            <MetadataTable label="Response headers" entries={call?.headers ?? null} emptyText={call ? 'No response headers (yet).' : 'Headers appear here after a call.'} />
          </div>
        ) : null}
        {selected === 'trailers' ? (
          <div className="scroll-panel">
            <MetadataTable label="Response trailers" entries={call?.status?.trailers ?? null} emptyText={call?.status ? 'The server sent no trailers.' : 'Trailers arrive with the status at the end of the call.'} />
          </div>
        ) : null}
        {selected === 'timing' ? <TimingView call={call} /> : null}
        {selected === 'checks' ? <ChecksView tab={tab} /> : null}
        {selected === 'connection' ? <ConnectionView channelId={call?.channelId ?? healthChannelId} /> : null}
      </div>
    </section>
  );
}

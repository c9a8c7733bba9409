import { KindBadge } from '../../components/KindBadge';
import { Icon } from '../../components/Icon';
import { SplitPane } from '../../components/SplitPane';
import { METHOD_KIND_LABEL, sendsClientStream } from '../../lib/method-kind';
import { generateExample } from '../../services/catalog-actions';
import { useAppStore } from '../../store/app-store';
import type { RequestTab } from '../../store/request-tab';
import { methodKey } from '../../store/request-tab';
import { ResponsePanel } from '../response/ResponsePanel';
import { AddressBar } from './AddressBar';
import { CallButtons } from './CallButtons';
import { ProtocolRow } from './ProtocolRow';
import { ConnectionSettingsPanel } from './ConnectionSettingsPanel';
import { ConflictAlert } from './ConflictAlert';
import { CopyCurlButton } from './CopyCurlButton';
import { CopyGrpcurlButton } from './CopyGrpcurlButton';
import { HttpRuleLabel } from './HttpRuleLabel';
import { SaveButtons } from './SaveButtons';
import { SavedMessagesPanel } from './SavedMessagesPanel';
import { AuthFields } from './AuthFields';
import { MetadataEditor } from './MetadataEditor';
import { RequestBodyEditor } from './RequestBodyEditor';
import { RequestErrorAlert } from './RequestErrorAlert';
import { TlsFields } from './TlsFields';
import { LoadTestButton, LoadTestPanel } from '../load/LoadTestPanel';
import { pickHttpRule } from '../../../../shared/http-rule';

/** One request tab: where to call, what to send, and the response beside it. */
export function RequestView({ tab }: { tab: RequestTab }) {
  const updateTab = useAppStore((s) => s.updateTab);
  const description = useAppStore((s) => s.descriptions[methodKey(tab.method)]);
  const catalogMethod = description?.state === 'ready' ? description.description.method : null;
  const owner = { tabId: tab.id };
  const httpRules = catalogMethod?.httpRules ?? [];
  // The tab's HTTP binding (chosen beside Protocol): the header and Copy as curl show the rule calls go through.
  const httpRule = catalogMethod && httpRules.length > 0 ? pickHttpRule(catalogMethod.fullName, httpRules, tab.httpRuleIndex) : null;

  return (
    <div className="request-view">
      <header className="request-header">
        <div className="request-title">
          <KindBadge kind={tab.kind} />
          <h1>
            <span className="service-name">{tab.method.service}</span>
            <span className="path-sep">/</span>
            <span className="method-name">{tab.methodName}</span>
          </h1>
          <span className="kind-label">{METHOD_KIND_LABEL[tab.kind]}</span>
          {catalogMethod?.deprecated ? <span className="tag tag-warning">deprecated</span> : null}
          {httpRule !== null ? <HttpRuleLabel rules={httpRules} selected={httpRule.ok ? httpRule.value : null} /> : null}
        </div>
        <div className="request-header-actions">
          <SaveButtons tab={tab} />
          <button type="button" className="btn btn-small" onClick={() => useAppStore.getState().setWorkspaceDialog({ kind: 'preview_request', tabId: tab.id })} title="The request with its variables resolved, as it would be sent">
            Preview resolved request
          </button>
          <CopyGrpcurlButton tab={tab} />
          {httpRule !== null ? <CopyCurlButton tab={tab} rule={httpRule} /> : null}
        </div>
        {catalogMethod ? (
          <p className="request-subtitle" title={catalogMethod.comment || undefined}>
            <span className="mono">{shortType(catalogMethod.inputType)}</span>
            <span className="muted"> → </span>
            <span className="mono">{shortType(catalogMethod.outputType)}</span>
            {catalogMethod.comment ? <span className="comment"> — {firstLine(catalogMethod.comment)}</span> : null}
          </p>
        ) : null}
      </header>

      <AddressBar owner={owner} manyActions={sendsClientStream(tab.kind)} settingsOpen={tab.connectionSettingsOpen} onToggleSettings={() => updateTab(tab.id, { connectionSettingsOpen: !tab.connectionSettingsOpen })}>
        <label className="deadline-field" title="Deadline in milliseconds; empty = no deadline">
          <span className="collapsible-label">Deadline</span>
          <input
            type="text"
            inputMode="numeric"
            className="input mono deadline-input"
            aria-label="Deadline (ms)"
            placeholder="none"
            value={tab.deadline}
            onChange={(e) => updateTab(tab.id, { deadline: e.target.value })}
          />
          <span>ms</span>
        </label>
        <CallButtons tab={tab} />
        <LoadTestButton tabId={tab.id} />
      </AddressBar>
      <ProtocolRow tabId={tab.id} kind={tab.kind} method={catalogMethod} />
      <LoadTestPanel tabId={tab.id} />
      {tab.connection.tls.enabled ? <TlsFields owner={owner} /> : null}
      {tab.connectionSettingsOpen ? <ConnectionSettingsPanel key={tab.id} owner={owner} /> : null}
      {tab.conflict ? <ConflictAlert tab={tab} /> : null}
      {tab.error ? <RequestErrorAlert error={tab.error} onDismiss={() => updateTab(tab.id, { error: null })} /> : null}

      <SplitPane
        label="Resize request and response"
        first={
          <section className="request-pane" aria-label="Request">
            <MetadataEditor owner={owner} />
            <AuthFields tab={tab} />
            {sendsClientStream(tab.kind) ? <SavedMessagesPanel tab={tab} /> : null}
            <div className="section-header editor-toolbar">
              <span className="section-title">{requestBodyTitle(tab)}</span>
              <div className="toolbar-actions">
                <label className="check check-small" title="Show fields that have their default value (0, '', false) in responses">
                  <input type="checkbox" aria-label="Emit default values" checked={tab.emitDefaults} onChange={(e) => updateTab(tab.id, { emitDefaults: e.target.checked })} />
                  <span className="collapsible-label">Emit default values</span>
                  <span className="short-label" aria-hidden="true">
                    Defaults
                  </span>
                </label>
                <button type="button" className="btn btn-ghost btn-small" aria-label="Generate example" title="Fill the editor with an example request" onClick={() => void generateExample(tab.id)}>
                  <Icon name="wand" size={14} />
                  <span className="collapsible-label">Generate example</span>
                </button>
              </div>
            </div>
            {description?.state === 'error' ? (
              <p className="inline-warning">
                <Icon name="warning" size={14} />
                No schema for this method: {description.error.message}
              </p>
            ) : null}
            <RequestBodyEditor tab={tab} />
          </section>
        }
        second={<ResponsePanel key={tab.id} tab={tab} />}
      />
    </div>
  );
}

function requestBodyTitle(tab: RequestTab): string {
  if (tab.kind === 'client_streaming' || tab.kind === 'bidi_streaming') return 'Next message';
  return 'Request';
}

function shortType(fullName: string): string {
  return fullName.split('.').pop() ?? fullName;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

import { useId } from 'react';
import type { MethodKind } from '../../../../shared/catalog';
import {
  HTTP_VERSION_LABELS,
  PROTOCOL_HTTP_VERSIONS,
  WIRE_PROTOCOLS,
  WIRE_PROTOCOL_LABELS,
  httpVersionOf,
  protocolHasHttpVersion,
  protocolKindProblem,
  protocolOf,
  type ProtocolHttpVersion,
  type WireProtocol,
} from '../../../../shared/wire-protocol';
import type { CatalogMethod } from '../../../../shared/catalog';
import { useAppStore } from '../../store/app-store';
import { HttpBindingSelect } from './HttpBindingSelect';

/**
 * The tab's wire protocol (saved with the request) and, for gRPC-Web and Connect, the HTTP
 * version. When the method's kind cannot go over the choice, a note says why and Invoke is
 * disabled (callControls), instead of a call that fails. For HTTP/JSON, a method with
 * additional_bindings also offers the HTTP binding to send through.
 */
export function ProtocolRow({ tabId, kind, method }: { tabId: string; kind: MethodKind; method: Pick<CatalogMethod, 'fullName' | 'httpRules'> | null }) {
  const connection = useAppStore((s) => s.tabs.find((t) => t.id === tabId)?.connection);
  const httpRuleIndex = useAppStore((s) => s.tabs.find((t) => t.id === tabId)?.httpRuleIndex ?? 0);
  const updateConnection = useAppStore((s) => s.updateConnection);
  const id = useId();
  if (connection === undefined) return null;
  const protocol = protocolOf(connection);
  const httpVersion = httpVersionOf(connection);
  const problem = protocol === 'grpc' ? null : protocolKindProblem(protocol, httpVersion, kind);
  const owner = { tabId };
  const rules = method?.httpRules ?? [];
  // One rule leaves nothing to choose, unless a saved index points past it (then the choice shows why).
  const offerBinding = protocol === 'http-json' && method !== null && (rules.length > 1 || (rules.length > 0 && httpRuleIndex >= rules.length));

  return (
    <div className="protocol-row">
      <label htmlFor={`${id}-protocol`} className="protocol-title">
        Protocol
      </label>
      <select
        id={`${id}-protocol`}
        className="input select protocol-select"
        value={protocol}
        title="How the call travels: gRPC (HTTP/2), gRPC-Web or Connect (what browsers use), or HTTP/JSON through the method's google.api.http rule"
        onChange={(e) => {
          const next = e.target.value as WireProtocol;
          updateConnection(owner, (c) => {
            const { protocol: _protocol, ...rest } = c;
            return next === 'grpc' ? rest : { ...rest, protocol: next };
          });
        }}
      >
        {WIRE_PROTOCOLS.map((p) => (
          <option key={p} value={p}>
            {WIRE_PROTOCOL_LABELS[p]}
          </option>
        ))}
      </select>
      {protocolHasHttpVersion(protocol) ? (
        <>
          <label htmlFor={`${id}-http`} className="protocol-title">
            HTTP version
          </label>
          <select
            id={`${id}-http`}
            className="input select protocol-select"
            value={httpVersion}
            title="HTTP/2 carries every call kind the protocol allows; choose HTTP/1.1 for servers and proxies that speak only HTTP/1.1"
            onChange={(e) => {
              const next = e.target.value as ProtocolHttpVersion;
              updateConnection(owner, (c) => {
                const { httpVersion: _httpVersion, ...rest } = c;
                return next === '2' ? rest : { ...rest, httpVersion: next };
              });
            }}
          >
            {PROTOCOL_HTTP_VERSIONS.map((v) => (
              <option key={v} value={v}>
                {HTTP_VERSION_LABELS[v]}
              </option>
            ))}
          </select>
        </>
      ) : null}
      {offerBinding ? <HttpBindingSelect tabId={tabId} methodName={method.fullName} rules={rules} /> : null}
      {problem !== null ? (
        <p role="note" aria-label="Protocol note" className="protocol-note">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

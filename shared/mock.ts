// The mock server: serves a proto set's services on 127.0.0.1 with rules per method.
import type { ProtoSetId } from './ids';
import type { MetadataEntry } from './metadata';

/** A fixed status a method answers with instead of OK. */
export interface MockStatusRule {
  /** gRPC status code, 1..16. */
  code: number;
  message: string;
  /**
   * Rich error details sent as google.rpc.Status in grpc-status-details-bin: a JSON array of
   * Any objects, e.g. [{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"QUOTA"}]. "" = none.
   */
  detailsJson: string;
}

/** How the mock answers one method. A method without a rule answers with MOCK_RULE_DEFAULTS. */
export interface MockMethodRule {
  /** "package.Service/Method". */
  method: string;
  /** null = answer OK. */
  status: MockStatusRule | null;
  /** Waited before the first response (or the status) of a call. */
  latencyMs: number;
  /** Server streaming: messages sent per call. */
  messageCount: number;
  /** Server streaming: the pause between two messages. */
  intervalMs: number;
  /** The response message as proto3 JSON; null = a generated example of the output type. */
  responseJson: string | null;
}

export interface MockRules {
  methods: MockMethodRule[];
}

export const MOCK_RULE_DEFAULTS: Omit<MockMethodRule, 'method'> = {
  status: null,
  latencyMs: 0,
  messageCount: 3,
  intervalMs: 100,
  responseJson: null,
};

export const MOCK_LIMITS = {
  /** Rules in one set (one per method). */
  rules: 10_000,
  /** Longest latency or interval a rule may ask for: 10 minutes. */
  maxDelayMs: 600_000,
  /** Most messages one server stream sends. */
  maxMessageCount: 100_000,
  /** Received requests the engine keeps (oldest leave first). */
  keptRequests: 200,
  /** Messages kept per received request (a long client stream keeps its first ones). */
  keptMessagesPerRequest: 20,
  /** Characters of one kept message's JSON. */
  keptMessageChars: 16 * 1024,
} as const;

export interface StartMockRequest {
  protoSetId: ProtoSetId;
  /** null = any free port. */
  port: number | null;
  rules: MockRules;
}

export interface MockServerState {
  running: boolean;
  /** "127.0.0.1:PORT" while running. */
  address: string | null;
  protoSetId: ProtoSetId | null;
  /** Fully-qualified names of the services it serves (not reflection and health). */
  services: string[];
}

/** One call the mock received. */
export interface MockRequestRecord {
  /** Increases by one per call received since the engine started. */
  id: number;
  /** Epoch ms when the call arrived. */
  at: number;
  /** "/package.Service/Method". */
  path: string;
  metadata: MetadataEntry[];
  /** Each received message as proto3 JSON (or why it could not be read), the first keptMessagesPerRequest. */
  messages: string[];
  /** Messages received beyond the kept ones. */
  moreMessages: number;
  /** The status the mock answered with; null while the call runs. */
  status: { code: number; message: string } | null;
}

/** Where a collection keeps its mock rules, beside grpc-collection.yaml. */
export const MOCK_RULES_FILE_NAME = 'grpc-mock.json';

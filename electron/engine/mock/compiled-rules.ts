import { fromJson, toBinary, type DescMethod, type JsonValue, type Registry } from '@bufbuild/protobuf';
import { MOCK_RULE_DEFAULTS, type MockMethodRule, type MockRules } from '../../../shared/mock';
import { err, ok, type Result } from '../../../shared/result';
import { parseJsonText } from '../codec/json-text';
import { exampleJson } from '../protos/example-json';
import type { MockMethodCodec } from './mock-method-codec';

/** A rule made ready to answer with: the response encoded once, the status with its details trailer. */
export interface CompiledRule {
  latencyMs: number;
  messageCount: number;
  intervalMs: number;
  response: Buffer;
  /** null = OK. */
  status: { code: number; message: string; detailsBin: Buffer | null } | null;
}

/** "package.Service/Method", the key of rules. */
export function ruleKey(method: DescMethod): string {
  return `${method.parent.typeName}/${method.name}`;
}

/**
 * Every rule for a method of `methods`, checked and encoded; rules naming other methods are
 * kept in the file but ignored here (a collection's rules may cover several proto sets). A rule
 * that cannot be used is refused with its method and field named, so nothing half-applies.
 */
export function compileRules(
  rules: MockRules,
  methods: ReadonlyMap<string, { method: DescMethod; codec: MockMethodCodec }>,
  registry: Registry,
): Result<Map<string, CompiledRule>> {
  const compiled = new Map<string, CompiledRule>();
  const byKey = new Map(rules.methods.map((rule) => [rule.method, rule]));
  for (const [key, { method, codec }] of methods) {
    const rule = byKey.get(key) ?? { method: key, ...MOCK_RULE_DEFAULTS };
    const made = compileRule(rule, method, codec, registry);
    if (!made.ok) return made;
    compiled.set(key, made.value);
  }
  return ok(compiled);
}

function compileRule(rule: MockMethodRule, method: DescMethod, codec: MockMethodCodec, registry: Registry): Result<CompiledRule> {
  const where = `Mock rule for ${rule.method}`;
  const json = rule.responseJson === null || rule.responseJson.trim() === '' ? exampleJson(method.output, registry) : rule.responseJson;
  const response = codec.encodeResponse(json);
  if (!response.ok) return err(response.error.code, `${where}: response JSON: ${response.error.message}`, { ...response.error.details, method: rule.method, field: 'responseJson' });
  let status: CompiledRule['status'] = null;
  if (rule.status !== null) {
    if (rule.status.code === 0) return err('INVALID_REQUEST', `${where}: status code 0 is OK; remove the status to answer OK.`, { method: rule.method, field: 'status.code' });
    const details = statusDetails(rule.status.code, rule.status.message, rule.status.detailsJson, registry);
    if (!details.ok) return err(details.error.code, `${where}: ${details.error.message}`, { method: rule.method, field: 'status.detailsJson' });
    status = { code: rule.status.code, message: rule.status.message, detailsBin: details.value };
  }
  return ok({ latencyMs: rule.latencyMs, messageCount: rule.messageCount, intervalMs: rule.intervalMs, response: Buffer.from(response.value.bytes), status });
}

/** The google.rpc.Status carried by grpc-status-details-bin; null when there are no details. */
function statusDetails(code: number, message: string, detailsJson: string, registry: Registry): Result<Buffer | null> {
  if (detailsJson.trim() === '') return ok(null);
  const parsed = parseJsonText(detailsJson);
  if (!parsed.ok) return err('BAD_JSON', `error details are not JSON: ${parsed.error.message}`);
  if (!Array.isArray(parsed.value)) return err('BAD_JSON', 'error details must be a JSON array of Any objects, e.g. [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "QUOTA"}].');
  const statusType = registry.getMessage('google.rpc.Status');
  if (!statusType) return err('INTERNAL', 'google.rpc.Status is not known, so error details cannot be encoded.');
  const value: JsonValue = { code, message, details: parsed.value };
  try {
    return ok(Buffer.from(toBinary(statusType, fromJson(statusType, value, { registry }))));
  } catch (error) {
    return err('BAD_JSON', `error details cannot be encoded as google.rpc.Status details: ${(error as Error).message}. Each needs an "@type" the proto set or google.rpc knows.`);
  }
}

// The gRPC service config a user types in Connection settings (gRFC A2/A6 and
// grpc/service_config.proto, JSON form): checked here so a mistake names its field
// (`methodConfig[0].retryPolicy.maxAttempts: must be an integer ≥ 2`) instead of grpc-js
// silently dropping the whole config or failing the channel with a generic message.
// Pure: the renderer checks on edit, the engine checks again before building the channel.

export type ServiceConfigCheck = { ok: true; config: Record<string, unknown> | null } | { ok: false; path: string; message: string };

class Problem {
  constructor(
    readonly path: string,
    readonly message: string,
  ) {}
}

const STATUS_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

/** The proto3 JSON form of google.protobuf.Duration that grpc-js accepts: seconds with up to 9 decimals and an "s". */
const DURATION = /^\d+(\.\d{1,9})?s$/;

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown, path: string): Plain {
  if (!isPlain(value)) throw new Problem(path, 'must be an object');
  return value;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new Problem(path, 'must be an array');
  return value;
}

function onlyKeys(value: Plain, path: string, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new Problem(path === '' ? key : `${path}.${key}`, `unknown field (expected one of ${known.join(', ')})`);
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function duration(value: unknown, path: string, positive: boolean): void {
  if (typeof value !== 'string' || !DURATION.test(value)) throw new Problem(path, 'must be a duration like "0.5s" (seconds, up to 9 decimals, ending in s)');
  if (positive && Number.parseFloat(value) <= 0) throw new Problem(path, 'must be greater than 0s');
}

function attempts(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2) throw new Problem(path, 'must be an integer ≥ 2');
}

function statusCodes(value: unknown, path: string, nonEmpty: boolean): void {
  const codes = array(value, path);
  if (nonEmpty && codes.length === 0) throw new Problem(path, 'must list at least one status code, e.g. ["UNAVAILABLE"]');
  codes.forEach((code, i) => {
    const ok = typeof code === 'number' ? Number.isInteger(code) && code >= 0 && code < STATUS_NAMES.length : typeof code === 'string' && STATUS_NAMES.includes(code);
    if (!ok) throw new Problem(`${path}[${i}]`, `must be a status code name such as "UNAVAILABLE" (got ${JSON.stringify(code)})`);
  });
}

function retryPolicy(value: unknown, path: string): void {
  const policy = object(value, path);
  onlyKeys(policy, path, ['maxAttempts', 'initialBackoff', 'maxBackoff', 'backoffMultiplier', 'retryableStatusCodes']);
  attempts(policy['maxAttempts'], join(path, 'maxAttempts'));
  duration(policy['initialBackoff'], join(path, 'initialBackoff'), true);
  duration(policy['maxBackoff'], join(path, 'maxBackoff'), true);
  const multiplier = policy['backoffMultiplier'];
  if (typeof multiplier !== 'number' || !(multiplier > 0)) throw new Problem(join(path, 'backoffMultiplier'), 'must be a number greater than 0');
  statusCodes(policy['retryableStatusCodes'], join(path, 'retryableStatusCodes'), true);
}

function hedgingPolicy(value: unknown, path: string): void {
  const policy = object(value, path);
  onlyKeys(policy, path, ['maxAttempts', 'hedgingDelay', 'nonFatalStatusCodes']);
  attempts(policy['maxAttempts'], join(path, 'maxAttempts'));
  if (policy['hedgingDelay'] !== undefined) duration(policy['hedgingDelay'], join(path, 'hedgingDelay'), false);
  if (policy['nonFatalStatusCodes'] !== undefined) statusCodes(policy['nonFatalStatusCodes'], join(path, 'nonFatalStatusCodes'), false);
}

function methodName(value: unknown, path: string): void {
  const name = object(value, path);
  onlyKeys(name, path, ['service', 'method']);
  for (const key of ['service', 'method']) {
    if (name[key] !== undefined && typeof name[key] !== 'string') throw new Problem(join(path, key), 'must be a string');
  }
  if (name['method'] !== undefined && name['method'] !== '' && (name['service'] === undefined || name['service'] === '')) {
    throw new Problem(join(path, 'service'), 'is required when method is set (e.g. "demo.v1.DemoService")');
  }
}

function methodConfig(value: unknown, path: string): void {
  const config = object(value, path);
  onlyKeys(config, path, ['name', 'timeout', 'waitForReady', 'retryPolicy', 'hedgingPolicy', 'maxRequestMessageBytes', 'maxResponseMessageBytes']);
  const names = array(config['name'] ?? [], join(path, 'name'));
  if (names.length === 0) throw new Problem(join(path, 'name'), 'must list at least one {"service": "...", "method": "..."}; {} matches every method');
  names.forEach((name, i) => methodName(name, `${join(path, 'name')}[${i}]`));
  if (config['timeout'] !== undefined) duration(config['timeout'], join(path, 'timeout'), false);
  if (config['waitForReady'] !== undefined && typeof config['waitForReady'] !== 'boolean') throw new Problem(join(path, 'waitForReady'), 'must be true or false');
  for (const key of ['maxRequestMessageBytes', 'maxResponseMessageBytes']) {
    const n = config[key];
    if (n !== undefined && !(typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)) throw new Problem(join(path, key), 'must be a whole number of bytes');
  }
  if (config['retryPolicy'] !== undefined && config['hedgingPolicy'] !== undefined) throw new Problem(join(path, 'hedgingPolicy'), 'cannot be set together with retryPolicy (choose one)');
  if (config['retryPolicy'] !== undefined) retryPolicy(config['retryPolicy'], join(path, 'retryPolicy'));
  if (config['hedgingPolicy'] !== undefined) hedgingPolicy(config['hedgingPolicy'], join(path, 'hedgingPolicy'));
}

function loadBalancingConfig(value: unknown, path: string): void {
  const list = array(value, path);
  list.forEach((entry, i) => {
    const policy = object(entry, `${path}[${i}]`);
    const keys = Object.keys(policy);
    if (keys.length !== 1) throw new Problem(`${path}[${i}]`, 'must have exactly one policy name, e.g. {"round_robin": {}}');
    object(policy[keys[0] as string], `${path}[${i}].${keys[0] as string}`);
  });
}

function retryThrottling(value: unknown, path: string): void {
  const throttling = object(value, path);
  onlyKeys(throttling, path, ['maxTokens', 'tokenRatio']);
  const maxTokens = throttling['maxTokens'];
  if (typeof maxTokens !== 'number' || !(maxTokens > 0 && maxTokens <= 1000)) throw new Problem(join(path, 'maxTokens'), 'must be a number above 0 and at most 1000');
  const tokenRatio = throttling['tokenRatio'];
  if (typeof tokenRatio !== 'number' || !(tokenRatio > 0)) throw new Problem(join(path, 'tokenRatio'), 'must be a number greater than 0');
}

/** Checks the text of a service config; empty (or only spaces) means none. */
export function checkServiceConfig(text: string): ServiceConfigCheck {
  if (text.trim() === '') return { ok: true, config: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, path: '', message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  try {
    const config = object(parsed, '(service config)');
    onlyKeys(config, '', ['loadBalancingConfig', 'loadBalancingPolicy', 'methodConfig', 'retryThrottling']);
    if (config['loadBalancingConfig'] !== undefined) loadBalancingConfig(config['loadBalancingConfig'], 'loadBalancingConfig');
    if (config['loadBalancingPolicy'] !== undefined && typeof config['loadBalancingPolicy'] !== 'string') throw new Problem('loadBalancingPolicy', 'must be a string');
    if (config['methodConfig'] !== undefined) array(config['methodConfig'], 'methodConfig').forEach((m, i) => methodConfig(m, `methodConfig[${i}]`));
    if (config['retryThrottling'] !== undefined) retryThrottling(config['retryThrottling'], 'retryThrottling');
    return { ok: true, config };
  } catch (error) {
    if (error instanceof Problem) return { ok: false, path: error.path, message: error.message };
    throw error;
  }
}

/** One line for the user: "Service config: methodConfig[0].retryPolicy.maxAttempts: must be an integer ≥ 2". */
export function serviceConfigProblemText(check: { path: string; message: string }): string {
  return `Service config: ${check.path === '' ? '' : `${check.path}: `}${check.message}`;
}

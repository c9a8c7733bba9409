// The zod schema of mock rules: for mock:start / mock:setRules / mock:writeRules payloads and for
// the collection's grpc-mock.json, so a file and the wire are checked the same way.
import { z } from 'zod';
import { MOCK_LIMITS } from './mock';

const delayMs = z.number().int().min(0).max(MOCK_LIMITS.maxDelayMs);
const JSON_CHARS = 16 * 1024 * 1024;

export const mockMethodRuleSchema = z.strictObject({
  method: z.string().min(3).max(1024).regex(/^[^/\s]+\/[^/\s]+$/, 'must be "package.Service/Method"'),
  status: z
    .strictObject({
      code: z.number().int().min(1).max(16),
      message: z.string().max(64 * 1024),
      detailsJson: z.string().max(JSON_CHARS),
    })
    .nullable(),
  latencyMs: delayMs,
  messageCount: z.number().int().min(0).max(MOCK_LIMITS.maxMessageCount),
  intervalMs: delayMs,
  responseJson: z.string().max(JSON_CHARS).nullable(),
});

export const mockRulesSchema = z.strictObject({
  methods: z.array(mockMethodRuleSchema).max(MOCK_LIMITS.rules),
});

import type { Metadata } from '@grpc/grpc-js';
import { MOCK_LIMITS, type MockRequestRecord } from '../../../shared/mock';
import type { MetadataEntry } from '../../../shared/metadata';

/**
 * The calls the mock received, newest last, at most MOCK_LIMITS.keptRequests. Each record is
 * reported to `onChange` when it arrives, gains a kept message, and ends, so the UI lists a
 * stream while it runs without one event per message of a long stream.
 */
export class MockRequestLog {
  private readonly records: MockRequestRecord[] = [];
  private nextId = 1;

  constructor(private readonly onChange: (record: MockRequestRecord) => void) {}

  received(path: string, metadata: Metadata): MockRequestRecord {
    const record: MockRequestRecord = { id: this.nextId++, at: Date.now(), path, metadata: metadataEntries(metadata), messages: [], moreMessages: 0, status: null };
    this.records.push(record);
    if (this.records.length > MOCK_LIMITS.keptRequests) this.records.shift();
    this.onChange({ ...record, messages: [...record.messages] });
    return record;
  }

  message(record: MockRequestRecord, json: string): void {
    if (record.messages.length >= MOCK_LIMITS.keptMessagesPerRequest) {
      record.moreMessages++;
      return;
    }
    record.messages.push(json.length > MOCK_LIMITS.keptMessageChars ? `${json.slice(0, MOCK_LIMITS.keptMessageChars)}… (${json.length} characters)` : json);
    this.onChange({ ...record, messages: [...record.messages] });
  }

  ended(record: MockRequestRecord, code: number, message: string): void {
    if (record.status !== null) return;
    record.status = { code, message };
    this.onChange({ ...record, messages: [...record.messages] });
  }

  list(): MockRequestRecord[] {
    return this.records.map((r) => ({ ...r, messages: [...r.messages] }));
  }

  clear(): void {
    this.records.length = 0;
  }
}

/** Binary values (keys ending in -bin) as base64, as everywhere else in the app. */
function metadataEntries(metadata: Metadata): MetadataEntry[] {
  const entries: MetadataEntry[] = [];
  for (const [key, values] of Object.entries(metadata.toJSON())) {
    for (const value of values) entries.push({ key, value: typeof value === 'string' ? value : Buffer.from(value).toString('base64') });
  }
  return entries;
}

// Stream operations in the wrong order or on the wrong call: write after end, write to a
// unary call, half-close twice, unknown ids, and bad JSON in the middle of a stream.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CallId } from '../../../shared/ids';
import { asCallId } from '../../../shared/ids';
import type { CorpusCase, CorpusCategory, CorpusKit, Outcome } from '../corpus-kit';

function op(name: string, run: (kit: CorpusKit) => Promise<Outcome>, code: string, messageRe: RegExp, defect?: string): CorpusCase {
  return { name, code, message: messageRe, defect, recover: 'stream', run };
}

const UNKNOWN = asCallId('call-that-never-was');
const chatLine = '{"user":"ada","text":"hi"}';

async function closedChat(kit: CorpusKit): Promise<CallId> {
  const callId = await kit.startStream('Chat');
  await kit.invoke('calls:halfClose', { callId });
  return callId;
}
async function endedChat(kit: CorpusKit): Promise<CallId> {
  const callId = await closedChat(kit);
  await kit.ended(callId);
  return callId;
}
async function cancelOpen(kit: CorpusKit, callId: CallId): Promise<void> {
  await kit.invoke('calls:cancel', { callId });
  await kit.ended(callId);
}
/** Runs `act` on an open Chat stream, then cancels it. */
async function onOpenChat(kit: CorpusKit, act: (callId: CallId) => Promise<Outcome>): Promise<Outcome> {
  const callId = await kit.startStream('Chat');
  try {
    return await act(callId);
  } finally {
    await cancelOpen(kit, callId);
  }
}

export const streamCases: CorpusCategory = {
  category: 'stream operations',
  cases: [
    op('write after half-close', async (kit) => { const callId = await closedChat(kit); const o = await kit.resultOutcome(kit.invoke('calls:write', { callId, json: chatLine })); await kit.ended(callId); return o; }, 'CALL_STATE', /^Cannot send a message: the call is half-closed \(the client said it has no more messages\)\./),
    op('write after the call ended', async (kit) => kit.resultOutcome(kit.invoke('calls:write', { callId: await endedChat(kit), json: chatLine })), 'CALL_STATE', /^Cannot send a message: the call has already ended\./),
    op('write after cancel', async (kit) => { const callId = await kit.startStream('Chat'); await cancelOpen(kit, callId); return kit.resultOutcome(kit.invoke('calls:write', { callId, json: chatLine })); }, 'CALL_STATE', /^Cannot send a message: the call has already ended\./),
    op('write to a running unary call', async (kit) => { const callId = await kit.startStream('Slow', '{"delayMs":300}'); const o = await kit.resultOutcome(kit.invoke('calls:write', { callId, json: '{"delayMs":1}' })); await kit.ended(callId); return o; }, 'CALL_STATE', /^Cannot send a message: a unary call takes its one request when it starts\./),
    op('write to a server-streaming call', async (kit) => { const callId = await kit.startStream('CountUp', '{"count":3,"intervalMs":100}'); const o = await kit.resultOutcome(kit.invoke('calls:write', { callId, json: '{"count":1}' })); await kit.ended(callId); return o; }, 'CALL_STATE', /^Cannot send a message: a server-streaming call takes its one request when it starts\./),
    op('half-close twice', async (kit) => { const callId = await closedChat(kit); const o = await kit.resultOutcome(kit.invoke('calls:halfClose', { callId })); await kit.ended(callId); return o; }, 'CALL_STATE', /^Cannot half-close: the call is already half-closed \(the client said it has no more messages\); wait for the server to end it, or cancel it\./),
    op('half-close a unary call', async (kit) => { const callId = await kit.startStream('Slow', '{"delayMs":300}'); const o = await kit.resultOutcome(kit.invoke('calls:halfClose', { callId })); await kit.ended(callId); return o; }, 'CALL_STATE', /^Cannot half-close: a unary call has no client stream to close/),
    op('half-close a server-streaming call', async (kit) => { const callId = await kit.startStream('CountUp', '{"count":3,"intervalMs":100}'); const o = await kit.resultOutcome(kit.invoke('calls:halfClose', { callId })); await kit.ended(callId); return o; }, 'CALL_STATE', /^Cannot half-close: a server-streaming call has no client stream to close/),
    op('half-close after the call ended', async (kit) => kit.resultOutcome(kit.invoke('calls:halfClose', { callId: await endedChat(kit) })), 'CALL_STATE', /^Cannot half-close: the call has already ended\./),
    op('cancel an unknown id', (kit) => kit.resultOutcome(kit.invoke('calls:cancel', { callId: UNKNOWN })), 'NOT_FOUND', /^No call call-that-never-was: it finished a while ago or never started\./),
    op('write to an unknown id', (kit) => kit.resultOutcome(kit.invoke('calls:write', { callId: UNKNOWN, json: chatLine })), 'NOT_FOUND', /^No call call-that-never-was: it finished a while ago or never started\./),
    op('half-close an unknown id', (kit) => kit.resultOutcome(kit.invoke('calls:halfClose', { callId: UNKNOWN })), 'NOT_FOUND', /^No call call-that-never-was: it finished a while ago or never started\./),
    op('save the stream of an unknown id', (kit) => kit.resultOutcome(kit.invoke('calls:saveStream', { callId: UNKNOWN, path: join(kit.dir, 'x.ndjson') })), 'NOT_FOUND', /^No call call-that-never-was: it finished a while ago or never started\./),
    op('bad JSON syntax mid-stream', (kit) => onOpenChat(kit, async (callId) => { await kit.invoke('calls:write', { callId, json: chatLine }); return kit.resultOutcome(kit.invoke('calls:write', { callId, json: '{"user":' })); }), 'BAD_JSON', /^The request is not valid JSON: expected a value at line 1, column 9\./),
    op('a wrong type mid-stream', (kit) => onOpenChat(kit, async (callId) => { await kit.invoke('calls:write', { callId, json: chatLine }); return kit.resultOutcome(kit.invoke('calls:write', { callId, json: '{"user":42}' })); }), 'BAD_JSON', /^Field "user": expected string, got 42\./),
    op('an unknown field mid-stream', (kit) => onOpenChat(kit, (callId) => kit.resultOutcome(kit.invoke('calls:write', { callId, json: '{"usr":"ada"}' }))), 'BAD_JSON', /^Field "usr": demo\.v1\.ChatMessage has no field "usr";/),
    op('an int64 out of range mid-stream (Sum)', async (kit) => {
      const callId = await kit.startStream('Sum');
      try {
        return await kit.resultOutcome(kit.invoke('calls:write', { callId, json: '{"value":"99999999999999999999"}' }));
      } finally {
        await cancelOpen(kit, callId);
      }
    }, 'BAD_JSON', /^Field "value": expected int64 \(a whole number, as a string like "42" or a number\), got "99999999999999999999"\./),
    {
      name: 'the stream goes on after a refused write',
      code: 'BAD_JSON',
      message: /^The request is not valid JSON: unexpected character at line 1, column 1\./,
      recover: 'stream',
      run: async (kit) => {
        const callId = await kit.startStream('Chat');
        const refused = await kit.resultOutcome(kit.invoke('calls:write', { callId, json: 'not json' }));
        const next = await kit.invoke('calls:write', { callId, json: chatLine });
        await kit.invoke('calls:halfClose', { callId });
        const events = await kit.ended(callId);
        const status = events.find((e) => e.type === 'status');
        // The refused write must not have broken the stream: the next one is index 0 and answered.
        if (!next.ok || next.value.index !== 0 || status?.type !== 'status' || status.status.codeName !== 'OK') {
          return { via: 'result', code: 'STREAM_BROKEN', message: JSON.stringify({ next, status }) };
        }
        return refused;
      },
    },
    op('save a stream into a folder that does not exist', async (kit) => kit.resultOutcome(kit.invoke('calls:saveStream', { callId: await endedChat(kit), path: join(kit.dir, 'no', 'such', 'folder', 'chat.ndjson') })), 'IO', /^Could not save the stream to .*no\/such\/folder\/chat\.ndjson: the folder .*no\/such\/folder does not exist\. Choose a folder you can write to\.$/),
    op('save a stream onto a folder', async (kit) => { const folder = join(kit.dir, 'stream-folder'); mkdirSync(folder, { recursive: true }); return kit.resultOutcome(kit.invoke('calls:saveStream', { callId: await endedChat(kit), path: folder })); }, 'IO', /^Could not save the stream to .*stream-folder: it is a folder; give a file name inside it\. Choose a folder you can write to\.$/),
  ],
};

// A request's checks and captures live in its tab: opening a saved request and saving it again
// (or restoring the workspace first) keeps them; a check that no longer parses is dropped alone.
import { describe, expect, it } from 'vitest';
import type { RequestCheck, VariableCapture } from '../../../shared/checks';
import { defaultConnectionSettings } from '../../../shared/connection';
import { asProtoSetId } from '../../../shared/ids';
import { emptyRequestDocument } from '../../../shared/request-document';
import { decodeWorkspace, encodeWorkspace } from '../services/workspace-codec';
import { documentOfTab, isTabDirty, tabInputOfDocument } from './request-document-model';
import { createRequestTab } from './request-tab';

const checks: RequestCheck[] = [
  { kind: 'status', code: 'NOT_FOUND' },
  { kind: 'message', message: { kind: 'every' }, path: '$.id', op: 'exists' },
];

const captures: VariableCapture[] = [
  { variable: 'token', from: 'message', path: '$.token', messageIndex: -1 },
  { variable: 'requestId', from: 'header', name: 'x-request-id' },
];

describe('checks saved with a request', () => {
  it('survive open → save and a workspace restore, and do not make the tab dirty', () => {
    const document = { ...emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary'), connection: defaultConnectionSettings('127.0.0.1:1'), checks, captures };
    const tab = createRequestTab({
      ...tabInputOfDocument(document, { protoSetId: asProtoSetId('p1'), service: 'demo.v1.DemoService', method: 'Echo' }, 'unary'),
      saved: { folder: '/repo', path: 'Echo.grpc.yaml', name: 'Echo', revision: 'r1', document },
    });
    expect(documentOfTab(tab).checks).toEqual(checks);
    expect(documentOfTab(tab).captures).toEqual(captures);
    expect(isTabDirty(tab)).toBe(false);

    const saved = encodeWorkspace({
      tabs: [tab], activeTabId: tab.id, defaultConnection: defaultConnectionSettings(), defaultMetadata: [], protoSetIds: [], recipes: {},
      retentionCap: 10_000, demoAddress: null, collections: [], activeCollection: null,
    });
    const restored = decodeWorkspace(JSON.parse(JSON.stringify(saved)))?.tabs[0];
    expect(restored && documentOfTab(restored).checks).toEqual(checks);
    expect(restored && documentOfTab(restored).captures).toEqual(captures);
    expect(restored && isTabDirty(restored)).toBe(false);

    // An edit (a new check), then a broken entry in the workspace file: only that entry goes.
    const edited = { ...tab, checks: [...checks, { kind: 'duration' as const, underMs: 50 }] };
    expect(isTabDirty(edited)).toBe(true);
    const state = JSON.parse(JSON.stringify(encodeWorkspace({
      tabs: [edited], activeTabId: edited.id, defaultConnection: defaultConnectionSettings(), defaultMetadata: [], protoSetIds: [], recipes: {},
      retentionCap: 10_000, demoAddress: null, collections: [], activeCollection: null,
    }))) as { data: { tabs: { checks: unknown[]; captures: unknown[] }[] } };
    state.data.tabs[0]!.checks.splice(1, 0, { kind: 'header', key: '' });
    state.data.tabs[0]!.captures.push({ variable: 'x', from: 'body' });
    const lenient = decodeWorkspace(state as never)?.tabs[0];
    expect(lenient?.checks).toEqual([...checks, { kind: 'duration', underMs: 50 }]);
    expect(lenient?.captures).toEqual(captures);
  });
});

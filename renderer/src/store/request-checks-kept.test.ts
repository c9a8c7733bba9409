// A request file's checks are not edited in the app yet, so the tab must carry them: opening a
// saved request and saving it again (or restoring the workspace first) keeps them.
import { describe, expect, it } from 'vitest';
import type { RequestCheck } from '../../../shared/checks';
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

describe('checks saved with a request', () => {
  it('survive open → save and a workspace restore, and do not make the tab dirty', () => {
    const document = { ...emptyRequestDocument({ service: 'demo.v1.DemoService', method: 'Echo' }, 'unary'), connection: defaultConnectionSettings('127.0.0.1:1'), checks };
    const tab = createRequestTab({
      ...tabInputOfDocument(document, { protoSetId: asProtoSetId('p1'), service: 'demo.v1.DemoService', method: 'Echo' }, 'unary'),
      saved: { folder: '/repo', path: 'Echo.grpc.yaml', name: 'Echo', revision: 'r1', document },
    });
    expect(documentOfTab(tab).checks).toEqual(checks);
    expect(isTabDirty(tab)).toBe(false);

    const saved = encodeWorkspace({
      tabs: [tab], activeTabId: tab.id, defaultConnection: defaultConnectionSettings(), defaultMetadata: [], protoSetIds: [], recipes: {},
      retentionCap: 10_000, demoAddress: null, collections: [], activeCollection: null,
    });
    const restored = decodeWorkspace(JSON.parse(JSON.stringify(saved)))?.tabs[0];
    expect(restored && documentOfTab(restored).checks).toEqual(checks);
    expect(restored && isTabDirty(restored)).toBe(false);
  });
});

import type { BrowserWindow, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { PickRequest } from '../../shared/contract';
import { pickDialogPlan, showPickDialog } from './pick-dialog';

function extensionsOf(request: PickRequest): string[] {
  const plan = pickDialogPlan(request);
  return (plan.options.filters ?? []).flatMap((filter) => filter.extensions);
}

describe('pickDialogPlan', () => {
  it('filters each kind to its file types (plus All files)', () => {
    expect(extensionsOf({ kind: 'proto_files', multiple: true })).toEqual(['proto', '*']);
    expect(extensionsOf({ kind: 'descriptor_sets', multiple: true })).toEqual(['protoset', 'binpb', 'pb', 'desc', '*']);
    expect(extensionsOf({ kind: 'pem_file', multiple: false })).toEqual(['pem', 'crt', 'cer', 'key', '*']);
  });

  it('opens files, with multi-selection only when asked', () => {
    const many = pickDialogPlan({ kind: 'proto_files', multiple: true });
    const one = pickDialogPlan({ kind: 'pem_file', multiple: false });
    expect(many).toMatchObject({ dialog: 'open', options: { properties: ['openFile', 'multiSelections'] } });
    expect(one).toMatchObject({ dialog: 'open', options: { properties: ['openFile'] } });
  });

  it('opens directories for import paths', () => {
    expect(pickDialogPlan({ kind: 'directories', multiple: true })).toMatchObject({
      dialog: 'open',
      options: { properties: ['openDirectory', 'createDirectory', 'multiSelections'] },
    });
  });

  it('uses a save dialog for save_file', () => {
    const plan = pickDialogPlan({ kind: 'save_file', multiple: false });
    expect(plan.dialog).toBe('save');
    expect(extensionsOf({ kind: 'save_file', multiple: false })).toEqual(['ndjson', 'jsonl', '*']);
  });
});

describe('showPickDialog', () => {
  const parent = {} as BrowserWindow;
  function fakeDialog(answer: { canceled: boolean; filePaths?: string[]; filePath?: string }) {
    const seen: { open: OpenDialogOptions[]; save: SaveDialogOptions[] } = { open: [], save: [] };
    const dialog = {
      showOpenDialog: async (_window: BrowserWindow, options: OpenDialogOptions) => {
        seen.open.push(options);
        return { canceled: answer.canceled, filePaths: answer.filePaths ?? [] };
      },
      showSaveDialog: async (_window: BrowserWindow, options: SaveDialogOptions) => {
        seen.save.push(options);
        return { canceled: answer.canceled, filePath: answer.filePath ?? '' };
      },
    } as unknown as Parameters<typeof showPickDialog>[0];
    return { dialog, seen };
  }

  it('returns the chosen paths', async () => {
    const { dialog, seen } = fakeDialog({ canceled: false, filePaths: ['/a.proto', '/b.proto'] });
    expect(await showPickDialog(dialog, parent, { kind: 'proto_files', multiple: true })).toEqual({ ok: true, value: ['/a.proto', '/b.proto'] });
    expect(seen.open).toHaveLength(1);
  });

  it('returns an empty list when cancelled', async () => {
    const { dialog } = fakeDialog({ canceled: true, filePaths: ['/ignored'] });
    expect(await showPickDialog(dialog, parent, { kind: 'directories', multiple: false })).toEqual({ ok: true, value: [] });
    const save = fakeDialog({ canceled: true });
    expect(await showPickDialog(save.dialog, parent, { kind: 'save_file', multiple: false })).toEqual({ ok: true, value: [] });
  });

  it('returns the save path', async () => {
    const { dialog, seen } = fakeDialog({ canceled: false, filePath: '/tmp/stream.ndjson' });
    expect(await showPickDialog(dialog, parent, { kind: 'save_file', multiple: false })).toEqual({ ok: true, value: ['/tmp/stream.ndjson'] });
    expect(seen.save).toHaveLength(1);
  });

  it('turns a dialog failure into an INTERNAL result', async () => {
    const dialog = {
      showOpenDialog: async () => {
        throw new Error('no display');
      },
    } as unknown as Parameters<typeof showPickDialog>[0];
    const result = await showPickDialog(dialog, parent, { kind: 'pem_file', multiple: false });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('no display') });
  });
});

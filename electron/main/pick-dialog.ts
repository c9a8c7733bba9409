// files:pick in Electron: native open/save dialogs. The options per PickKind are plain data
// (tested); showPickDialog is the thin call into Electron's dialog module.
import type { BrowserWindow, Dialog, FileFilter, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { PickKind, PickRequest } from '../../shared/contract';
import { err, ok, type Result } from '../../shared/result';

export type PickDialogPlan =
  | { dialog: 'open'; options: OpenDialogOptions }
  | { dialog: 'save'; options: SaveDialogOptions };

const ALL_FILES: FileFilter = { name: 'All files', extensions: ['*'] };

const OPEN_FILTERS: Readonly<Record<Exclude<PickKind, 'directories' | 'save_file'>, { title: string; filters: FileFilter[] }>> = {
  proto_files: { title: 'Import .proto files', filters: [{ name: 'Protocol Buffers', extensions: ['proto'] }, ALL_FILES] },
  descriptor_sets: {
    title: 'Import descriptor sets',
    filters: [{ name: 'Descriptor sets', extensions: ['protoset', 'binpb', 'pb', 'desc'] }, ALL_FILES],
  },
  pem_file: { title: 'Choose a PEM file', filters: [{ name: 'PEM certificates and keys', extensions: ['pem', 'crt', 'cer', 'key'] }, ALL_FILES] },
};

export function pickDialogPlan(request: PickRequest): PickDialogPlan {
  if (request.kind === 'save_file') {
    return {
      dialog: 'save',
      options: {
        title: 'Save stream',
        filters: [{ name: 'NDJSON', extensions: ['ndjson', 'jsonl'] }, ALL_FILES],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      },
    };
  }
  const multiple: OpenDialogOptions['properties'] = request.multiple ? ['multiSelections'] : [];
  if (request.kind === 'directories') {
    return { dialog: 'open', options: { title: 'Choose import directories', properties: ['openDirectory', 'createDirectory', ...multiple] } };
  }
  const { title, filters } = OPEN_FILTERS[request.kind];
  return { dialog: 'open', options: { title, filters, properties: ['openFile', ...multiple] } };
}

/** Shows the dialog (modal to parent when there is one). Cancelled: ok([]). */
export async function showPickDialog(
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>,
  parent: BrowserWindow | null,
  request: PickRequest,
): Promise<Result<string[]>> {
  const plan = pickDialogPlan(request);
  try {
    if (plan.dialog === 'save') {
      const saved = parent ? await dialog.showSaveDialog(parent, plan.options) : await dialog.showSaveDialog(plan.options);
      return ok(saved.canceled || !saved.filePath ? [] : [saved.filePath]);
    }
    const opened = parent ? await dialog.showOpenDialog(parent, plan.options) : await dialog.showOpenDialog(plan.options);
    return ok(opened.canceled ? [] : opened.filePaths);
  } catch (cause) {
    return err('INTERNAL', `The file dialog could not be shown: ${cause instanceof Error ? cause.message : String(cause)}. Type the path instead.`);
  }
}

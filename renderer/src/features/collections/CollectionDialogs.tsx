import { useState } from 'react';
import { FormDialog, TextField } from '../../components/FormDialog';
import { cleanFolderPath, requestNameOfPath } from '../../../../shared/collection';
import {
  createCollection,
  deleteFolder,
  deleteRequest,
  moveFolder,
  moveRequestToFolder,
  openCollection,
  renameFolder,
  renameRequest,
  saveTabAs,
} from '../../services/collection-actions';
import { pickPaths } from '../../services/file-picking';
import { useAppStore } from '../../store/app-store';
import type { WorkspaceDialog } from '../../store/collections-slice';

const close = () => useAppStore.getState().setWorkspaceDialog(null);

function BrowseFolderButton({ onPick }: { onPick: (path: string) => void }) {
  return (
    <button
      type="button"
      className="btn"
      onClick={() =>
        void pickPaths('directories', false).then(([path]) => {
          if (path) onPick(path);
        })
      }
    >
      Browse…
    </button>
  );
}

export function NewCollectionDialog() {
  const [folder, setFolder] = useState('');
  const [name, setName] = useState('');
  return (
    <FormDialog
      label="New collection"
      submitLabel="Create"
      onClose={close}
      initialFocusSelector="#collection-folder"
      onSubmit={async () => {
        if (folder.trim() === '') return 'Enter the folder the collection lives in (it is created if missing).';
        if (name.trim() === '') return 'Give the collection a name.';
        const error = await createCollection(folder.trim(), name.trim());
        if (error) return error.message;
        close();
        return null;
      }}
    >
      <TextField
        id="collection-folder"
        label="Collection folder"
        value={folder}
        onChange={setFolder}
        placeholder="/home/me/src/billing/grpc-requests"
        hint="A folder in your repository, next to your protos; it is created if missing."
        after={<BrowseFolderButton onPick={setFolder} />}
      />
      <TextField id="collection-name" label="Collection name" value={name} onChange={setName} placeholder="Billing API" />
    </FormDialog>
  );
}

export function OpenCollectionDialog() {
  const [folder, setFolder] = useState('');
  return (
    <FormDialog
      label="Open collection"
      submitLabel="Open"
      onClose={close}
      initialFocusSelector="#open-collection-folder"
      onSubmit={async () => {
        if (folder.trim() === '') return 'Enter the collection folder (the one holding grpc-collection.yaml).';
        const error = await openCollection(folder.trim());
        if (error) return error.message;
        close();
        return null;
      }}
    >
      <TextField
        id="open-collection-folder"
        label="Collection folder"
        value={folder}
        onChange={setFolder}
        hint="The folder holding grpc-collection.yaml."
        after={<BrowseFolderButton onPick={setFolder} />}
      />
    </FormDialog>
  );
}

export function SaveRequestDialog({ tabId }: { tabId: string }) {
  const collections = useAppStore((s) => s.collections);
  const active = useAppStore((s) => s.activeCollection);
  const tab = useAppStore((s) => s.tabs.find((t) => t.id === tabId));
  const [name, setName] = useState(tab?.saved ? `${tab.saved.name} copy` : (tab?.methodName ?? ''));
  const [folder, setFolder] = useState(() => {
    const path = tab?.saved?.path ?? '';
    return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  });
  const [collection, setCollection] = useState(tab?.saved?.folder ?? active ?? collections[0]?.index.folder ?? '');
  const writable = collections.filter((c) => !c.index.rootBroken);

  if (writable.length === 0) {
    return (
      <FormDialog label="Save request" submitLabel="Save" onClose={close} submitDisabled onSubmit={() => Promise.resolve(null)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => useAppStore.getState().setWorkspaceDialog({ kind: 'new_collection' })}>New collection</button>
            <button type="button" className="btn" onClick={() => useAppStore.getState().setWorkspaceDialog({ kind: 'open_collection' })}>Open collection</button>
          </>
        }
      >
        <p>Requests are saved in a collection: a folder in your repository. Create or open one first.</p>
      </FormDialog>
    );
  }

  return (
    <FormDialog
      label="Save request"
      submitLabel="Save"
      onClose={close}
      initialFocusSelector="#save-request-name"
      onSubmit={async () => {
        if (name.trim() === '') return 'Give the request a name: it becomes its file name.';
        const error = await saveTabAs(tabId, collection, folder.trim(), name.trim());
        if (error) return error.message;
        close();
        return null;
      }}
    >
      <TextField id="save-request-name" label="Request name" value={name} onChange={setName} hint="Becomes the file name (<name>.grpc.yaml)." />
      {writable.length > 1 ? (
        <div className="field">
          <label className="field-label" htmlFor="save-request-collection">
            Collection
          </label>
          <select id="save-request-collection" className="input" value={collection} onChange={(e) => setCollection(e.target.value)}>
            {writable.map((c) => (
              <option key={c.index.folder} value={c.index.folder}>
                {c.index.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <TextField id="save-request-folder" label="Folder" value={folder} onChange={setFolder} placeholder="(top level)" hint="Optional: a folder inside the collection, e.g. cards/refunds." />
    </FormDialog>
  );
}

export function RenameRequestDialog({ folder, path }: { folder: string; path: string }) {
  const [name, setName] = useState(requestNameOfPath(path));
  return (
    <FormDialog
      label="Rename request"
      submitLabel="Rename"
      onClose={close}
      initialFocusSelector="#rename-request-name"
      onSubmit={async () => {
        if (name.trim() === '') return 'The name cannot be empty.';
        const error = await renameRequest(folder, path, name.trim());
        if (error) return error.message;
        close();
        return null;
      }}
    >
      <TextField id="rename-request-name" label="Request name" value={name} onChange={setName} />
    </FormDialog>
  );
}

export function MoveRequestDialog({ folder, path }: { folder: string; path: string }) {
  const [target, setTarget] = useState(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
  return (
    <FormDialog
      label="Move request"
      submitLabel="Move"
      onClose={close}
      initialFocusSelector="#move-request-folder"
      onSubmit={async () => {
        const error = await moveRequestToFolder(folder, path, target.trim());
        if (error) return error.message;
        close();
        return null;
      }}
    >
      <TextField id="move-request-folder" label="Folder" value={target} onChange={setTarget} placeholder="(top level)" hint="A folder inside the collection; it is created if missing." />
    </FormDialog>
  );
}

export function DeleteRequestDialog({ folder, path }: { folder: string; path: string }) {
  return (
    <FormDialog
      label="Delete request"
      submitLabel="Delete"
      danger
      onClose={close}
      onSubmit={async () => {
        const error = await deleteRequest(folder, path);
        if (error) return error.message;
        close();
        return null;
      }}
    >
      <p>
        Delete <strong>{requestNameOfPath(path)}</strong> ({path}) from the collection folder? Open tabs keep their content, unsaved. If the
        folder is in git, the file can be restored from there.
      </p>
    </FormDialog>
  );
}

export function RenameFolderDialog({ folder, path }: { folder: string; path: string }) {
  const [name, setName] = useState(path.slice(path.lastIndexOf('/') + 1));
  return (
    <FormDialog
      label="Rename folder"
      submitLabel="Rename"
      onClose={close}
      initialFocusSelector="#rename-folder-name"
      onSubmit={async () => {
        if (name.trim() === '') return 'The name cannot be empty.';
        if (/[\\/]/.test(name)) return 'A folder name cannot hold / or \\: use Move folder to put it elsewhere.';
        const error = await renameFolder(folder, path, name.trim());
        if (error) return error.message;
        close();
        return null;
      }}
    >
      <TextField id="rename-folder-name" label="Folder name" value={name} onChange={setName} hint="Open tabs of its requests follow the new name." />
    </FormDialog>
  );
}

export function MoveFolderDialog({ folder, path }: { folder: string; path: string }) {
  const [target, setTarget] = useState(path);
  return (
    <FormDialog
      label="Move folder"
      submitLabel="Move"
      onClose={close}
      initialFocusSelector="#move-folder-path"
      onSubmit={async () => {
        const error = await moveFolder(folder, path, cleanFolderPath(target));
        if (error) return error.message;
        close();
        return null;
      }}
    >
      <TextField id="move-folder-path" label="New folder path" value={target} onChange={setTarget} hint="Where the folder goes inside the collection, e.g. payments/cards; missing folders are created." />
    </FormDialog>
  );
}

export function DeleteFolderDialog({ folder, path, requests }: { folder: string; path: string; requests: number }) {
  return (
    <FormDialog
      label="Delete folder"
      submitLabel="Delete"
      danger
      onClose={close}
      onSubmit={async () => {
        const error = await deleteFolder(folder, path);
        if (error) return error.message;
        close();
        return null;
      }}
    >
      <p>
        Delete the folder <strong>{path}</strong> and the {requests} saved request{requests === 1 ? '' : 's'} in it? Open tabs keep their content,
        unsaved. A folder that holds other files is not deleted. If the folder is in git, the files can be restored from there.
      </p>
    </FormDialog>
  );
}

/** The collection dialogs that take no other state (the rest live with their features). */
export function CollectionDialog({ dialog }: { dialog: WorkspaceDialog }) {
  switch (dialog.kind) {
    case 'new_collection':
      return <NewCollectionDialog />;
    case 'open_collection':
      return <OpenCollectionDialog />;
    case 'save_request':
      return <SaveRequestDialog tabId={dialog.tabId} />;
    case 'rename_request':
      return <RenameRequestDialog folder={dialog.folder} path={dialog.path} />;
    case 'move_request':
      return <MoveRequestDialog folder={dialog.folder} path={dialog.path} />;
    case 'delete_request':
      return <DeleteRequestDialog folder={dialog.folder} path={dialog.path} />;
    case 'rename_folder':
      return <RenameFolderDialog folder={dialog.folder} path={dialog.path} />;
    case 'move_folder':
      return <MoveFolderDialog folder={dialog.folder} path={dialog.path} />;
    case 'delete_folder':
      return <DeleteFolderDialog folder={dialog.folder} path={dialog.path} requests={dialog.requests} />;
    default:
      return null;
  }
}

import { useState } from 'react';
import { Icon } from '../../components/Icon';
import { ModalDialog } from '../../components/ModalDialog';
import { parsePathLines } from '../../lib/path-lines';
import type { ImportProblem } from '../../services/catalog-actions';
import { importByReflection, importProtos } from '../../services/catalog-actions';
import { useAppStore } from '../../store/app-store';
import { PathListField } from './PathListField';

/** Import .proto files (with protoc -I import paths), descriptor sets, or use server reflection. */
export function ImportDialog() {
  const close = useAppStore((s) => s.setImportDialogOpen);
  const target = useAppStore((s) => (s.tabs.find((t) => t.id === s.activeTabId)?.connection ?? s.defaultConnection).target.trim());
  const [protoFiles, setProtoFiles] = useState('');
  const [importPaths, setImportPaths] = useState('');
  const [descriptorSets, setDescriptorSets] = useState('');
  const [busy, setBusy] = useState<'import' | 'reflect' | null>(null);
  const [problems, setProblems] = useState<ImportProblem[]>([]);

  const finish = (result: ImportProblem[]) => {
    setBusy(null);
    setProblems(result);
    if (result.length === 0) {
      close(false);
      useAppStore.getState().showNotice('info', 'Services imported. Pick a method under Services.');
    }
  };

  const runImport = async () => {
    setBusy('import');
    setProblems([]);
    finish(await importProtos({ protoFiles: parsePathLines(protoFiles), importPaths: parsePathLines(importPaths), descriptorSets: parsePathLines(descriptorSets) }));
  };

  const runReflection = async () => {
    setBusy('reflect');
    setProblems([]);
    finish(await importByReflection());
  };

  return (
    <ModalDialog label="Import protos" onClose={() => close(false)} className="import-dialog" initialFocusSelector="#import-proto-files">
      <header className="modal-header">
        <h2>Import protos</h2>
        <button type="button" className="icon-btn" aria-label="Close" onClick={() => close(false)}>
          <Icon name="close" />
        </button>
      </header>
      <div className="modal-body">
        <PathListField
          id="import-proto-files"
          label="Proto files"
          hint="One .proto file per line. Relative to an import path, or absolute inside one."
          placeholder={'/home/me/api/protos/shop/v1/orders.proto'}
          value={protoFiles}
          onChange={setProtoFiles}
          pickKind="proto_files"
          rows={4}
        />
        <PathListField
          id="import-paths"
          label="Import paths"
          hint="Include roots, exactly like protoc -I: imports resolve against these folders (not their subfolders). Well-known types and google/api, google/rpc are built in."
          placeholder={'/home/me/api/protos\n/home/me/api/third_party'}
          value={importPaths}
          onChange={setImportPaths}
          pickKind="directories"
        />
        <PathListField
          id="import-descriptor-sets"
          label="Descriptor set files"
          hint="FileDescriptorSet files from protoc -o or buf build -o (.protoset, .binpb, .pb)."
          placeholder="/home/me/api/api.protoset"
          value={descriptorSets}
          onChange={setDescriptorSets}
          pickKind="descriptor_sets"
          rows={2}
        />
        {problems.length > 0 ? (
          <div role="alert" className="alert alert-error import-problems">
            <Icon name="warning" className="alert-icon" />
            <div className="alert-body">
              {problems.map((problem, i) => (
                <div key={i} className="import-problem">
                  <strong>{problem.title}</strong>
                  {problem.diagnostics.length > 0 ? (
                    <ul className="diagnostics">
                      {problem.diagnostics.map((d, j) => (
                        <li key={j} className="mono">
                          {d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file} — {d.message}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {repeats(problem) ? null : <p className="alert-message">{problem.message}</p>}
                </div>
              ))}
            </div>
          </div>
        ) : null}
      </div>
      <footer className="modal-footer">
        <div className="reflection-box">
          <button type="button" className="btn" disabled={busy !== null} onClick={() => void runReflection()}>
            <Icon name="server" />
            Use server reflection
          </button>
          <span className="field-hint">{target ? <>Asks <span className="mono">{target}</span> (with its TLS and metadata) for its services.</> : 'Enter a Server address first.'}</span>
        </div>
        <span className="toolbar-spacer" />
        <button type="button" className="btn btn-primary" disabled={busy !== null} onClick={() => void runImport()}>
          {busy === 'import' ? 'Importing…' : 'Import'}
        </button>
      </footer>
    </ModalDialog>
  );
}

/** True when the summary only says again what a diagnostic already says. */
function repeats(problem: ImportProblem): boolean {
  const message = problem.message.toLowerCase();
  return problem.diagnostics.some((d) => message.includes(d.message.toLowerCase().replace(/\.$/, '')));
}

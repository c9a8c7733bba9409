import Editor from '@monaco-editor/react';
import type { editor } from 'monaco-editor/editor/editor.api.js';
import { useEffect, useRef } from 'react';
import { loadMonaco, useMonaco } from '../../monaco/monaco-runtime';
import { requestModelPath } from '../../monaco/request-schemas';
import { DARK_THEME, LIGHT_THEME } from '../../monaco/theme-names';
import { useDarkMode } from '../../lib/use-dark-mode';
import { primaryAction } from '../../services/call-actions';
import { useAppStore } from '../../store/app-store';
import type { RequestTab } from '../../store/request-tab';

const EDITOR_OPTIONS: editor.IStandaloneEditorConstructionOptions = {
  ariaLabel: 'Request body',
  minimap: { enabled: false },
  fontFamily: "ui-monospace, 'SF Mono', 'Cascadia Code', 'JetBrains Mono', Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
  fontSize: 12.5,
  lineHeight: 19,
  tabSize: 2,
  scrollBeyondLastLine: false,
  wordWrap: 'on',
  wrappingIndent: 'indent',
  automaticLayout: true,
  lineNumbersMinChars: 3,
  glyphMargin: false,
  folding: true,
  renderLineHighlight: 'line',
  fixedOverflowWidgets: true,
  quickSuggestions: { strings: true, other: true, comments: false },
  suggestOnTriggerCharacters: true,
  formatOnPaste: true,
  scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10, useShadows: false },
  padding: { top: 8, bottom: 8 },
  overviewRulerBorder: false,
  hideCursorInOverviewRuler: true,
  stickyScroll: { enabled: false },
  accessibilitySupport: 'auto',
  // Monaco's hidden <textarea> (instead of Chromium's EditContext div) is the long-proven input
  // path, and it lets automation and assistive tools fill "Request body" like any textbox.
  editContext: false,
  // Select-all then type must replace the body: surrounding the selection with the typed { or "
  // (Monaco's default) leaves the old text's tail behind.
  autoSurround: 'never',
};

/** The JSON request editor. One Monaco instance; each tab has its own model (and schema). */
export function RequestBodyEditor({ tab }: { tab: RequestTab }) {
  const dark = useDarkMode();
  const updateTab = useAppStore((s) => s.updateTab);
  const tabIdRef = useRef(tab.id);
  tabIdRef.current = tab.id;
  const editorRef = useRef<editor.IStandaloneCodeEditor | null>(null);
  const modelPath = requestModelPath(tab.id, tab.method);
  const loaded = useMonaco();
  useEffect(() => {
    void loadMonaco(); // idempotent: usually under way already (monaco-preload.ts)
  }, []);

  // The editor owns its text while the user types (a controlled value would race the
  // keystrokes). Changes from elsewhere (Generate example, a loaded workspace) are pushed
  // in as one undoable edit.
  useEffect(() => {
    const instance = editorRef.current;
    const model = instance?.getModel();
    if (!instance || !model || !loaded || model.uri.toString() !== loaded.monaco.Uri.parse(modelPath).toString()) return;
    if (model.getValue() === tab.body) return;
    instance.pushUndoStop();
    instance.executeEdits('workbench', [{ range: model.getFullModelRange(), text: tab.body, forceMoveMarkers: true }]);
    instance.pushUndoStop();
  }, [tab.body, modelPath, loaded]);

  if (!loaded) {
    // The Editor may only mount once the bundled Monaco is configured (else it would fetch a CDN copy).
    return (
      <div className="editor-host">
        <div className="editor-loading">Loading editor…</div>
      </div>
    );
  }
  return (
    <div className="editor-host">
      <Editor
        path={modelPath}
        defaultLanguage="json"
        defaultValue={tab.body}
        theme={dark ? DARK_THEME : LIGHT_THEME}
        options={EDITOR_OPTIONS}
        loading={<div className="editor-loading">Loading editor…</div>}
        onChange={(value) => updateTab(tabIdRef.current, { body: value ?? '' })}
        onMount={(instance, api) => {
          editorRef.current = instance;
          const run = () => primaryAction(tabIdRef.current);
          instance.addCommand(api.KeyMod.CtrlCmd | api.KeyCode.Enter, run);
          instance.addCommand(api.KeyMod.WinCtrl | api.KeyCode.Enter, run);
        }}
      />
    </div>
  );
}

import type { MonacoModule } from './monaco-runtime';

const REFERENCE = /\{\{[^{}\r\n]*\}\}/g;

interface Span {
  start: number;
  end: number;
}

/** Where {{variables}} sit in a text, as offsets; a quoted "{{x}}" counts with its quotes. */
export function variableSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    let start = match.index ?? 0;
    let end = start + match[0].length;
    if (text[start - 1] === '"' && text[end] === '"') {
      start -= 1;
      end += 1;
    }
    spans.push({ start, end });
  }
  return spans;
}

/** True when [start, end) overlaps a span, or a parse error points right after one. */
export function touchesVariable(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((span) => start < span.end + 1 && end > span.start - 1 && start >= span.start - 1);
}

/**
 * Request bodies may hold {{variables}}: a bare {{count}} is not JSON and a "{{id}}" string is
 * not a number, yet both are right once resolved. The JSON language service cannot be told,
 * so its markers that fall on a variable are taken out again whenever it sets them; every
 * other error stays.
 */
export function startVariableMarkerFilter(api: MonacoModule): void {
  const { monaco } = api;
  monaco.editor.onDidChangeMarkers((uris) => {
    for (const uri of uris) {
      const model = monaco.editor.getModel(uri);
      if (!model || model.getLanguageId() !== 'json') continue;
      const text = model.getValue();
      if (!text.includes('{{')) continue;
      const spans = variableSpans(text);
      const markers = monaco.editor.getModelMarkers({ resource: uri, owner: 'json' });
      const kept = markers.filter((m) => {
        const start = model.getOffsetAt({ lineNumber: m.startLineNumber, column: m.startColumn });
        const end = model.getOffsetAt({ lineNumber: m.endLineNumber, column: m.endColumn });
        return !touchesVariable(spans, start, Math.max(end, start + 1));
      });
      // Setting markers fires this listener again; it then finds nothing to take out.
      if (kept.length !== markers.length) monaco.editor.setModelMarkers(model, 'json', kept);
    }
  });
}

import type { MethodKind } from '../../../shared/catalog';

/** Words a screen reader says for each kind, exactly as the UI contract names them. */
export const METHOD_KIND_LABEL: Record<MethodKind, string> = {
  unary: 'unary',
  server_streaming: 'server streaming',
  client_streaming: 'client streaming',
  bidi_streaming: 'bidi streaming',
};

/** The compact badge beside each method in the tree. */
export const METHOD_KIND_BADGE: Record<MethodKind, string> = {
  unary: 'U',
  server_streaming: 'SS',
  client_streaming: 'CS',
  bidi_streaming: 'BI',
};

/** Client and bidi streams open empty and take messages one by one. */
export function sendsClientStream(kind: MethodKind): boolean {
  return kind === 'client_streaming' || kind === 'bidi_streaming';
}

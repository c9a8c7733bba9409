import type { ProtoDiagnostic } from '../../../shared/catalog';

// protoc reports one problem per line, in three shapes:
//   foo.proto:12:3: "Bar" is not defined.
//   x/y.proto: File not found.
//   --proto_path passed empty directory name.  (no file at all)
const WITH_POSITION = /^(.+?):(\d+):(\d+):\s?(.*)$/;
const WITH_FILE = /^(.+?\.proto):\s(.*)$/i;
const MISSING_IMPORT = /^Import "(.+)" was not found or had errors\.$/;
const FILE_NOT_FOUND = 'File not found.';

/** Every line of protoc's stderr as a diagnostic; lines without a file keep file "" and line/column 0. */
export function parseProtocStderr(stderr: string): ProtoDiagnostic[] {
  const diagnostics: ProtoDiagnostic[] = [];
  for (const raw of stderr.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const positioned = WITH_POSITION.exec(line);
    if (positioned) {
      diagnostics.push({ file: positioned[1] ?? '', line: Number(positioned[2]), column: Number(positioned[3]), message: positioned[4] ?? '' });
      continue;
    }
    const withFile = WITH_FILE.exec(line);
    if (withFile && !(withFile[1] ?? '').includes(': ')) {
      diagnostics.push({ file: withFile[1] ?? '', line: 0, column: 0, message: withFile[2] ?? '' });
      continue;
    }
    diagnostics.push({ file: '', line: 0, column: 0, message: line });
  }
  return diagnostics;
}

/**
 * protoc says an import "was not found or had errors" without saying where it looked. When the
 * file really was missing (protoc also printed "<name>: File not found."), say which roots
 * were searched so the user knows which import path to add.
 */
export function explainMissingImports(diagnostics: ProtoDiagnostic[], searchedRoots: string[]): ProtoDiagnostic[] {
  const notFound = new Set(diagnostics.filter((d) => d.message === FILE_NOT_FOUND).map((d) => d.file));
  const searched = searchedRoots.join(', ');
  return diagnostics.map((d) => {
    if (d.message === FILE_NOT_FOUND) {
      return { ...d, message: `File not found in any import path (searched: ${searched}).` };
    }
    const missing = MISSING_IMPORT.exec(d.message)?.[1];
    if (missing !== undefined && notFound.has(missing)) {
      return { ...d, message: `Import "${missing}" was not found in any import path (searched: ${searched}).` };
    }
    const importedHasErrors = missing !== undefined && diagnostics.some((other) => other.line > 0 && endsWithImport(other.file, missing));
    if (importedHasErrors) return { ...d, message: `Import "${missing}" has errors (see its own diagnostics).` };
    return d;
  });
}

function endsWithImport(file: string, importName: string): boolean {
  const normalized = file.split('\\').join('/');
  return normalized === importName || normalized.endsWith(`/${importName}`);
}

export function formatDiagnostic(d: ProtoDiagnostic): string {
  if (d.file === '') return d.message;
  if (d.line === 0) return `${d.file}: ${d.message}`;
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

/** One human paragraph for the error message: the first problems, a count of the rest, and what to do. */
export function summarizeDiagnostics(diagnostics: ProtoDiagnostic[]): string {
  const problems = diagnostics.filter((d) => !d.message.startsWith('warning:'));
  const shown = (problems.length > 0 ? problems : diagnostics).slice(0, 3).map(formatDiagnostic);
  const rest = diagnostics.length - shown.length;
  const missingImport = diagnostics.some((d) => d.message.startsWith('Import "') && d.message.includes('was not found in any import path'));
  const hint = missingImport
    ? ' Add the folder that contains the imported file (the folder its import path is relative to) as an import path.'
    : '';
  const count = diagnostics.length === 1 ? '1 problem' : `${diagnostics.length} problems`;
  const list = `${shown.join('; ')}${rest > 0 ? ` (and ${rest} more)` : ''}`;
  return `protoc reported ${count}: ${list}${/[.!?]$/.test(list) ? '' : '.'}${hint}`;
}

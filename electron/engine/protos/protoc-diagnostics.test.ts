import { describe, expect, it } from 'vitest';
import { explainMissingImports, parseProtocStderr, summarizeDiagnostics } from './protoc-diagnostics';

describe('reading protoc stderr', () => {
  it('parses every line shape protoc prints', () => {
    const stderr = [
      'x/y.proto: File not found.',
      '/home/me/api/foo.proto:3:1: Import "x/y.proto" was not found or had errors.',
      '/home/me/api/foo.proto:12:3: "Bar" is not defined.',
      'C:\\Users\\me\\api\\win.proto:7:10: Expected ";".',
      '/home/me/api/w.proto:2:1: warning: Import google/protobuf/empty.proto is unused.',
      'Could not make proto path relative: a/nofile.proto: No such file or directory',
      '',
    ].join('\n');
    expect(parseProtocStderr(stderr)).toEqual([
      { file: 'x/y.proto', line: 0, column: 0, message: 'File not found.' },
      { file: '/home/me/api/foo.proto', line: 3, column: 1, message: 'Import "x/y.proto" was not found or had errors.' },
      { file: '/home/me/api/foo.proto', line: 12, column: 3, message: '"Bar" is not defined.' },
      { file: 'C:\\Users\\me\\api\\win.proto', line: 7, column: 10, message: 'Expected ";".' },
      { file: '/home/me/api/w.proto', line: 2, column: 1, message: 'warning: Import google/protobuf/empty.proto is unused.' },
      { file: '', line: 0, column: 0, message: 'Could not make proto path relative: a/nofile.proto: No such file or directory' },
    ]);
  });

  it('names the searched roots for an import that is missing, not for one that had errors', () => {
    const diagnostics = explainMissingImports(
      parseProtocStderr(
        [
          'x/y.proto: File not found.',
          'foo.proto:3:1: Import "x/y.proto" was not found or had errors.',
          'foo.proto:4:1: Import "broken.proto" was not found or had errors.',
        ].join('\n'),
      ),
      ['/a', '/b'],
    );
    expect(diagnostics.map((d) => d.message)).toEqual([
      'File not found in any import path (searched: /a, /b).',
      'Import "x/y.proto" was not found in any import path (searched: /a, /b).',
      'Import "broken.proto" was not found or had errors.',
    ]);
    expect(summarizeDiagnostics(diagnostics)).toContain('Add the folder that contains the imported file');
  });

  it('says an import that was found has errors of its own', () => {
    const diagnostics = explainMissingImports(
      parseProtocStderr(['/r/dep/broken.proto:2:25: Expected ";".', '/r/a.proto:2:1: Import "dep/broken.proto" was not found or had errors.'].join('\n')),
      ['/r'],
    );
    expect(diagnostics[1]?.message).toBe('Import "dep/broken.proto" has errors (see its own diagnostics).');
    expect(summarizeDiagnostics(diagnostics)).toBe(
      'protoc reported 2 problems: /r/dep/broken.proto:2:25: Expected ";".; /r/a.proto:2:1: Import "dep/broken.proto" has errors (see its own diagnostics).',
    );
  });
});

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseCliOptions } from './cli-options';

describe('parseCliOptions', () => {
  it('defaults to loopback, port 7450, ~/.grpc-workbench and opening the browser', () => {
    expect(parseCliOptions([])).toEqual({
      ok: true,
      options: { port: DEFAULT_PORT, host: '127.0.0.1', dataDir: join(homedir(), '.grpc-workbench'), open: true, staticDir: null },
    });
    expect(DEFAULT_PORT).toBe(7450);
  });

  it('reads every option', () => {
    expect(parseCliOptions(['--port', '0', '--host', '0.0.0.0', '--data-dir', 'data', '--no-open', '--static-dir', 'build'])).toEqual({
      ok: true,
      options: { port: 0, host: '0.0.0.0', dataDir: resolve('data'), open: false, staticDir: resolve('build') },
    });
    expect(parseCliOptions(['--port=8080'])).toMatchObject({ ok: true, options: { port: 8080 } });
  });

  it.each([['--port', '65536'], ['--port', '-1'], ['--port', '1e3'], ['--port', 'abc'], ['--port', ''], ['--bogus'], ['stray'], ['--host', ' ']])('refuses %s %s', (...argv) => {
    expect(parseCliOptions(argv)).toMatchObject({ ok: false });
  });

  it('asks for help', () => {
    expect(parseCliOptions(['--help'])).toEqual({ ok: 'help' });
  });
});

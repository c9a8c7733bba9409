import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, EXPOSE_FLAG, parseCliOptions, USAGE } from './cli-options';

describe('parseCliOptions', () => {
  it('defaults to loopback, port 7450, ~/.grpc-workbench and opening the browser', () => {
    expect(parseCliOptions([])).toEqual({
      ok: true,
      options: { port: DEFAULT_PORT, host: '127.0.0.1', exposeToNetwork: false, dataDir: join(homedir(), '.grpc-workbench'), open: true, staticDir: null, orphanGraceMs: null },
    });
    expect(DEFAULT_PORT).toBe(7450);
  });

  it('reads every option', () => {
    expect(parseCliOptions(['--port', '0', '--host', '0.0.0.0', '--expose-to-network', '--data-dir', 'data', '--no-open', '--static-dir', 'build'])).toEqual({
      ok: true,
      options: { port: 0, host: '0.0.0.0', exposeToNetwork: true, dataDir: resolve('data'), open: false, staticDir: resolve('build'), orphanGraceMs: null },
    });
    expect(parseCliOptions(['--port=8080'])).toMatchObject({ ok: true, options: { port: 8080 } });
  });

  it.each([['--port', '65536'], ['--port', '-1'], ['--port', '1e3'], ['--port', 'abc'], ['--port', ''], ['--bogus'], ['stray'], ['--host', ' ']])('refuses %s %s', (...argv) => {
    expect(parseCliOptions(argv)).toMatchObject({ ok: false });
  });

  it.each(['0.0.0.0', '::', '192.168.1.20', 'my-laptop.local', '[::ffff:127.0.0.1]'])('refuses --host %s without --expose-to-network, naming the flag and the risk', (host) => {
    const parsed = parseCliOptions(['--host', host]);
    expect(parsed).toMatchObject({ ok: false });
    if (parsed.ok !== false) return;
    expect(parsed.message).toContain(`Refusing --host ${host}:`);
    expect(parsed.message).toContain('other machines could connect');
    expect(parsed.message).toContain('anyone on the network who gets the token could make gRPC calls from this machine');
    expect(parsed.message).toContain(`add ${EXPOSE_FLAG}`);
    expect(EXPOSE_FLAG).toBe('--expose-to-network');
    expect(parseCliOptions(['--host', host, EXPOSE_FLAG])).toMatchObject({ ok: true, options: { host, exposeToNetwork: true } });
  });

  it.each(['127.0.0.1', '127.0.0.2', '::1', '[::1]', 'localhost', 'LOCALHOST'])('binds loopback --host %s without the flag', (host) => {
    expect(parseCliOptions(['--host', host])).toMatchObject({ ok: true, options: { host, exposeToNetwork: false } });
  });

  it('names the flag and its risk in the usage', () => {
    expect(USAGE).toContain('--expose-to-network');
    expect(USAGE).toContain('anyone on the network who');
  });

  it('takes --orphan-grace-ms and refuses what is not a whole number of milliseconds, naming the flag', () => {
    expect(parseCliOptions(['--orphan-grace-ms', '500'])).toMatchObject({ ok: true, options: { orphanGraceMs: 500 } });
    for (const value of ['-1', '1.5', 'soon', '', '3600001']) {
      const parsed = parseCliOptions([`--orphan-grace-ms=${value}`]);
      expect(parsed).toMatchObject({ ok: false });
      if (parsed.ok === false) expect(parsed.message).toContain('--orphan-grace-ms must be a whole number of milliseconds');
    }
  });

  it('asks for help', () => {
    expect(parseCliOptions(['--help'])).toEqual({ ok: 'help' });
  });
});

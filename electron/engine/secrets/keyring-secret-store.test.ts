// The keychain store against a REAL Secret Service: gnome-keyring in a private D-Bus session
// (dbus-run-session), with HOME and the XDG folders in a temp dir so the developer's own
// keyring is never touched. Needs gnome-keyring, dbus-daemon and libsecret-tools (.ci/run
// installs them); when they are missing these tests fail rather than skip.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SecretKey, SecretStorageStatus } from '../../../shared/secrets';
import type { Result } from '../../../shared/result';
import type { Plan } from './keyring-test-child';
import { encodeSecretAccount } from './secret-account';

const repoRoot = resolve(__dirname, '..', '..', '..');
const CHILD = join(__dirname, 'keyring-test-child.ts');
const SERVICE = 'gRPC Workbench test';
// Starts gnome-keyring's Secret Service in the session and unlocks (creating on first use) the
// login keyring with a throwaway password; the commands after it share that one daemon.
const UNLOCK_THEN = 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && ';

interface ChildReport {
  status: SecretStorageStatus;
  results: Array<Result<string | null>>;
}

let home: string | null = null;
afterEach(() => {
  if (home !== null) rmSync(home, { recursive: true, force: true });
  home = null;
});

/** A clean environment whose every user folder is inside a fresh temp dir. */
function isolatedEnv(): NodeJS.ProcessEnv {
  home = mkdtempSync(join(tmpdir(), 'gw-keyring-'));
  const runtime = join(home, 'run'); // dbus and gnome-keyring put their sockets here; must be 0700
  mkdirSync(runtime, { mode: 0o700 });
  return {
    PATH: process.env.PATH,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_RUNTIME_DIR: runtime,
  }; // deliberately no DBUS_SESSION_BUS_ADDRESS and no DISPLAY (no X11 autolaunch)
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, fail) => {
    execFile(command, args, { cwd: repoRoot, env, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error === null) done(stdout);
      else fail(new Error(`${command} failed (${error.message}); gnome-keyring, dbus-daemon and libsecret-tools must be installed (see .ci/run).\n${stderr}`));
    });
  });
}

const parseReport = (line: string | undefined): ChildReport => JSON.parse(line ?? 'null') as ChildReport;

/** Fails when any file under `root` contains `value` as UTF-8 or UTF-16 bytes. */
function expectNowhereInPlainText(root: string, values: string[]): string[] {
  const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const value of values) {
      expect(bytes.includes(Buffer.from(value, 'utf8')), `${value} in plain text in ${file}`).toBe(false);
      expect(bytes.includes(Buffer.from(value, 'utf16le')), `${value} as UTF-16 in ${file}`).toBe(false);
    }
  }
  return files;
}

const key = (collection: string, environment: string, name: string): SecretKey => ({ collection, environment, name });
const ok = <T>(value: T): Result<T> => ({ ok: true, value });

describe('createKeyringSecretStore with a real gnome-keyring', () => {
  it('stores secrets encrypted, keeps keys apart, and a second process reads them back', async () => {
    const keys = [
      key('/work/collection-one', 'dev', 'token'),
      key('/work/collection-two', 'dev', 'token'), // same name, other collection
      key('/work/collection-one', '', 'token'), // collection level vs environment level
      key('a', 'b/c', 'x'), // these two only differ in where the separator falls
      key('a/b', 'c', 'x'),
    ];
    const values = keys.map((_, index) => `gw-secret-${index}-${randomUUID()}`);
    const writer: Plan = {
      service: SERVICE,
      steps: [...keys.map((k, i) => ({ op: 'set' as const, key: k, value: values[i] ?? '' })), ...keys.map((k) => ({ op: 'get' as const, key: k })), { op: 'get', key: key('/work/collection-one', 'dev', 'absent') }],
    };
    const [first, second] = keys;
    if (first === undefined || second === undefined) throw new Error('keys');
    const reader: Plan = {
      service: SERVICE,
      steps: [...keys.map((k) => ({ op: 'get' as const, key: k })), { op: 'delete', key: first }, { op: 'get', key: first }, { op: 'delete', key: first }, { op: 'get', key: second }],
    };
    const env = isolatedEnv();
    // $1 node, $2 child script, $3/$4 the two plans, $5/$6 service and account for secret-tool.
    const script = `${UNLOCK_THEN}"$1" --import tsx "$2" "$3" && "$1" --import tsx "$2" "$4" && secret-tool lookup service "$5" username "$6"`;
    const args = [process.execPath, CHILD, JSON.stringify(writer), JSON.stringify(reader), SERVICE, encodeSecretAccount(second)];
    const stdout = await run('dbus-run-session', ['--', 'sh', '-c', script, 'sh', ...args], env);
    const [writeLine, readLine, ...lookedUp] = stdout.split('\n');

    const written = parseReport(writeLine);
    expect(written.status.backend).toBe('keychain');
    expect(written.status.detail).toContain('Secret Service');
    expect(written.results).toEqual([...keys.map(() => ok(null)), ...values.map((value) => ok(value)), ok(null)]);

    const read = parseReport(readLine);
    expect(read.status.backend).toBe('keychain');
    expect(read.results).toEqual([...values.map((value) => ok(value)), ok(null), ok(null), ok(null), ok(values[1])]);

    // An independent Secret Service client finds the secret where the keychain UI would show it.
    expect(lookedUp.join('\n').trim()).toBe(values[1]);

    // gnome-keyring saved the keyring inside the temp HOME -- encrypted, so no value appears.
    const files = expectNowhereInPlainText(env.HOME ?? '', values);
    const keyringFile = files.find((file) => file.endsWith('login.keyring'));
    expect(keyringFile, `no login.keyring among ${files.join(', ')}`).toBeDefined();
    expect(readFileSync(keyringFile ?? '').subarray(0, 16).toString('latin1')).toBe('GnomeKeyring\n\r\0\n');
  }, 30_000);

  it('falls back to memory, and says why, when there is no D-Bus session', async () => {
    const secret = `gw-secret-${randomUUID()}`;
    const k = key('/work/collection-one', 'dev', 'token');
    const plan: Plan = { service: SERVICE, steps: [{ op: 'set', key: k, value: secret }, { op: 'get', key: k }] };
    const env = isolatedEnv();
    const stdout = await run(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(plan)], env);
    const report = parseReport(stdout.split('\n')[0]);
    expect(report.status.backend).toBe('memory');
    expect(report.status.detail).toMatch(/^No OS keychain was found, so secrets are kept in memory for this run only and never written to disk\. Reason: Could not use the Secret Service .+: .+/);
    expect(report.results).toEqual([ok(null), ok(secret)]);
    expectNowhereInPlainText(env.HOME ?? '', [secret]);
  }, 30_000);
});

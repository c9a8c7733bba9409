import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the fixture in a shell with a 256-descriptor limit; resolves with its stdout and stderr. */
function runUnderDescriptorLimit(variants: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
  const script = join(repoRoot, 'test', 'fixtures', 'engine', 'many-channels.ts');
  const child = spawn('bash', ['-c', 'ulimit -n 256 && exec "$0" "$1" "$2"', tsx, script, String(variants)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('file descriptors stay bounded however many connection settings are tried', () => {
  it('150 calls with distinct settings under ulimit -n 256, then a .proto import: all succeed', async () => {
    // Before channels had a lifecycle every variant kept its socket open (two descriptors here:
    // the demo server runs in the same process), and this run died with EMFILE.
    const { code, stdout, stderr } = await runUnderDescriptorLimit(150);
    const line = stdout.split('\n').find((l) => l.startsWith('{'));
    expect(line, `no result line; exit ${code}; stderr:\n${stderr}`).toBeDefined();
    const result = JSON.parse(line ?? '{}') as { failed: number; failures: string[]; compiled: string; openChannels: number };
    expect(result.failures).toEqual([]);
    expect(result.failed).toBe(0);
    expect(result.compiled).toBe('ok');
    expect(result.openChannels).toBeLessThanOrEqual(16);
    expect(code).toBe(0);
  }, 60_000);
});

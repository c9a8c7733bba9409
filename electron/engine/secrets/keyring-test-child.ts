// Child process for keyring-secret-store.test.ts: runs a plan of store operations against the
// real keychain and prints {status, results} as one JSON line. A separate process because the
// keychain must be reached through a private D-Bus session, never the developer's own keyring.
// Usage: node --import tsx keyring-test-child.ts '<plan json>'
import type { SecretKey } from '../../../shared/secrets';
import type { Result } from '../../../shared/result';
import { createKeyringSecretStore } from './keyring-secret-store';

export type PlanStep = { op: 'get'; key: SecretKey } | { op: 'set'; key: SecretKey; value: string } | { op: 'delete'; key: SecretKey };
export interface Plan {
  service: string;
  steps: PlanStep[];
}

async function run(plan: Plan): Promise<void> {
  const store = await createKeyringSecretStore({ service: plan.service, probeTimeoutMs: 5_000 });
  const results: Array<Result<string | null>> = [];
  for (const step of plan.steps) {
    if (step.op === 'get') results.push(await store.get(step.key));
    else if (step.op === 'set') results.push(await store.set(step.key, step.value));
    else results.push(await store.delete(step.key));
  }
  process.stdout.write(`${JSON.stringify({ status: store.status(), results })}\n`);
}

run(JSON.parse(process.argv[2] ?? '') as Plan).catch((cause: unknown) => {
  process.stderr.write(`${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
  process.exit(1);
});

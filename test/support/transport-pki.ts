// Test certificates, generated with openssl into a temp dir for each test file (never committed):
// a CA, a server certificate for localhost/127.0.0.1, one for test.example.com only, a client
// certificate, and an unrelated CA.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  caCert: string;
  otherCaCert: string;
  serverCert: string;
  serverKey: string;
  namedCert: string;
  namedKey: string;
  clientCert: string;
  clientKey: string;
  read(path: string): Buffer;
  dispose(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function selfSignedCa(dir: string, name: string, cn: string): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-subj', `/CN=${cn}`, '-days', '2', '-out', `${name}.crt`], dir);
}

function issued(dir: string, name: string, cn: string, altNames: string, usage: string): void {
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`], dir);
  writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${altNames}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=${usage}\n`);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.crt`], dir);
}

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'transport-pki-'));
  selfSignedCa(dir, 'ca', 'Workbench Test CA');
  selfSignedCa(dir, 'other-ca', 'Some Other CA');
  issued(dir, 'server', 'localhost', 'DNS:localhost,IP:127.0.0.1', 'serverAuth');
  issued(dir, 'named', 'test.example.com', 'DNS:test.example.com', 'serverAuth');
  issued(dir, 'client', 'workbench-client', 'DNS:workbench-client', 'clientAuth');
  const at = (file: string) => join(dir, file);
  return {
    dir,
    caCert: at('ca.crt'),
    otherCaCert: at('other-ca.crt'),
    serverCert: at('server.crt'),
    serverKey: at('server.key'),
    namedCert: at('named.crt'),
    namedKey: at('named.key'),
    clientCert: at('client.crt'),
    clientKey: at('client.key'),
    read: (path) => readFileSync(path),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

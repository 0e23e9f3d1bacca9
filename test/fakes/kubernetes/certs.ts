// Throw-away TLS material for the HTTPS Kubernetes fake, made with the openssl command line: a CA,
// a server certificate for 127.0.0.1, and a client certificate (user "ci") signed by the same CA.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  ca: string;
  serverKey: string;
  serverCert: string;
  clientKey: string;
  clientCert: string;
}

export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'cml-kube-certs-'));
  const at = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore', timeout: 30_000 });
  try {
    const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    openssl('req', '-x509', ...key, '-keyout', at('ca.key'), '-out', at('ca.crt'), '-days', '1', '-subj', '/CN=fake-kubernetes-ca');
    writeFileSync(at('server.ext'), 'subjectAltName=IP:127.0.0.1\n');
    for (const [name, subject, ext] of [
      ['server', '/CN=127.0.0.1', at('server.ext')],
      ['client', '/O=ci/CN=ci', undefined],
    ] as const) {
      openssl('req', ...key, '-keyout', at(`${name}.key`), '-out', at(`${name}.csr`), '-subj', subject);
      openssl(
        'x509',
        '-req',
        '-in',
        at(`${name}.csr`),
        '-CA',
        at('ca.crt'),
        '-CAkey',
        at('ca.key'),
        '-CAcreateserial',
        '-out',
        at(`${name}.crt`),
        '-days',
        '1',
        ...(ext ? ['-extfile', ext] : []),
      );
    }
    const read = (name: string): string => readFileSync(at(name), 'utf8');
    return { ca: read('ca.crt'), serverKey: read('server.key'), serverCert: read('server.crt'), clientKey: read('client.key'), clientCert: read('client.crt') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

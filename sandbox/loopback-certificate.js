// A certificate for serving the sandbox store over https on loopback. A real store is always https, and its
// checkout session cookie is `SameSite=None; Secure` so that it reaches the embedded checkout's cross-site
// frame; browsers keep such cookies only from secure origins. Made with the openssl command-line tool (Node can
// read certificates but not write them): a certificate authority of its own and a server certificate it signs
// for localhost, *.localhost, 127.0.0.1 and ::1. docs/sandbox.md says how to trust it in a browser.
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HOSTS = ['DNS:localhost', 'DNS:*.localhost', 'IP:127.0.0.1', 'IP:::1'];
const RENEW_BEFORE_MS = 24 * 3600 * 1000;

function openssl(args, cwd) {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    if (error.code === 'ENOENT') {
      throw new Error('The sandbox needs the openssl command to make its https certificate: apt-get install openssl');
    }
    throw new Error(`openssl ${args[0]} failed: ${String(error.stderr ?? error.message).trim()}`);
  }
}

/** SHA-256 of a certificate's public key, base64: what Chromium's --ignore-certificate-errors-spki-list takes. */
export function spkiHash(certPem) {
  const der = createPublicKey(new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'pem' })).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

/**
 * The loopback certificate, made in `dir` (kept there for the next run while it has more than a day left, so a
 * browser that trusts its authority keeps trusting it), or in a temporary folder removed at once when no `dir`.
 * @param {{ dir?: string, days?: number }} [options]
 * @returns {{ key: string, cert: string, caCert: string, caFile: string | null, spki: string }}
 *   key and cert for the https server; caCert the authority to trust; spki the server key's hash
 */
export function createLoopbackCertificate({ dir, days = 30 } = {}) {
  const work = dir ?? mkdtempSync(join(tmpdir(), 'bcch-sandbox-tls-'));
  mkdirSync(work, { recursive: true });
  const files = { caKey: join(work, 'sandbox-ca.key'), caCert: join(work, 'sandbox-ca.pem'), key: join(work, 'localhost.key'), cert: join(work, 'localhost.pem') };
  try {
    const fresh = existsSync(files.cert) && existsSync(files.key) && existsSync(files.caCert)
      && Date.parse(new X509Certificate(readFileSync(files.cert)).validTo) - Date.now() > RENEW_BEFORE_MS;
    if (!fresh) {
      const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
      if (!existsSync(files.caCert) || !existsSync(files.caKey)) {
        openssl(['req', '-x509', ...ec, '-keyout', files.caKey, '-out', files.caCert, '-days', String(days * 12),
          '-subj', '/CN=bc-checkout-helper sandbox CA', '-addext', 'basicConstraints=critical,CA:TRUE',
          '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], work);
      }
      const csr = join(work, 'localhost.csr');
      const ext = join(work, 'localhost.ext');
      writeFileSync(ext, `subjectAltName=${HOSTS.join(',')}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n`);
      openssl(['req', ...ec, '-keyout', files.key, '-out', csr, '-subj', '/CN=localhost'], work);
      openssl(['x509', '-req', '-in', csr, '-CA', files.caCert, '-CAkey', files.caKey, '-CAcreateserial',
        '-out', files.cert, '-days', String(days), '-extfile', ext], work);
      rmSync(csr, { force: true });
      rmSync(ext, { force: true });
    }
    const cert = readFileSync(files.cert, 'utf8');
    return {
      key: readFileSync(files.key, 'utf8'),
      cert,
      caCert: readFileSync(files.caCert, 'utf8'),
      caFile: dir ? files.caCert : null,
      spki: spkiHash(cert),
    };
  } finally {
    if (!dir) rmSync(work, { recursive: true, force: true });
  }
}

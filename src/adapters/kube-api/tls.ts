/**
 * A fresh self-signed certificate for 127.0.0.1 on every start. kubectl sends the bearer token only over
 * TLS, so the sim's API is HTTPS; the kubeconfig carries this certificate as its certificate authority.
 * Built with the X.509 writer the chart functions use (genSelfSignedCert), not an extra dependency.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createCertificate } from '../../core/template/sprig/x509.js';
import { keyPem, type PrivateKey } from '../../core/template/sprig/keys.js';
import { encodePem } from '../../core/template/sprig/pem.js';

export interface ServingCert { cert: string; key: string }

export function selfSignedCert(now = Date.now()): ServingCert {
  const k: PrivateKey = { kind: 'ecdsa', key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, curve: 'P-256' };
  const der = createCertificate(
    { commonName: 'tugboat-sim', ips: [new Uint8Array([127, 0, 0, 1])], dnsNames: ['localhost'], notBefore: new Date(now - 3600_000), notAfter: new Date(now + 365 * 86_400_000), isCA: true },
    k, null, k,
  );
  return { cert: encodePem('CERTIFICATE', der), key: keyPem(k) };
}

import { describe, expect, it } from 'vitest';
import { createPublicKey, privateDecrypt, publicEncrypt, sign, verify } from 'node:crypto';
import { generateRsaKey } from '../../../../src/core/template/sprig/keys.js';

describe('RSA keys from two primes (genCA, genSelfSignedCert, genSignedCert, genPrivateKey "rsa")', () => {
  it('are well-formed keys of exactly the size asked, e = 65537, that sign and decrypt', () => {
    for (let i = 0; i < 3; i++) {
      const key = generateRsaKey(2048);
      expect(key.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
      const pub = createPublicKey(key);
      expect(verify('sha256', Buffer.from('data'), pub, sign('sha256', Buffer.from('data'), key))).toBe(true);
      expect(privateDecrypt(key, publicEncrypt(pub, Buffer.from('secret'))).toString()).toBe('secret');
      // The PKCS#1 form carries the CRT values OpenSSL checks when it reads the key back.
      const der = key.export({ type: 'pkcs1', format: 'der' });
      expect(der.length).toBeGreaterThan(1100);
    }
  });

  it('are different each time', () => {
    const a = generateRsaKey(2048).export({ type: 'pkcs1', format: 'pem' });
    const b = generateRsaKey(2048).export({ type: 'pkcs1', format: 'pem' });
    expect(a).not.toBe(b);
  });
});

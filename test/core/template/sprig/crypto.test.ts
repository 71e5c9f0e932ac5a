import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TemplateSet } from '../../../../src/core/template/index.js';
import * as asn1 from '../../../../src/core/template/sprig/asn1.js';
import { bcryptVerify } from '../../../../src/core/template/sprig/bcrypt.js';
import { sprigFuncs } from '../../../../src/core/template/sprig/index.js';
import { masterKey, passwordTemplates, sitePassword } from '../../../../src/core/template/sprig/master-password.js';
import { systemTemplateClock } from '../../../../src/adapters/template-clock.js';
import { localPrimes } from '../../../../src/core/template/sprig/primes.js';

interface Golden {
  derivePassword: { counter: number; type: string; password: string; user: string; site: string; out: string }[];
  decryptAES: { password: string; plaintext: string; ciphertext: string }[];
  bcrypt: { fn: 'htpasswd' | 'bcrypt'; args: string[]; out: string }[];
  keys: Record<string, string>;
  keyReencoding: { key: string; out: string }[];
  ca: { cert: string; key: string };
  certs: { name: string; template: string; cert: string; key: string }[];
  ips: { ip: string; san?: string; error?: string }[];
  errors: { expr: string; error: string }[];
}

const golden = JSON.parse(readFileSync(new URL('./golden/crypto.json', import.meta.url), 'utf8')) as Golden;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const data = {
  Values: { keys: golden.keys, ca: { cert: b64(golden.ca.cert), key: b64(golden.ca.key) } },
};

const funcs = sprigFuncs(systemTemplateClock);

function run(text: string, d: unknown = data): string {
  const t = new TemplateSet(funcs);
  try {
    t.parse('t', text);
    return t.execute('t', d);
  } catch (e) {
    return 'ERR:' + (e as Error).message;
  }
}

/** The Go error text of a failing function call. */
function callError(text: string): string {
  const out = run(text);
  const m = /error calling [A-Za-z]+: ([\s\S]*)$/.exec(out);
  if (!m) throw new Error(`no call error from ${text}: ${out.slice(0, 200)}`);
  return m[1];
}

const SPLIT = '\n=====\n';

/** `.Cert` and `.Key` of the certificate bound to `$c` by `setup`. */
function certOf(setup: string): { cert: string; key: string } {
  const out = run(`${setup}{{ $c.Cert }}${SPLIT}{{ $c.Key }}`);
  if (out.startsWith('ERR:')) throw new Error(out);
  const [cert, key] = out.split(SPLIT);
  return { cert, key };
}

function der(pem: string): Uint8Array {
  return new Uint8Array(new X509Certificate(pem).raw);
}

/** TBSCertificate members as hex, with the random serial and the clock-dependent validity masked. */
function tbsShape(pem: string): string[] {
  const tbs = asn1.children(asn1.children(asn1.read(der(pem)))[0]);
  return tbs.map((e, i) => (i === 1 ? 'serial' : i === 4 ? 'validity' : Buffer.from(asn1.rawOf(e)).toString('hex')));
}

/** Extensions of a certificate by OID: [critical, value DER]. */
function extensions(pem: string): Map<string, [boolean, Uint8Array]> {
  const tbs = asn1.children(asn1.children(asn1.read(der(pem)))[0]);
  const out = new Map<string, [boolean, Uint8Array]>();
  for (const ext of asn1.children(asn1.children(tbs[7])[0])) {
    const parts = asn1.children(ext);
    out.set(asn1.oidText(asn1.contentOf(parts[0])), [parts.length === 3, asn1.contentOf(parts[parts.length - 1])]);
  }
  return out;
}

const days = (x: X509Certificate) => (Date.parse(x.validTo) - Date.parse(x.validFrom)) / 86_400_000;

/** The certificate's public key is the one of `keyPem`, and the key parses. */
function expectKeyPair(x: X509Certificate, keyPem: string): void {
  const key = createPrivateKey(keyPem);
  expect(x.checkPrivateKey(key)).toBe(true);
  expect(x.publicKey.equals(createPublicKey(key))).toBe(true);
}

describe('derivePassword (goldens from Helm)', () => {
  it('matches Helm through the template function', () => {
    const c = golden.derivePassword.find((d) => d.user === 'Jöhn 😀')!;
    expect(run(`{{ derivePassword ${c.counter} ${JSON.stringify(c.type)} ${JSON.stringify(c.password)} ${JSON.stringify(c.user)} ${JSON.stringify(c.site)} }}`)).toBe(c.out);
    expect(run('{{ derivePassword 1 "nope" "p" "u" "s" }}')).toBe('cannot find password template nope');
  });

  it('matches Helm for every type and counter', () => {
    // One scrypt per (password, user) pair: it is the slow step.
    const keys = new Map<string, Buffer>();
    for (const c of golden.derivePassword) {
      const templates = passwordTemplates(c.type);
      if (!templates) {
        expect(c.out).toBe(`cannot find password template ${c.type}`);
        continue;
      }
      const id = JSON.stringify([c.password, c.user]);
      if (!keys.has(id)) keys.set(id, masterKey(c.password, c.user));
      const counter = Number(BigInt.asUintN(32, BigInt(c.counter)));
      expect(sitePassword(keys.get(id)!, counter, templates, c.site), JSON.stringify(c)).toBe(c.out);
    }
  });

  it('refuses a negative counter like Go', () => {
    expect(callError('{{ derivePassword -1 "long" "p" "u" "s" }}')).toBe('expected unsigned integer; found -1');
    expect(callError('{{ derivePassword (add 0 1) "long" "p" "u" "s" }}')).toBe(
      'wrong type for value; expected uint32; got int64',
    );
  });
});

describe('encryptAES / decryptAES', () => {
  it.each(golden.decryptAES)('decrypts Helm ciphertext for %j', (c) => {
    expect(run(`{{ decryptAES ${JSON.stringify(c.password)} ${JSON.stringify(c.ciphertext)} }}`)).toBe(c.plaintext);
  });

  it('round-trips with a random IV', () => {
    const a = run('{{ encryptAES "secretkey" "plaintext ✓" }}');
    const b = run('{{ encryptAES "secretkey" "plaintext ✓" }}');
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64').length).toBe(32);
    expect(run(`{{ decryptAES "secretkey" ${JSON.stringify(a)} }}`)).toBe('plaintext ✓');
    expect(run('{{ encryptAES "k" "x" | decryptAES "k" }}')).toBe('x');
  });

  it('maps empty input to empty output', () => {
    expect(run('{{ encryptAES "k" "" | quote }}{{ decryptAES "k" "" | quote }}')).toBe('""""');
  });
});

describe('htpasswd / bcrypt (Helm hashes recomputed from their salt)', () => {
  it.each(golden.bcrypt)('%j', (c) => {
    const [user, password] = c.fn === 'htpasswd' ? c.args : [null, c.args[0]];
    if (user !== null && user.includes(':')) {
      expect(run(`{{ htpasswd ${JSON.stringify(user)} ${JSON.stringify(password)} }}`)).toBe(c.out);
      return;
    }
    const hash = user === null ? c.out : c.out.slice(user.length + 1);
    if (hash.startsWith('failed')) {
      expect(run(`{{ ${c.fn} ${c.args.map((a) => JSON.stringify(a)).join(' ')} }}`)).toBe(c.out);
      return;
    }
    expect(hash).toMatch(/^\$2a\$10\$/);
    expect(bcryptVerify(hash, new TextEncoder().encode(password))).toBe(true);
    expect(bcryptVerify(hash, new TextEncoder().encode(password + '!'))).toBe(false);
  });

  it('generates salted $2a$10$ hashes that verify', () => {
    const out = run('{{ htpasswd "myUser" "myPassword" }}');
    expect(out).toMatch(/^myUser:\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(bcryptVerify(out.slice('myUser:'.length), new TextEncoder().encode('myPassword'))).toBe(true);
  });
});

describe('genPrivateKey', () => {
  const cases: [string, string, (k: ReturnType<typeof createPrivateKey>) => void][] = [
    ['ecdsa', 'EC PRIVATE KEY', (k) => expect(k.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')],
    ['ed25519', 'PRIVATE KEY', (k) => expect(k.asymmetricKeyType).toBe('ed25519')],
    ['dsa', 'DSA PRIVATE KEY', (k) => expect(k.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, divisorLength: 256 })],
    ['rsa', 'RSA PRIVATE KEY', (k) => expect(k.asymmetricKeyDetails?.modulusLength).toBe(4096)],
  ];
  it.each(cases)('%s', (type, header, check) => {
    const pem = run(`{{ genPrivateKey "${type}" }}`);
    expect(pem.startsWith(`-----BEGIN ${header}-----\n`)).toBe(true);
    expect(pem.endsWith(`-----END ${header}-----\n`)).toBe(true);
    check(createPrivateKey(pem));
  });

  it('names an unknown type', () => {
    expect(run('{{ genPrivateKey "foo" }}')).toBe('Unknown type foo');
  });

  it('makes keys the certificate functions accept', () => {
    const c = certOf('{{ $c := genCAWithKey "k" 1 (genPrivateKey "ecdsa") }}');
    expectKeyPair(new X509Certificate(c.cert), c.key);
  });
});

describe('certificates from fixed keys match Helm (serial and validity aside)', () => {
  const ca = new X509Certificate(golden.ca.cert);
  it.each(golden.certs)('$name', (c) => {
    const ours = certOf(c.template);
    expect(tbsShape(ours.cert)).toEqual(tbsShape(c.cert));
    expect(ours.key).toBe(c.key);
    const x = new X509Certificate(ours.cert);
    const helm = new X509Certificate(c.cert);
    expect(days(x)).toBe(days(helm));
    expect(x.serialNumber).toMatch(/^[0-9A-F]{1,34}$/);
    const issuer = c.name.startsWith('signed') ? ca : x;
    expect(x.verify(issuer.publicKey)).toBe(true);
    // OpenSSL's issuer check wants keyCertSign: CAs only (self-signed leaves do not have it).
    if (issuer.ca) expect(x.checkIssued(issuer)).toBe(true);
    expectKeyPair(x, ours.key);
  });

  it.each(golden.keyReencoding)('re-encodes key $key as Go does', (c) => {
    expect(certOf(`{{ $c := genSelfSignedCertWithKey "k" nil nil 1 .Values.keys.${c.key} }}`).key).toBe(c.out);
  });
});

describe('generated certificates', () => {
  const ca = certOf('{{ $c := genCA "my-ca" 365 }}');
  const caX = new X509Certificate(ca.cert);

  it('genCA: a self-signed CA with a fresh RSA 2048 key', () => {
    expect(caX.subject).toBe('CN=my-ca');
    expect(caX.issuer).toBe('CN=my-ca');
    expect(caX.ca).toBe(true);
    expect(days(caX)).toBe(365);
    expect(Math.abs(Date.parse(caX.validFrom) - Date.now())).toBeLessThan(60_000);
    expect(caX.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(caX.verify(caX.publicKey)).toBe(true);
    expect(caX.subjectAltName).toBeUndefined();
    expect(ca.key.startsWith('-----BEGIN RSA PRIVATE KEY-----\n')).toBe(true);
    expectKeyPair(caX, ca.key);
    const exts = extensions(ca.cert);
    expect(exts.get('2.5.29.15')).toEqual([true, Uint8Array.from([3, 2, 2, 0xa4])]);
    expect(exts.get('2.5.29.19')).toEqual([true, Uint8Array.from([0x30, 3, 1, 1, 0xff])]);
    expect(caX.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  });

  const caArg = `(buildCustomCert ${JSON.stringify(b64(ca.cert))} ${JSON.stringify(b64(ca.key))})`;

  it('genSignedCert: signed by genCA, with SANs and the CA key id', () => {
    const c = certOf(`{{ $c := genSignedCert "foo.com" (list "10.0.0.1" "::1") (list "bar.com" "*.bat.com") 30 ${caArg} }}`);
    const x = new X509Certificate(c.cert);
    expect(x.subject).toBe('CN=foo.com');
    expect(x.issuer).toBe('CN=my-ca');
    expect(x.ca).toBe(false);
    expect(days(x)).toBe(30);
    expect(x.subjectAltName).toBe('DNS:bar.com, DNS:*.bat.com, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(x.verify(caX.publicKey)).toBe(true);
    expect(x.checkIssued(caX)).toBe(true);
    expect(x.verify(x.publicKey)).toBe(false);
    expect(x.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expectKeyPair(x, c.key);
    const aki = extensions(c.cert).get('2.5.29.35')![1];
    const ski = extensions(ca.cert).get('2.5.29.14')![1];
    expect(Buffer.from(aki).subarray(4)).toEqual(Buffer.from(ski).subarray(2));
    expect(extensions(c.cert).get('2.5.29.15')).toEqual([true, Uint8Array.from([3, 2, 5, 0xa0])]);
  });

  it('genSelfSignedCert: a fresh key, no SANs for nil lists', () => {
    const c = certOf('{{ $c := genSelfSignedCert "self" nil nil 7 }}');
    const x = new X509Certificate(c.cert);
    expect(x.subject).toBe('CN=self');
    expect(x.subjectAltName).toBeUndefined();
    expect(x.ca).toBe(false);
    expect(days(x)).toBe(7);
    expect(x.verify(x.publicKey)).toBe(true);
    expectKeyPair(x, c.key);
    const empty = certOf('{{ $c := genSelfSignedCertWithKey "self" (list) (list) 7 .Values.keys.ed25519 }}');
    expect(new X509Certificate(empty.cert).subjectAltName).toBeUndefined();
  });

  it('is a sprig.certificate struct with Cert and Key', () => {
    expect(run(`{{ typeOf ${caArg} }}`)).toBe('sprig.certificate');
    expect(run(`{{ ${caArg}.Cert }}`)).toBe(ca.cert);
    expect(run(`{{ ${caArg} | toJson }}`)).toBe(JSON.stringify({ Cert: ca.cert, Key: ca.key }));
    expect(run(`{{ ${caArg}.Nope }}`)).toContain("can't evaluate field Nope in type sprig.certificate");
  });

  it('checks argument types like Go', () => {
    expect(callError('{{ genSignedCert "x" nil nil 3 (dict "Cert" "a") }}')).toBe(
      'wrong type for value; expected sprig.certificate; got map[string]interface {}',
    );
    expect(callError('{{ genSelfSignedCert "x" (splitList "," "a,b") nil 3 }}')).toBe(
      'wrong type for value; expected []interface {}; got []string',
    );
  });
});

describe('IP SANs (net.ParseIP goldens from Helm)', () => {
  it.each(golden.ips)('$ip', (c) => {
    const setup = `{{ $c := genSelfSignedCertWithKey "x" (list ${JSON.stringify(c.ip)}) nil 1 .Values.keys.ed25519 }}`;
    if (c.error !== undefined) expect(callError(setup)).toBe(c.error);
    else expect(new X509Certificate(certOf(setup).cert).subjectAltName).toBe(c.san);
  });
});

describe('error messages (goldens from Helm)', () => {
  it.each(golden.errors)('$expr', (c) => {
    expect(callError(`a: {{ ${c.expr} }}`)).toBe(c.error);
  });
});

describe('a certificate with a new key is made when it is first read', () => {
  const counted = () => {
    const made: number[] = [];
    const set = new TemplateSet(sprigFuncs(systemTemplateClock, { prime: (bits) => (made.push(bits), localPrimes.prime(bits)) }));
    return { made, set };
  };

  it('genCA and genSelfSignedCert make no key for a certificate nobody reads', () => {
    const { made, set } = counted();
    set.parse('t', '{{ $ca := genCA "ca" 365 }}{{ $c := genSelfSignedCert "x" nil (list "a.example") 1 }}{{ if false }}{{ $ca.Cert }}{{ $c.Key }}{{ end }}done');
    expect(set.execute('t', {})).toBe('done');
    expect(made).toEqual([]);
  });

  it('is made once, at the first read, and is whole whichever way it is read', () => {
    const { made, set } = counted();
    set.parse('t', '{{ $ca := genCA "ca" 365 }}{{ $ca.Key | len | lt 100 }} {{ $ca.Cert | len | lt 100 }} {{ and (toJson $ca | contains "BEGIN CERTIFICATE") (toJson $ca | contains "PRIVATE KEY") }} {{ printf "%T" $ca }}{{ $s := genSignedCert "s" nil nil 365 $ca }}|{{ $s.Cert }}');
    const out = set.execute('t', {});
    expect(out.split("|")[0]).toBe("true true true sprig.certificate");
    expect(made).toEqual([1024, 1024, 1024, 1024]); // the CA's key, then the signed certificate's
    const signed = new X509Certificate(out.split('|')[1]!);
    expect(signed.subject).toBe('CN=s');
    expect(signed.issuer).toBe('CN=ca');
  });

  it('keeps the time of the call as the start of the validity period', () => {
    let now = Date.UTC(2030, 0, 2, 3, 4, 5);
    const set = new TemplateSet(sprigFuncs({ now: () => now }));
    set.parse('t', '{{ $ca := genCA "ca" 1 }}{{ now | date "2006" }}{{ $ca.Cert }}');
    const cert = set.execute('t', {});
    now += 86_400_000 * 400;
    expect(new X509Certificate(cert.slice(4)).validFrom).toBe('Jan  2 03:04:05 2030 GMT');
  });

  it('a name that cannot go in a certificate still fails at the call', () => {
    const { set } = counted();
    set.parse('t', '{{ $c := genSelfSignedCert "x" nil (list "é.example") 1 }}after');
    expect(() => set.execute('t', {})).toThrow(/cannot be encoded as an IA5String/);
  });
});

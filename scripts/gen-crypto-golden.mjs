#!/usr/bin/env node
// Records the deterministic behaviour of Sprig's crypto functions in the real Helm
// (never committed) into test/core/template/sprig/golden/crypto.json:
//   HELM=/path/to/helm node scripts/gen-crypto-golden.mjs
// Recorded: derivePassword outputs; encryptAES ciphertexts with their plaintexts (for
// decryptAES); htpasswd/bcrypt hashes (salted: checked by recomputing with their salt);
// certificates and re-encoded keys made from fixed test keys (made here, test-only);
// error messages.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const helm = process.env.HELM;
if (!helm) throw new Error('set HELM to the helm binary');

/** Render `template` with `values` in a throwaway chart: { out } or { error }. */
function render(template, values = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'crypto-golden-'));
  try {
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: t\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'values.yaml'), JSON.stringify(values));
    writeFileSync(join(dir, 'templates/t.yaml'), template);
    try {
      const out = execFileSync(helm, ['template', 'r', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      return { out: out.replace(/^---\n# Source: t\/templates\/t.yaml\n/, '') };
    } catch (e) {
      return { error: String(e.stderr) };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Render many expressions at once; each result comes back base64-armoured. */
function renderAll(exprs, values = {}) {
  const template = exprs.map((x, i) => `k${i}: {{ ${x} | b64enc | quote }}\n`).join('');
  const { out, error } = render(template, values);
  if (error) throw new Error(error);
  const lines = Object.fromEntries(out.trim().split('\n').map((l) => l.split(': ')));
  return exprs.map((_, i) => Buffer.from(JSON.parse(lines[`k${i}`]), 'base64').toString('utf8'));
}

const q = (s) => JSON.stringify(s);

// --- derivePassword
const dpInputs = [];
for (const type of ['long', 'maximum', 'medium', 'short', 'basic', 'pin', 'nope']) {
  for (const counter of [0, 1, 2]) dpInputs.push({ counter, type, password: 'password', user: 'user', site: 'example.com' });
}
dpInputs.push(
  { counter: 7, type: 'long', password: 'pässwörd ✓', user: 'Jöhn 😀', site: 'ü.example' },
  { counter: 4294967295, type: 'maximum', password: '', user: '', site: '' },
  { counter: 4294967296, type: 'long', password: 'p', user: 'u', site: 's' },
  { counter: 3, type: 'basic', password: 'x'.repeat(100), user: 'a:b', site: 'a b c' },
);
const dpOut = renderAll(dpInputs.map((d) => `derivePassword ${d.counter} ${q(d.type)} ${q(d.password)} ${q(d.user)} ${q(d.site)}`));
const derivePassword = dpInputs.map((d, i) => ({ ...d, out: dpOut[i] }));

// --- encryptAES ciphertexts for decryptAES
const aesInputs = [
  ['secretkey', 'plaintext'],
  ['k', 'hello'],
  ['k', '0123456789abcdef'],
  ['', 'empty password'],
  ['a password longer than thirty-two bytes, truncated', 'text'],
  ['pässwörd', 'ünïcödé ✓ 😀'],
  ['k', 'x'.repeat(100)],
  ['k', 'line1\nline2\ttab'],
];
const cipherOut = renderAll(aesInputs.map(([p, t]) => `encryptAES ${q(p)} ${q(t)}`));
const decryptAES = aesInputs.map(([password, plaintext], i) => ({ password, plaintext, ciphertext: cipherOut[i] }));

// --- htpasswd / bcrypt (salted: the test recomputes each hash from its salt)
const long72 = '0123456789'.repeat(7) + 'ab';
const bcInputs = [
  ['htpasswd', ['user', 'password']],
  ['htpasswd', ['', '']],
  ['htpasswd', ['jöhn', 'pässwörd ✓']],
  ['htpasswd', ['u', long72]],
  ['htpasswd', ['u', long72 + 'c']],
  ['htpasswd', ['a:b', 'x']],
  ['bcrypt', ['secret']],
  ['bcrypt', ['']],
  ['bcrypt', [long72 + 'c']],
];
const bcOut = renderAll(bcInputs.map(([fn, args]) => `${fn} ${args.map(q).join(' ')}`));
const bcrypt = bcInputs.map(([fn, args], i) => ({ fn, args, out: bcOut[i] }));

// --- fixed test keys (throwaway, made for this golden only)
const pem = (k, type) => k.export({ type, format: 'pem' });
const gen = (alg, opts) => generateKeyPairSync(alg, opts).privateKey;
const rsa = gen('rsa', { modulusLength: 2048 });
const ec256 = gen('ec', { namedCurve: 'P-256' });
const ec384 = gen('ec', { namedCurve: 'P-384' });
const ec521 = gen('ec', { namedCurve: 'P-521' });
const ec224 = gen('ec', { namedCurve: 'P-224' });
const ed = gen('ed25519');
const keys = {
  rsa: pem(rsa, 'pkcs1'),
  rsaPkcs8: pem(rsa, 'pkcs8'),
  ec256: pem(ec256, 'sec1'),
  ec256Pkcs8: pem(ec256, 'pkcs8'),
  ec384: pem(ec384, 'sec1'),
  ec521Pkcs8: pem(ec521, 'pkcs8'),
  ec224: pem(ec224, 'sec1'),
  ed25519: pem(ed, 'pkcs8'),
  rsaWithText: 'some text before\n' + pem(rsa, 'pkcs1') + 'and after\n',
  dsa: null,
  x25519: pem(gen('x25519'), 'pkcs8'),
  secp256k1: pem(gen('ec', { namedCurve: 'secp256k1' }), 'pkcs8'),
};
keys.dsa = renderAll(['genPrivateKey "dsa"'])[0];

// --- keys as Go re-encodes them (.Key of a certificate made with the key)
const reencoded = ['rsa', 'rsaPkcs8', 'ec256', 'ec256Pkcs8', 'ec384', 'ec521Pkcs8', 'ed25519', 'rsaWithText'];
const keyOut = renderAll(reencoded.map((k) => `(genSelfSignedCertWithKey "k" nil nil 1 .Values.keys.${k}).Key`), { keys });
const keyReencoding = reencoded.map((key, i) => ({ key, out: keyOut[i] }));

// --- certificates from fixed keys: the test compares them with ours minus serial and validity
const certCases = [
  { name: 'ca', expr: 'genCAWithKey "my-ca" 365 .Values.keys.rsa' },
  { name: 'ca-ec384', expr: 'genCAWithKey "ec ca" 10 .Values.keys.ec384' },
  { name: 'ca-ed25519', expr: 'genCAWithKey "ed-ca" 10 .Values.keys.ed25519' },
  { name: 'ca-utf8-cn', expr: 'genCAWithKey "*.x & é" 36500 .Values.keys.rsa' },
  { name: 'self', expr: 'genSelfSignedCertWithKey "foo.com" (list "10.0.0.1" "::1" "::ffff:1.2.3.4" "2001:db8::8:800:200c:417a") (list "bar.com" "*.bat.com") 30 .Values.keys.rsa' },
  { name: 'self-empty-cn', expr: 'genSelfSignedCertWithKey "" (list "1.2.3.4") nil 10 .Values.keys.ec256' },
  { name: 'self-no-sans', expr: 'genSelfSignedCertWithKey "plain" nil (list) 0 .Values.keys.ec521Pkcs8' },
  { name: 'self-negative-days', expr: 'genSelfSignedCertWithKey "past" nil nil -5 .Values.keys.ed25519' },
  { name: 'ca-p224', expr: 'genCAWithKey "p224" 3 .Values.keys.ec224' },
  { name: 'self-empty-dns', expr: 'genSelfSignedCertWithKey "e" nil (list "") 1 .Values.keys.rsa' },
];
const ca = { cert: renderAll(['(genCAWithKey "my-ca" 365 .Values.keys.rsa).Cert'], { keys })[0], key: keys.rsa };
const signed = [
  { name: 'signed', expr: 'genSignedCertWithKey "foo.com" (list "10.0.0.1") (list "foo.com" "www.foo.com") 30 $ca .Values.keys.ec256' },
  { name: 'signed-same-cn', expr: 'genSignedCertWithKey "my-ca" nil nil 30 $ca .Values.keys.rsaPkcs8' },
  { name: 'signed-p224', expr: 'genSignedCertWithKey "p224" nil nil 3 $ca .Values.keys.ec224' },
];
const values = { keys, ca: { cert: Buffer.from(ca.cert).toString('base64'), key: Buffer.from(ca.key).toString('base64') } };
const caExpr = '$ca := buildCustomCert .Values.ca.cert .Values.ca.key';
const certs = [];
for (const c of [...certCases, ...signed]) {
  const t = `{{ ${caExpr} }}{{ $c := ${c.expr} }}cert: {{ $c.Cert | b64enc | quote }}\nkey: {{ $c.Key | b64enc | quote }}\n`;
  const { out, error } = render(t, values);
  if (error) throw new Error(error);
  const get = (k) => Buffer.from(JSON.parse(out.match(new RegExp(`^${k}: (.*)$`, 'm'))[1]), 'base64').toString('utf8');
  certs.push({ name: c.name, template: `{{ ${caExpr} }}{{ $c := ${c.expr} }}`, cert: get('cert'), key: get('key') });
}

// --- IP parsing (net.ParseIP) as certificate SANs: the SAN text or the error
const ipInputs = [
  '0.0.0.0', '255.255.255.255', '1.2.3.04', '1.2.3.256', '1.2.3', '1.2.3.4.5', ' 1.2.3.4', '1.2.3.4 ',
  '::', '::1', '1::', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8::', '1::2::3',
  '::ffff:10.1.2.3', '0:0:0:0:0:ffff:10.1.2.3', '::10.1.2.3', '64:ff9b::1.2.3.4', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4',
  '00001::', 'fe80::1%eth0', 'FE80::ABCD', ':1', '1:', '', 'localhost', '[::1]',
];
const ips = ipInputs.map((ip) => {
  const { out, error } = render(`{{ $c := genSelfSignedCertWithKey "x" (list ${q(ip)}) nil 1 .Values.keys.ed25519 }}cert: {{ $c.Cert | b64enc | quote }}\n`, { keys });
  if (error) return { ip, error: /error calling [A-Za-z]+: (.*)$/m.exec(error)[1] };
  const pemText = Buffer.from(JSON.parse(out.match(/^cert: (.*)$/m)[1]), 'base64').toString('utf8');
  return { ip, san: new X509Certificate(pemText).subjectAltName };
});

// --- error messages
const errorTemplates = [
  'decryptAES "k" "abc"',
  'decryptAES "k" "YWJ"',
  'decryptAES "k" "YQ=="',
  'decryptAES "k" "YWJj"',
  'decryptAES "k" "MDEyMzQ1Njc4OWFiY2RlZg=="',
  'decryptAES "k" "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NQ=="',
  'decryptAES "k" "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="',
  `decryptAES "k" "YWJj${'\\n'.repeat(24)}"`,
  'genSelfSignedCert "x" (list "1.2.3") nil 3',
  'genSelfSignedCert "x" (list "01.2.3.4") nil 3',
  'genSelfSignedCert "x" (list "fe80::1%eth0") nil 3',
  'genSelfSignedCert "x" (list "1::2::3") nil 3',
  'genSelfSignedCert "x" (list 1) nil 3',
  'genSelfSignedCert "x" (list nil) nil 3',
  'genSelfSignedCert "x" nil (list 1) 3',
  'genSelfSignedCert "x" nil (list "é.com") 3',
  'genCAWithKey "x" 3 "junk"',
  'genCAWithKey "x" 3 ""',
  'genCAWithKey "x" 3 "-----BEGIN FOO-----\\nAAAA\\n-----END FOO-----\\n"',
  'genCAWithKey "x" 3 "-----BEGIN OPENSSH PRIVATE KEY-----\\nAAAA\\n-----END OPENSSH PRIVATE KEY-----\\n"',
  'genCAWithKey "x" 3 "-----BEGIN RSA PRIVATE KEY-----\\nAAAA\\n-----END RSA PRIVATE KEY-----\\n"',
  'genCAWithKey "x" 3 "-----BEGIN RSA PRIVATE KEY-----\\n-----END RSA PRIVATE KEY-----\\n"',
  'genCAWithKey "x" 3 "-----BEGIN EC PRIVATE KEY-----\\nAAAA\\n-----END EC PRIVATE KEY-----\\n"',
  'genCAWithKey "x" 3 "-----BEGIN DSA PRIVATE KEY-----\\nAAAA\\n-----END DSA PRIVATE KEY-----\\n"',
  'genCAWithKey "x" 3 "-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\\n"',
  'genCAWithKey "x" 3 "-----BEGIN PRIVATE KEY-----\\nMAMCAQA=\\n-----END PRIVATE KEY-----\\n"',
  'genCAWithKey "x" 3 (.Values.keys.rsaPkcs8 | replace "BEGIN PRIVATE" "BEGIN RSA PRIVATE" | replace "END PRIVATE" "END RSA PRIVATE")',
  'genCAWithKey "x" 3 (.Values.keys.ec256 | replace "BEGIN EC PRIVATE" "BEGIN RSA PRIVATE" | replace "END EC PRIVATE" "END RSA PRIVATE")',
  'genCAWithKey "x" 3 (.Values.keys.rsa | replace "BEGIN RSA PRIVATE" "BEGIN PRIVATE" | replace "END RSA PRIVATE" "END PRIVATE")',
  'genCAWithKey "x" 3 (.Values.keys.ec256 | replace "BEGIN EC PRIVATE" "BEGIN PRIVATE" | replace "END EC PRIVATE" "END PRIVATE")',
  'genCAWithKey "x" 3 (.Values.keys.ec256Pkcs8 | replace "BEGIN PRIVATE" "BEGIN EC PRIVATE" | replace "END PRIVATE" "END EC PRIVATE")',
  'genCAWithKey "x" 3 .Values.keys.dsa',
  'genCAWithKey "x" 3 .Values.keys.x25519',
  'genCAWithKey "x" 3 .Values.keys.secp256k1',
  'genSignedCertWithKey "x" nil nil 3 (genCA "y" 3) .Values.keys.dsa',
  'genSignedCertWithKey "x" nil nil 3 (genCA "y" 3) .Values.keys.x25519',
  'genSignedCert "x" nil nil 3 (buildCustomCert .Values.ca.cert (.Values.keys.ec256 | b64enc))',
  'genSignedCert "x" (list "bad") nil 3 (buildCustomCert .Values.ca.cert .Values.ca.key)',
  'buildCustomCert "x" "y"',
  'buildCustomCert "eA==" "y"',
  'buildCustomCert "eA==" "eA=="',
  'buildCustomCert ("-----BEGIN X-----\\nAAAA\\n-----END X-----\\n" | b64enc) "eA=="',
  'buildCustomCert .Values.ca.cert "eA=="',
  'buildCustomCert .Values.ca.cert ("-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n" | b64enc)',
];
const errors = errorTemplates.map((expr) => {
  const { out, error } = render(`a: {{ ${expr} }}\n`, values);
  if (!error) throw new Error(`no error from ${expr}: ${out}`);
  const m = /error calling [A-Za-z]+: (.*)$/m.exec(error);
  if (!m) throw new Error(`unexpected error from ${expr}: ${error}`);
  return { expr, error: m[1] };
});

const golden = { derivePassword, decryptAES, bcrypt, keys, keyReencoding, ca, certs, ips, errors };
const dest = new URL('../test/core/template/sprig/golden/crypto.json', import.meta.url);
mkdirSync(new URL('.', dest), { recursive: true });
writeFileSync(dest, JSON.stringify(golden, null, 2) + '\n');
const count = [derivePassword, decryptAES, bcrypt, keyReencoding, certs, ips, errors].reduce((n, l) => n + l.length, 0);
console.log(`wrote ${count} cases`);

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { unpackChartArchive } from '../../src/adapters/chart-archives.js';
import { readChartDir } from '../../src/adapters/chart-dir.js';
import { untar } from '../../src/core/chart/tar.js';
import { renderChart } from '../../src/core/chart/render-chart.js';

const FIXTURE = new URL('../fixtures/charts/imports/', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(() => { while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true }); });
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'tgz-'));
  dirs.push(d);
  return d;
}

/** A gzipped tar made by the real `tar` from a folder `top` with the given files. */
function tgz(files: Record<string, string>, top = 'sub', extraTarArgs: string[] = []): Buffer {
  const d = tmp();
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(d, top, p, '..'), { recursive: true });
    writeFileSync(join(d, top, p), text);
  }
  execFileSync('tar', ['-czf', join(d, 'out.tgz'), ...extraTarArgs, top], { cwd: d });
  return readFileSync(join(d, 'out.tgz'));
}

describe('packaged subcharts (charts/*.tgz)', () => {
  it('reads GNU and pax tar files, long names included', () => {
    const long = `templates/${'x'.repeat(120)}/deep.yaml`;
    for (const format of ['gnu', 'pax', 'ustar']) {
      const files = { 'Chart.yaml': 'name: sub\n', 'templates/cm.yaml': 'a: 1\n', ...(format === 'ustar' ? {} : { [long]: 'b: 2\n' }) };
      const entries = untar(execFileSync('gzip', ['-dc'], { input: tgz(files, 'sub', [`--format=${format}`]) }));
      const got = Object.fromEntries(entries.map((e) => [e.path, Buffer.from(e.data).toString()]));
      for (const [p, text] of Object.entries(files)) expect(got[`sub/${p}`], `${format} ${p}`).toBe(text);
    }
  });

  it('are unpacked under charts/<archive>/ without their top folder, archives inside archives too', () => {
    const inner = tgz({ 'Chart.yaml': 'apiVersion: v2\nname: leaf\nversion: 1.0.0\n', 'templates/l.yaml': 'leaf: {{ .Chart.Name }}\n' }, 'leaf');
    const d = tmp();
    mkdirSync(join(d, 'mid/charts'), { recursive: true });
    writeFileSync(join(d, 'mid/Chart.yaml'), 'apiVersion: v2\nname: mid\nversion: 1.0.0\n');
    writeFileSync(join(d, 'mid/charts/leaf-1.0.0.tgz'), inner);
    execFileSync('tar', ['-czf', 'mid.tgz', 'mid'], { cwd: d });
    const files = new Map([['Chart.yaml', 'apiVersion: v2\nname: top\nversion: 1.0.0\n']]);
    unpackChartArchive(files, 'charts/mid-1.0.0.tgz', readFileSync(join(d, 'mid.tgz')));
    expect([...files.keys()].sort()).toEqual(['Chart.yaml', 'charts/mid-1.0.0.tgz/Chart.yaml', 'charts/mid-1.0.0.tgz/charts/leaf-1.0.0.tgz/Chart.yaml', 'charts/mid-1.0.0.tgz/charts/leaf-1.0.0.tgz/templates/l.yaml']);
    const out = renderChart(files, { releaseName: 'r', namespace: 'd' });
    expect(out).toEqual([{ source: 'top/charts/mid/charts/leaf/templates/l.yaml', content: 'leaf: leaf' }]);
  });

  it('the fixture chart with a packaged dependency reads from disk and renders the archive\'s files', () => {
    const files = readChartDir(FIXTURE);
    expect(files.get('charts/packed-1.2.3.tgz/files/note.txt')).toBe('a file inside the archive\n');
    const packed = renderChart(files, { releaseName: 'r', namespace: 'd' }).find((m) => m.source === 'imports/charts/packed/templates/cm.yaml');
    expect(packed?.content).toContain('file: "a file inside the archive\\n"');
  });

  it('refuse entries that leave the chart, broken archives and archives that inflate too far, quickly', () => {
    // A tar whose entry climbs out of the chart (GNU tar would strip the `..`, so write the header by hand).
    const header = Buffer.alloc(512);
    header.write('sub/../../evil.yaml', 0);
    header.write('0000644\0', 100); header.write('0000000\0', 108); header.write('0000000\0', 116);
    header.write('00000000004\0', 124); header.write('00000000000\0', 136); header.write('0', 156); header.write('ustar\0', 257); header.write('00', 263);
    header.fill(' ', 148, 156);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    const evil = gzipSync(Buffer.concat([header, Buffer.from('x: 1'.padEnd(512, '\0')), Buffer.alloc(1024)]));
    expect(() => unpackChartArchive(new Map(), 'charts/evil.tgz', evil)).toThrow(/charts\/evil\.tgz: entry "sub\/\.\.\/\.\.\/evil\.yaml" points outside the chart/);
    expect(() => unpackChartArchive(new Map(), 'charts/bad.tgz', Buffer.from('not gzip'))).toThrow(/charts\/bad\.tgz: not a gzip archive/);
    const started = Date.now();
    const bomb = gzipSync(Buffer.alloc(70 * 1024 * 1024));
    expect(() => unpackChartArchive(new Map(), 'charts/bomb.tgz', bomb)).toThrow(/charts\/bomb\.tgz: archive unpacks to more than 64 MiB/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('helm-like-charts/platform ships its dependencies packaged, and they match their source charts', () => {
    const root = new URL('../../helm-like-charts/', import.meta.url).pathname;
    const platform = readChartDir(join(root, 'platform'));
    for (const [dep, archive] of [['common', 'common-0.3.0.tgz'], ['hello', 'hello-0.1.0.tgz']] as const) {
      const packed = new Map([...platform].filter(([p]) => p.startsWith(`charts/${archive}/`)).map(([p, t]) => [p.slice(`charts/${archive}/`.length), t]));
      const source = readChartDir(join(root, dep));
      const stale = `${archive} is stale: re-package helm-like-charts/${dep} into platform/charts (README: Charts)`;
      // helm package writes Chart.yaml anew, so that one is compared as data.
      expect(parseYaml(packed.get('Chart.yaml')!), stale).toEqual(parseYaml(source.get('Chart.yaml')!));
      packed.delete('Chart.yaml');
      source.delete('Chart.yaml');
      expect(packed, stale).toEqual(source);
    }
  });
});

describe('reading a chart folder', () => {
  it('follows links inside the chart, ignores links that lead out of it, and survives link loops', () => {
    const outside = tmp();
    writeFileSync(join(outside, 'secret.txt'), 'do not read me');
    const d = tmp();
    mkdirSync(join(d, 'templates'));
    mkdirSync(join(d, 'files'));
    writeFileSync(join(d, 'Chart.yaml'), 'apiVersion: v2\nname: links\nversion: 0.1.0\n');
    writeFileSync(join(d, 'files/real.txt'), 'inside');
    symlinkSync(join(d, 'files/real.txt'), join(d, 'files/alias.txt'));
    symlinkSync(join(outside, 'secret.txt'), join(d, 'files/escape.txt'));
    symlinkSync(outside, join(d, 'files/outdir'));
    symlinkSync(d, join(d, 'files/loop'));
    writeFileSync(join(d, 'templates/cm.yaml'), 'a: {{ .Files.Get "files/alias.txt" }}\nb: "{{ .Files.Get "files/escape.txt" }}"\nc: "{{ .Files.Get "../secret.txt" }}{{ .Files.Get "/etc/hostname" }}"\nd: {{ len (.Files.Glob "**") }}\n');
    const files = readChartDir(d);
    expect([...files.keys()].filter((k) => k.startsWith('files/'))).toEqual(['files/alias.txt', 'files/real.txt']);
    expect(renderChart(files, { releaseName: 'r', namespace: 'd' })[0]!.content).toBe('a: inside\nb: ""\nc: ""\nd: 2');
  });

  it('leaves out files holding a NUL byte, and reads other bytes as UTF-8 text', () => {
    const d = tmp();
    mkdirSync(join(d, 'files'));
    writeFileSync(join(d, 'Chart.yaml'), 'apiVersion: v2\nname: bytes\nversion: 0.1.0\n');
    writeFileSync(join(d, 'files/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    writeFileSync(join(d, 'files/latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9])); // "café" in Latin-1
    writeFileSync(join(d, 'files/utf8.txt'), 'grüße');
    const files = readChartDir(d);
    expect([...files.keys()].sort()).toEqual(['Chart.yaml', 'files/latin1.txt', 'files/utf8.txt']);
    expect(files.get('files/latin1.txt')).toBe('caf\ufffd');
    expect(files.get('files/utf8.txt')).toBe('grüße');
  });
});

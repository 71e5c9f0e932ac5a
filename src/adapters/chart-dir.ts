import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isChartArchive, unpackChartArchive } from './chart-archives.js';

/**
 * A chart directory as path → text (paths with `/`), skipping what is not UTF-8 text; packaged
 * subcharts (`charts/*.tgz`) are unpacked in place.
 */
export function readChartDir(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      const rel = relative(dir, p).split(sep).join('/');
      if (statSync(p).isDirectory()) walk(p);
      else if (isChartArchive(rel)) unpackChartArchive(out, rel, readFileSync(p));
      else {
        const buf = readFileSync(p);
        if (buf.includes(0)) continue;
        out.set(rel, buf.toString('utf8'));
      }
    }
  };
  walk(dir);
  return out;
}

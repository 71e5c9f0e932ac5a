import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isChartArchive, unpackChartArchive } from './chart-archives.js';

/**
 * A chart directory as path → text (paths with `/`), skipping what is not UTF-8 text; packaged
 * subcharts (`charts/*.tgz`) are unpacked in place. Links that lead outside the chart are ignored.
 */
export function readChartDir(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const root = realpathSync(dir);
  const seen = new Set([root]);
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      const rel = relative(dir, p).split(sep).join('/');
      // Symbolic links are followed (as Helm does) only while they stay inside the chart.
      const real = realpathSync(p);
      if (real !== root && !real.startsWith(root + sep)) continue;
      if (statSync(p).isDirectory()) {
        if (seen.has(real)) continue; // a link back up the tree
        seen.add(real);
        walk(p);
      }
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

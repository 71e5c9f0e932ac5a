import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { isChartArchive, unpackChartArchive } from './chart-archives.js';

/**
 * A chart directory as path → text (paths with `/`), skipping what is not UTF-8 text; packaged
 * subcharts (`charts/*.tgz`) are unpacked in place. Links that lead outside the chart are ignored.
 */
export function readChartDir(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const root = realpathSync(dir);
  const seen = new Set([root]);
  // `d` is the path as listed, `real` where it really is, `rel` its chart path ('' at the top).
  const walk = (d: string, real: string, rel: string) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = `${d}${sep}${e.name}`;
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      let isDir = e.isDirectory();
      let target = `${real}${sep}${e.name}`;
      if (e.isSymbolicLink()) {
        // Symbolic links are followed (as Helm does) only while they stay inside the chart.
        target = realpathSync(p);
        if (target !== root && !target.startsWith(root + sep)) continue;
        isDir = statSync(p).isDirectory();
      }
      if (isDir) {
        if (seen.has(target)) continue; // a link back up the tree
        seen.add(target);
        walk(p, target, r);
      } else if (isChartArchive(r)) unpackChartArchive(out, r, readFileSync(p));
      else {
        // Read and decoded in one call; a NUL byte decodes to U+0000 and to nothing else.
        const text = readFileSync(p, 'utf8');
        if (text.includes('\0')) continue;
        out.set(r, text);
      }
    }
  };
  walk(dir, root, '');
  return out;
}

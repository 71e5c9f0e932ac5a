import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CORE = fileURLToPath(new URL('../../src/core', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The core is pure: no filesystem, network, processes, timers or environment (DESIGN.md). node:crypto is allowed for hashing. */
const FORBIDDEN_IMPORTS = /from\s+['"](node:(?!crypto['"])[^'"]+|fs|path|os|child_process|net|http|https|express|prom-client|chokidar|simple-git|better-sqlite3|@kubernetes\/client-node)['"]/;
const FORBIDDEN_CALLS = /\b(process\.env|setTimeout|setInterval|setImmediate|Date\.now\(\))/;

describe('core boundary', () => {
  const all = files(CORE);
  it('finds the core sources', () => {
    expect(all.length).toBeGreaterThan(10);
  });
  for (const file of all) {
    it(`${file.slice(CORE.length + 1)} imports no adapters and reads no environment or clock`, () => {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(text).not.toMatch(FORBIDDEN_IMPORTS);
      expect(text).not.toMatch(FORBIDDEN_CALLS);
    });
  }
});

/**
 * Golden-file comparison for tests: `expectGolden(dir, name, actual)` compares `actual` with `dir/name`;
 * UPDATE_GOLDEN=1 rewrites the file. With `createMissing`, a missing file is written on a developer's
 * machine (and is an error under CI, so a golden never appears unreviewed in a CI run).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export function expectGolden(dir: string, name: string, actual: string, opts: { createMissing?: boolean } = {}): void {
  const file = join(dir, name);
  const missing = opts.createMissing === true && !existsSync(file);
  if (process.env.UPDATE_GOLDEN || missing) {
    if (!process.env.UPDATE_GOLDEN && process.env.CI) throw new Error(`golden file ${name} is missing`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

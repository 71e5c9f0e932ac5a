import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const shapes: [string, RegExp][] = [
  ['{{ uuidv4 }}', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/],
  ['{{ randAlphaNum 16 }}', /^[A-Za-z0-9]{16}$/],
  ['{{ randAlpha 10 }}', /^[A-Za-z]{10}$/],
  ['{{ randNumeric 8 }}', /^[0-9]{8}$/],
  ['{{ randAscii 12 }}', /^[ -~]{12}$/],
  ['{{ randAlphaNum 0 }}', /^$/],
  ['{{ randAlpha -1 }}', /^$/],
  ['{{ randInt 5 8 }}', /^[567]$/],
  ['{{ randInt -3 -2 }}', /^-3$/],
  ['{{ randBytes 6 | b64dec | len }}', /^\d+$/],
  ['{{ randBytes 3 }}', /^[A-Za-z0-9+/]{4}$/],
  ['{{ shuffle "aabbc" | len }}', /^5$/],
  ['{{ typeOf (randInt 0 1) }}', /^int$/],
];

describe('sprig random values have the right shape', () => {
  it.each(shapes)('%s', (text, re) => {
    for (let i = 0; i < 20; i++) expect(run(text)).toMatch(re);
  });

  it('uuidv4 differs between calls', () => {
    expect(run('{{ uuidv4 }}')).not.toBe(run('{{ uuidv4 }}'));
  });

  it('shuffle keeps the characters', () => {
    expect([...run('{{ shuffle "héllo" }}')].sort().join('')).toBe([...'héllo'].sort().join(''));
  });

  it('randInt with an empty range fails like rand.Intn', () => {
    expect(run('{{ randInt 3 3 }}')).toBe('ERR:template: t:1:3: executing "t" at <randInt 3 3>: error calling randInt: invalid argument to Intn');
  });

  it('uuidv4 takes no arguments', () => {
    expect(run('{{ uuidv4 1 }}')).toBe('ERR:template: t:1:3: executing "t" at <uuidv4>: wrong number of args for uuidv4: want 0 got 1');
  });
});

import { TemplateSet, type TemplateSetOptions } from '../../../../src/core/template/index.js';
import { sprigFuncs } from '../../../../src/core/template/sprig/index.js';
import { systemTemplateClock } from '../../../../src/adapters/template-clock.js';

const funcs = sprigFuncs(systemTemplateClock);

/** Parse and execute `text` with the Sprig functions; errors come back as their message prefixed "ERR:". */
export function run(text: string, data?: unknown, opts: TemplateSetOptions = {}): string {
  const t = new TemplateSet(funcs, opts);
  try {
    t.parse('t', text);
    return t.execute('t', data);
  } catch (e) {
    return 'ERR:' + (e as Error).message;
  }
}

export type Case = [template: string, expected: string, data?: unknown];

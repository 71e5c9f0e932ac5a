import { type FuncMap, TemplateSet, type TemplateSetOptions } from '../../../src/core/template/index.js';

/** Parse `text` as template "t" and execute it with `data`. */
export function render(text: string, data?: unknown, funcs: FuncMap = {}, opts: TemplateSetOptions = {}): string {
  const t = new TemplateSet(funcs, opts);
  t.parse('t', text);
  return t.execute('t', data);
}

/** Like render, but returns the error message (or the output prefixed with "OK:"). */
export function renderErr(
  text: string,
  data?: unknown,
  funcs: FuncMap = {},
  opts: TemplateSetOptions = {},
): string {
  try {
    return 'OK:' + render(text, data, funcs, opts);
  } catch (e) {
    return (e as Error).message;
  }
}

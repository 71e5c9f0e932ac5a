/**
 * Go text/template engine (as Helm uses it), for TypeScript.
 *
 *   const t = new TemplateSet(funcs, { missingKey: 'zero' });
 *   t.parse('a.yaml', text);
 *   t.execute('a.yaml', data);
 */
export { TemplateSet, MAX_EXEC_DEPTH } from './set.js';
export type { ParsedTrees, TemplateSetOptions } from './set.js';
export { decodeTrees, encodeTrees } from './tree-codec.js';
export { hashText } from './sprig/node-crypto.js';
export type { MissingKey } from './executor.js';
export type { ExecContext, FuncMap, FuncSpec, GoFunc, ParamType, TemplateSetLike } from './builtins.js';
export {
  eq,
  ge,
  gt,
  htmlEscapeString,
  index,
  jsEscapeString,
  le,
  length,
  lt,
  ne,
  not,
  queryEscape,
  slice,
} from './builtins.js';
export { TemplateError, TemplateExecError, TemplateParseError, GoFuncError } from './errors.js';
export {
  GO_METHODS,
  GO_TYPE,
  withGoMethods,
  GoFloat,
  goFloat,
  floatify,
  toPlain,
  isGoFloat,
  isGoInt,
  isTrue,
  kindOf,
  numberOf,
  typeName,
  sortedKeys,
} from './values.js';
export type { GoKind } from './values.js';
export { formatValue, sprint, sprintf, sprintln } from './printf.js';
export { formatFloat, quoteGo, quoteRune } from './strconv.js';
export { NO_CLOCK, type TemplateClock } from './clock.js';

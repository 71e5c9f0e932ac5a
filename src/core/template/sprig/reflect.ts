/** Sprig reflection: typeOf, typeIs, typeIsLike, kindOf, kindIs, deepEqual (reflect.DeepEqual). */
import type { FuncMap } from '../builtins.js';
import { sprintf } from '../printf.js';
import { GoFloat, isPlainObject, typeName } from '../values.js';
import { reflectKind } from './common.js';

/** `%T` of a value (nil prints `<nil>`). */
export function goTypeOf(v: unknown): string {
  return sprintf('%T', [v === undefined ? null : v]);
}

/** reflect.DeepEqual over template values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  if (typeName(a) !== typeName(b)) return false;
  if (a instanceof GoFloat || b instanceof GoFloat || typeof a === 'number') {
    return Number(a instanceof GoFloat ? a.value : a) === Number(b instanceof GoFloat ? b.value : b);
  }
  if (typeof a !== 'object') return a === b;
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(a[k], b[k])) return false;
    }
    return true;
  }
  return false;
}

export function reflectFuncs(): FuncMap {
  return {
    typeOf: { fn: goTypeOf, params: ['any'] },
    typeIs: { fn: (t: string, v: unknown) => t === goTypeOf(v), params: ['string', 'any'] },
    typeIsLike: {
      fn: (t: string, v: unknown) => {
        const s = goTypeOf(v);
        return t === s || '*' + t === s;
      },
      params: ['string', 'any'],
    },
    kindOf: { fn: (v: unknown) => reflectKind(v), params: ['any'] },
    kindIs: { fn: (t: string, v: unknown) => t === reflectKind(v), params: ['string', 'any'] },
    deepEqual: { fn: deepEqual, params: ['any', 'any'] },
  };
}

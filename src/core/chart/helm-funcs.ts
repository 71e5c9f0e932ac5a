/**
 * Helm's own template functions (pkg/engine's funcMap) on top of Sprig: include, tpl, required, fail,
 * toYaml/fromYaml/fromYamlArray, toJson/fromJson/fromJsonArray, lookup.
 */
import { readYaml } from './yaml-read.js';
import type { ExecContext, FuncMap } from '../template/index.js';
import { GoFloat, floatify } from '../template/index.js';
import { goJsonMarshal, sprigFuncs } from '../template/sprig/index.js';
import type { TemplateClock } from '../template/clock.js';
import type { PrimeSource } from '../template/sprig/primes.js';
import { toToml } from './to-toml.js';
import { toYaml } from './to-yaml.js';

/** Helm caps include recursion per template name. */
export const MAX_INCLUDE_DEPTH = 1000;

export interface HelmFuncOptions {
  /** Where `now`, `ago` and certificate validity read the time (none: those functions fail). */
  clock?: TemplateClock;
  /** Primes for the RSA keys of genCA, genSelfSignedCert, genSignedCert, genPrivateKey (default: made here). */
  primes?: PrimeSource;
  /** `lookup apiVersion kind namespace name`: the cluster store's objects when attached; {} offline. */
  lookup?: (apiVersion: string, kind: string, namespace: string, name: string) => unknown;
}

/** The data as it comes back from a JSON round trip (bigints as numbers), the way Helm marshals values. */
function toPlainJson(v: unknown): unknown {
  const fast = plainJson(v ?? null, 0);
  if (fast !== UNUSUAL) return fast;
  return JSON.parse(JSON.stringify(v ?? null, (_k, x) => (typeof x === 'bigint' ? Number(x) : x)));
}

/** Marks data plainJson leaves to JSON itself: class instances, toJSON methods, cycles, deep nesting. */
const UNUSUAL: unique symbol = Symbol('unusual');
const MAX_FAST_DEPTH = 64;

/** A JSON number read back: no -0, and NaN/±Infinity become null. */
function jsonNumber(n: number): number | null {
  if (!Number.isFinite(n)) return null;
  return n === 0 ? 0 : n;
}

/** JSON round trip of common template data (maps, lists, scalars, GoFloat) without the text in between. */
function plainJson(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return jsonNumber(v);
    case 'bigint':
      return jsonNumber(Number(v));
    case 'object':
      break;
    default:
      return UNUSUAL;
  }
  if (v === null) return null;
  if (v instanceof GoFloat) return jsonNumber(v.value);
  if (depth >= MAX_FAST_DEPTH || typeof (v as { toJSON?: unknown }).toJSON === 'function') return UNUSUAL;
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') out[i] = null;
      else {
        const y = plainJson(x, depth + 1);
        if (y === UNUSUAL) return UNUSUAL;
        out[i] = y;
      }
    }
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return UNUSUAL;
  const obj = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) {
    if (k === '__proto__') return UNUSUAL;
    const x = obj[k];
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    const y = plainJson(x, depth + 1);
    if (y === UNUSUAL) return UNUSUAL;
    out[k] = y;
  }
  return out;
}


export function helmFuncs(opts: HelmFuncOptions = {}): FuncMap {
  const includeDepth = new Map<string, number>();
  const tplSets = new WeakMap<object, ReturnType<ExecContext['set']['clone']>>();
  const funcs: FuncMap = {
    ...sprigFuncs(opts.clock, opts.primes),
    toToml: (v: unknown) => toToml(v),
    include: {
      needsContext: true,
      fn: (ctx: ExecContext, name: unknown, data: unknown) => {
        const n = String(name);
        const depth = (includeDepth.get(n) ?? 0) + 1;
        if (depth > MAX_INCLUDE_DEPTH) throw new Error(`rendering template has a nested reference name: ${n}: unable to execute template`);
        includeDepth.set(n, depth);
        try {
          return ctx.executeTemplate(n, data);
        } catch (err) {
          // The JavaScript stack can run out before Helm's count does: report it the way Helm does.
          const msg = err instanceof Error ? err.message : String(err);
          if (err instanceof RangeError || /exceeded maximum template depth/.test(msg)) {
            throw new Error(`rendering template has a nested reference name: ${n}: unable to execute template`);
          }
          throw err;
        } finally {
          includeDepth.set(n, depth - 1);
        }
      },
    },
    tpl: {
      needsContext: true,
      fn: (ctx: ExecContext, text: unknown, data: unknown) => {
        const src = String(text);
        // A text that defines templates gets its own copy of the set, so its definitions stay local to it;
        // any other text reuses one copy per set, keeping many tpl calls linear (helm#8002).
        const defines = /\{\{-?\s*(define|block)\b/.test(src);
        let set = defines ? undefined : tplSets.get(ctx.set);
        if (!set) {
          set = ctx.set.clone();
          if (!defines) tplSets.set(ctx.set, set);
        }
        // Helm runs the text as a template named "gotpl" and wraps what fails in it.
        const name = 'gotpl';
        // Helm clones the caller's set for every call: an earlier call's "gotpl" must not linger in the
        // reused copy (a nested text may refer to it only as the caller left it).
        set.resetFrom(name, ctx.set);
        const tree = set.parseDetached(name, src);
        try {
          const out = set.executeTree(name, tree, data);
          return out.includes('<no value>') ? out.replace(/<no value>/g, '') : out;
        } catch (err) {
          throw new Error(`error during tpl function execution for ${JSON.stringify(src)}: ${err instanceof Error ? err.message : String(err)}`);
        }
      },
    },
    required: (message: unknown, value: unknown) => {
      if (value === null || value === undefined || (typeof value === 'string' && value === '')) throw new Error(String(message));
      return value;
    },
    fail: (message: unknown) => {
      throw new Error(String(message));
    },
    toYaml: (v: unknown) => {
      try {
        return toYaml(toPlainJson(v));
      } catch {
        return '';
      }
    },
    toYamlPretty: (v: unknown) => toYaml(toPlainJson(v)),
    fromYaml: (s: unknown) => {
      try {
        const v = readYaml(String(s));
        return floatify(v && typeof v === 'object' && !Array.isArray(v) ? v : {});
      } catch (err) {
        return { Error: (err as Error).message };
      }
    },
    fromYamlArray: (s: unknown) => {
      try {
        const v = readYaml(String(s));
        return floatify(Array.isArray(v) ? v : []);
      } catch (err) {
        return [(err as Error).message];
      }
    },
    toJson: (v: unknown) => {
      try {
        return goJsonMarshal(v);
      } catch {
        return '';
      }
    },
    fromJson: (s: unknown) => {
      try {
        const v = JSON.parse(String(s));
        return floatify(v && typeof v === 'object' && !Array.isArray(v) ? v : {});
      } catch (err) {
        return { Error: (err as Error).message };
      }
    },
    fromJsonArray: (s: unknown) => {
      try {
        const v = JSON.parse(String(s));
        return floatify(Array.isArray(v) ? v : []);
      } catch (err) {
        return [(err as Error).message];
      }
    },
    lookup: (apiVersion: unknown, kind: unknown, namespace: unknown, name: unknown) =>
      opts.lookup ? opts.lookup(String(apiVersion), String(kind), String(namespace), String(name)) : {},
  };
  return funcs;
}

/**
 * Helm's own template functions (pkg/engine's funcMap) on top of Sprig: include, tpl, required, fail,
 * toYaml/fromYaml/fromYamlArray, toJson/fromJson/fromJsonArray, lookup.
 */
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import type { ExecContext, FuncMap } from '../template/index.js';
import { floatify } from '../template/index.js';
import { sprigFuncs } from '../template/sprig/index.js';
import { toYaml } from './to-yaml.js';

/** Helm caps include recursion per template name. */
export const MAX_INCLUDE_DEPTH = 1000;

export interface HelmFuncOptions {
  /** `lookup apiVersion kind namespace name`: the cluster store's objects when attached; {} offline. */
  lookup?: (apiVersion: string, kind: string, namespace: string, name: string) => unknown;
}

function toPlainJson(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v ?? null, (_k, x) => (typeof x === 'bigint' ? Number(x) : x)));
}

/** Go's json.Marshal escapes <, > and & for HTML safety; Helm's toJson keeps that. */
function goJson(v: unknown): string {
  return JSON.stringify(toPlainJson(v)).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function helmFuncs(opts: HelmFuncOptions = {}): FuncMap {
  const includeDepth = new Map<string, number>();
  const tplSets = new WeakMap<object, ReturnType<ExecContext['set']['clone']>>();
  const funcs: FuncMap = {
    ...sprigFuncs(),
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
        const name = `${ctx.templateName}-tpl`;
        set.parse(name, src);
        return set.execute(name, data).replace(/<no value>/g, '');
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
        const v = parseYaml(String(s), { version: '1.1' });
        return floatify(v && typeof v === 'object' && !Array.isArray(v) ? v : {});
      } catch (err) {
        return { Error: (err as Error).message };
      }
    },
    fromYamlArray: (s: unknown) => {
      try {
        const v = parseAllDocuments(String(s), { version: '1.1' })[0]?.toJS();
        return floatify(Array.isArray(v) ? v : []);
      } catch (err) {
        return [(err as Error).message];
      }
    },
    toJson: (v: unknown) => {
      try {
        return goJson(v);
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

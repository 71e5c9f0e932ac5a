/**
 * TemplateSet: a set of named templates sharing functions and options, like a Go
 * *template.Template with its associated templates.
 */
import type { Tree } from './ast.js';
import { isEmptyTree } from './ast.js';
import { type FuncMap, type NormalizedFunc, builtinFuncs, normalizeFunc } from './builtins.js';
import { TemplateExecError } from './errors.js';
import { type ExecOptions, type MissingKey, type TemplateSource, executeTree } from './executor.js';
import { parseTemplates } from './parser.js';
import { quoteGo } from './strconv.js';

export interface TemplateSetOptions {
  /**
   * Go's `missingkey` option for map lookups of absent keys:
   *  - `default`/`invalid` (Go's default): the result is "no value" (prints `<no value>`,
   *    and `.a.b` on a missing `.a` yields no value silently).
   *  - `zero`: the zero value of the map's element type (nil interface{}): still prints
   *    `<no value>`, but `.a.b` on a missing `.a` fails with
   *    `nil pointer evaluating interface {}.b`. Helm uses this (non-strict mode) and then
   *    deletes every `<no value>` from the output.
   *  - `error`: fail with `map has no entry for key "x"` (Helm's --strict lint mode).
   */
  missingKey?: 'default' | MissingKey;
  /** Maximum nesting of {{template}} calls (Go: 100000). */
  maxExecDepth?: number;
  /** Maximum output length (characters) of one execution; 0 = unlimited. */
  maxOutputLength?: number;
  /** Name of the set, used in "no template associated" errors (Helm's is "gotpl"). */
  name?: string;
}

/** Go's maxExecDepth for {{template}} recursion. */
export const MAX_EXEC_DEPTH = 100000;

export class TemplateSet implements TemplateSource {
  private readonly funcs = new Map<string, NormalizedFunc>();
  private readonly trees = new Map<string, Tree>();
  private readonly opts: ExecOptions;
  readonly name: string;

  constructor(funcs: FuncMap = {}, options: TemplateSetOptions = {}) {
    this.addFuncs(funcs);
    const mk = options.missingKey ?? 'default';
    this.opts = {
      missingKey: mk === 'default' ? 'invalid' : mk,
      maxExecDepth: options.maxExecDepth ?? MAX_EXEC_DEPTH,
      maxOutputLength: options.maxOutputLength ?? 0,
    };
    this.name = options.name ?? '';
  }

  /** Add (or replace) functions. Must happen before parsing templates that use them. */
  addFuncs(funcs: FuncMap): this {
    for (const [name, f] of Object.entries(funcs)) {
      if (!/^[\p{L}_][\p{L}\p{Nd}_]*$/u.test(name)) {
        throw new Error(`function name ${quoteGo(name)} is not a valid identifier`);
      }
      this.funcs.set(name, normalizeFunc(f));
    }
    return this;
  }

  /** Go-style options, e.g. `option('missingkey=zero')`. */
  option(...opts: string[]): this {
    for (const o of opts) {
      const m = /^missingkey=(default|invalid|zero|error)$/.exec(o);
      if (!m) throw new Error(`unrecognized option: ${o}`);
      this.opts.missingKey = m[1] === 'default' ? 'invalid' : (m[1] as MissingKey);
    }
    return this;
  }

  /**
   * Parse `text` as template `name` and add it plus all its {{define}}/{{block}} templates.
   * A later definition of a name replaces the earlier one (Go's AddParseTree), except that an
   * empty (whitespace-only) body never replaces an existing template.
   */
  parse(name: string, text: string): this {
    const trees = parseTemplates(name, text, (n) => this.funcs.has(n) || Object.prototype.hasOwnProperty.call(builtinFuncs, n));
    for (const [n, tree] of trees) {
      const old = this.trees.get(n);
      if (old && isEmptyTree(tree.root)) continue;
      this.trees.set(n, tree);
    }
    return this;
  }

  /**
   * A copy sharing functions, options and parsed trees (trees are immutable); later parses
   * into the copy do not affect this set (Go's Clone; handy for Helm's `tpl`).
   */
  clone(): TemplateSet {
    const c = new TemplateSet({}, { name: this.name });
    for (const [k, v] of this.funcs) c.funcs.set(k, v);
    for (const [k, v] of this.trees) c.trees.set(k, v);
    Object.assign(c.opts, this.opts);
    return c;
  }

  has(name: string): boolean {
    return this.trees.has(name);
  }

  /** Names of all templates, sorted. */
  names(): string[] {
    return [...this.trees.keys()].sort();
  }

  lookupTree(name: string): Tree | undefined {
    return this.trees.get(name);
  }

  lookupFunc(name: string): { fn: NormalizedFunc; builtin: boolean } | undefined {
    const f = this.funcs.get(name);
    if (f) return { fn: f, builtin: false };
    const b = builtinFuncs[name];
    if (b && Object.prototype.hasOwnProperty.call(builtinFuncs, name)) return { fn: b, builtin: true };
    return undefined;
  }

  /** Execute template `name` with `data` as dot (Go's ExecuteTemplate). */
  execute(name: string, data?: unknown): string {
    const tree = this.trees.get(name);
    if (!tree) {
      throw new TemplateExecError(
        name,
        `template: no template ${quoteGo(name)} associated with template ${quoteGo(this.name)}`,
      );
    }
    return executeTree(this, this.opts, name, tree, data);
  }

  executeTemplate(name: string, data: unknown): string {
    return this.execute(name, data);
  }

  get asSet(): TemplateSet {
    return this;
  }
}

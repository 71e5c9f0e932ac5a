/**
 * TemplateSet: a set of named templates sharing functions and options, like a Go
 * *template.Template with its associated templates.
 */
import type { Tree } from './ast.js';
import { isEmptyTree } from './ast.js';
import { type FuncMap, type NormalizedFunc, type TemplateSetLike, builtinFuncs, normalizeFunc } from './builtins.js';
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
  /**
   * Trees of texts parsed before, with these functions (the CLI's cache across runs): `parse` takes a
   * text's trees from here when they are kept, and otherwise parses the text and adds its trees. Not
   * used for `parseDetached` (`tpl` texts come from values).
   */
  parsedTrees?: ParsedTrees;
}

/** Parse trees kept across runs (see TemplateSetOptions.parsedTrees). */
export interface ParsedTrees {
  /** The trees of `text` parsed as template `name`, when kept. */
  get(name: string, text: string): Map<string, Tree> | undefined;
  /** The trees of `text` as `name`, just parsed. */
  add(name: string, text: string, trees: ReadonlyMap<string, Tree>): void;
}

/** Go's maxExecDepth for {{template}} recursion. */
export const MAX_EXEC_DEPTH = 100000;

/** A function as the executor looks it up: the set's functions shadow Go's builtins. */
export interface FuncEntry {
  fn: NormalizedFunc;
  builtin: boolean;
}

const builtinEntries = new Map<string, FuncEntry>(
  Object.keys(builtinFuncs).map((name) => [name, { fn: builtinFuncs[name], builtin: true }]),
);

/**
 * Parse results by text. Parsing is deterministic given the set's functions, and trees are never
 * changed after parsing, so a text parsed again (Helm's `tpl` does this for every call) can reuse
 * its trees. Shared by clones until their functions diverge.
 */
type ParseCache = Map<string, { name: string; trees: Map<string, Tree> }>;

/** Whether a text may define templates ({{define}} or {{block}}); false only when it surely does not. */
const MAY_DEFINE = /\{\{-?\s*(?:define|block)\b/;

/** Entries a parse cache may hold before it is emptied (bounds memory for long-lived sets). */
const PARSE_CACHE_LIMIT = 10000;

export class TemplateSet implements TemplateSource {
  private readonly funcs = new Map<string, FuncEntry>();
  private readonly trees = new Map<string, Tree>();
  private readonly opts: ExecOptions;
  private parseCache: ParseCache = new Map();
  private readonly parsedTrees: ParsedTrees | undefined;
  private readonly hasFunction = (name: string): boolean => this.funcs.has(name) || builtinEntries.has(name);
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
    this.parsedTrees = options.parsedTrees;
  }

  /** Add (or replace) functions. Must happen before parsing templates that use them. */
  addFuncs(funcs: FuncMap): this {
    for (const [name, f] of Object.entries(funcs)) {
      if (!/^[\p{L}_][\p{L}\p{Nd}_]*$/u.test(name)) {
        throw new Error(`function name ${quoteGo(name)} is not a valid identifier`);
      }
      this.funcs.set(name, { fn: normalizeFunc(f), builtin: false });
    }
    // Which names are functions decides how texts parse: earlier parses may not apply any more.
    this.parseCache = new Map();
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
    for (const [n, tree] of this.parseTrees(name, text, this.parsedTrees)) {
      const old = this.trees.get(n);
      if (old && isEmptyTree(tree.root)) continue;
      this.trees.set(n, tree);
    }
    return this;
  }

  /**
   * Go's `t.New(name).Parse(text)`, returning the tree for `t.Execute` (executeTree): the parsed text runs as it is, even when
   * it is empty and so does not replace an existing template of that name in the set (Helm's `tpl`:
   * an empty, whitespace-only or comment-only text renders "").
   */
  parseDetached(name: string, text: string): Tree {
    const trees = this.parseTrees(name, text);
    for (const [n, tree] of trees) {
      const old = this.trees.get(n);
      if (old && isEmptyTree(tree.root)) continue;
      this.trees.set(n, tree);
    }
    return trees.get(name)!;
  }

  /** Runs a tree from parseDetached as template `name`. */
  executeTree(name: string, tree: Tree, data?: unknown): string {
    return executeTree(this, this.opts, name, tree, data);
  }

  private parseTrees(name: string, text: string, kept?: ParsedTrees): Map<string, Tree> {
    const cached = this.parseCache.get(text);
    if (cached) {
      if (cached.name === name) return cached.trees;
      // Parsed under another name: without definitions the name only labels the single tree.
      const top = cached.trees.get(cached.name);
      if (top && cached.trees.size === 1 && !MAY_DEFINE.test(text)) {
        return new Map([[name, { name, parseName: name, text, root: top.root }]]);
      }
      // With definitions (a library chart vendored by several subcharts): the same trees, located in
      // the new file, unless a definition could bear either file's name.
      if (top && !text.includes(cached.name) && !text.includes(name)) {
        const trees = new Map<string, Tree>();
        for (const [n, t] of cached.trees) trees.set(n === cached.name ? name : n, { ...t, name: n === cached.name ? name : t.name, parseName: name });
        return trees;
      }
    }
    let trees = kept?.get(name, text);
    if (!trees) {
      trees = parseTemplates(name, text, this.hasFunction);
      kept?.add(name, text, trees);
    }
    if (this.parseCache.size >= PARSE_CACHE_LIMIT) this.parseCache.clear();
    this.parseCache.set(text, { name, trees });
    return trees;
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
    c.parseCache = this.parseCache;
    return c;
  }

  has(name: string): boolean {
    return this.trees.has(name);
  }

  /** Makes template `name` what it is in `from` (or absent), undoing later parses of that name into this copy. */
  resetFrom(name: string, from: TemplateSetLike): void {
    const tree = from instanceof TemplateSet ? from.trees.get(name) : undefined;
    if (tree) this.trees.set(name, tree);
    else this.trees.delete(name);
  }

  /** Names of all templates, sorted. */
  names(): string[] {
    return [...this.trees.keys()].sort();
  }

  lookupTree(name: string): Tree | undefined {
    return this.trees.get(name);
  }

  lookupFunc(name: string): FuncEntry | undefined {
    return this.funcs.get(name) ?? builtinEntries.get(name);
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

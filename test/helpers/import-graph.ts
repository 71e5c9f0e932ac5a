/**
 * The import graph of a source tree, read from the text of its files (TypeScript's parser, no type checking):
 * every `import … from`, `import '…'`, `export … from`, `import(…)` and `require(…)` with a literal specifier,
 * relative ones resolved to files. Plus the rules the architecture tests check on such a graph; each rule is a
 * pure function of a graph, so a test can run it on a planted graph as well as on the real tree.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** As written: './x.js', 'node:fs', 'yaml'. */
  specifier: string;
  /** Repo-relative path of the file a relative specifier resolves to ('src/core/x.ts'); undefined for packages. */
  target?: string;
  typeOnly: boolean;
  line: number;
}

export interface SourceFileInfo {
  /** Repo-relative, with '/' separators. */
  path: string;
  imports: ImportEdge[];
  /** Lines where `getBuiltinModule` is called or referenced. */
  getBuiltinModule: number[];
}

export type ImportGraph = Map<string, SourceFileInfo>;

/** Reads every .ts/.tsx file under `dirs` (repo-relative) into a graph. */
export function readGraph(root: string, dirs: string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const d of dirs) {
    for (const abs of walk(join(root, d))) {
      const path = relative(root, abs).split(sep).join('/');
      graph.set(path, parseSource(path, readFileSync(abs, 'utf8'), (spec) => resolveRelative(root, abs, spec)));
    }
  }
  return graph;
}

/** Parses one file's text. `resolveSpec` maps a relative specifier to a repo-relative file (or undefined). */
export function parseSource(path: string, text: string, resolveSpec: (spec: string) => string | undefined = () => undefined): SourceFileInfo {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const imports: ImportEdge[] = [];
  const getBuiltinModule: number[] = [];
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const add = (specNode: ts.Expression | undefined, typeOnly: boolean, at: ts.Node) => {
    if (!specNode || !ts.isStringLiteralLike(specNode)) return;
    const specifier = specNode.text;
    const target = specifier.startsWith('.') ? resolveSpec(specifier) : undefined;
    imports.push({ specifier, ...(target ? { target } : {}), typeOnly, line: lineOf(at) });
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n)) {
      const clause = n.importClause;
      const typeOnly = !!clause && (clause.isTypeOnly ||
        (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(n.moduleSpecifier, typeOnly, n);
    } else if (ts.isExportDeclaration(n)) {
      add(n.moduleSpecifier, n.isTypeOnly, n);
    } else if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) add(n.arguments[0], false, n);
      else if (ts.isIdentifier(callee) && callee.text === 'require') add(n.arguments[0], false, n);
    } else if (ts.isImportTypeNode(n)) {
      const arg = n.argument;
      if (ts.isLiteralTypeNode(arg)) add(arg.literal as ts.Expression, true, n);
    }
    if (ts.isIdentifier(n) && n.text === 'getBuiltinModule') getBuiltinModule.push(lineOf(n));
    if (ts.isStringLiteralLike(n) && n.text === 'getBuiltinModule') getBuiltinModule.push(lineOf(n));
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { path, imports, getBuiltinModule };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return walk(p);
    return /\.tsx?$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
}

/** './x.js' → 'src/core/x.ts' (ESM specifiers name the emitted .js; the source is .ts or .tsx, or a folder's index). */
function resolveRelative(root: string, fromAbs: string, spec: string): string | undefined {
  const base = resolve(dirname(fromAbs), spec);
  const stem = base.replace(/\.(js|mjs|cjs|jsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, join(base, 'index.ts')];
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return relative(root, hit ?? base).split(sep).join('/');
}

// ───────────── rules: each returns its violations (empty when the rule holds) ─────────────

export interface Violation {
  file: string;
  line: number;
  detail: string;
}

const BUILTINS = new Set(builtinModules);
const isBuiltin = (spec: string) => spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]!);

/** Files under `dir` import no Node built-in other than the allowed ones (`node:crypto`). */
export function builtinImports(graph: ImportGraph, dir: string, allowed: readonly string[] = ['node:crypto']): Violation[] {
  return filesUnder(graph, dir).flatMap((f) =>
    f.imports.filter((i) => isBuiltin(i.specifier) && !allowed.includes(i.specifier) && !allowed.includes(`node:${i.specifier}`))
      .map((i) => ({ file: f.path, line: i.line, detail: i.specifier })));
}

/** Files under `dir` import nothing (relative, resolved) outside `dir`, and no package unless allowed. */
export function importsLeaving(graph: ImportGraph, dir: string, opts: { packages?: readonly string[] } = {}): Violation[] {
  return filesUnder(graph, dir).flatMap((f) =>
    f.imports.filter((i) => {
      if (i.specifier.startsWith('.')) return !isUnder(i.target ?? '', dir);
      if (isBuiltin(i.specifier)) return false; // judged by builtinImports
      return !(opts.packages ?? []).some((p) => i.specifier === p || i.specifier.startsWith(`${p}/`));
    }).map((i) => ({ file: f.path, line: i.line, detail: i.target ?? i.specifier })));
}

/** Files under `from` that import (relative, resolved) files under `to`; type-only imports count unless `runtimeOnly`. */
export function importsInto(graph: ImportGraph, from: string, to: string, opts: { runtimeOnly?: boolean } = {}): Violation[] {
  return filesUnder(graph, from).flatMap((f) =>
    f.imports.filter((i) => i.target !== undefined && isUnder(i.target, to) && !(opts.runtimeOnly && i.typeOnly))
      .map((i) => ({ file: f.path, line: i.line, detail: `${i.target}${i.typeOnly ? ' (type only)' : ''}` })));
}

/**
 * Files (outside `except`) that import both something under `a` and something under `b`: the files that wire
 * the two together. Type-only imports count.
 */
export function importsBoth(graph: ImportGraph, a: string, b: string, except: readonly string[] = []): Violation[] {
  return [...graph.values()].filter((f) => !except.some((e) => isUnder(f.path, e))).flatMap((f) => {
    const intoA = f.imports.find((i) => i.target !== undefined && isUnder(i.target, a));
    const intoB = f.imports.find((i) => i.target !== undefined && isUnder(i.target, b));
    return intoA && intoB ? [{ file: f.path, line: intoB.line, detail: `${intoA.target} and ${intoB.target}` }] : [];
  });
}

/** Files under `dir` that mention getBuiltinModule (a way around the import rules). */
export function getBuiltinModuleUses(graph: ImportGraph, dir: string): Violation[] {
  return filesUnder(graph, dir).flatMap((f) => f.getBuiltinModule.map((line) => ({ file: f.path, line, detail: 'getBuiltinModule' })));
}

/**
 * Cycles among the files under `dir` (imports between them, relative and resolved), as lists of files, each
 * cycle once (one per strongly connected component, shown as one loop through it).
 */
export function cycles(graph: ImportGraph, dir: string, opts: { runtimeOnly?: boolean } = {}): string[][] {
  const nodes = filesUnder(graph, dir).map((f) => f.path);
  const inside = new Set(nodes);
  const edges = new Map(nodes.map((n) => [n, [...new Set(graph.get(n)!.imports
    .filter((i) => i.target !== undefined && inside.has(i.target) && !(opts.runtimeOnly && i.typeOnly))
    .map((i) => i.target!))]]));
  // Tarjan's strongly connected components.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)!) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      const selfLoop = comp.length === 1 && edges.get(v)!.includes(v);
      if (comp.length > 1 || selfLoop) out.push(loopThrough(comp.sort(), edges));
    }
  };
  for (const n of nodes.sort()) if (!idx.has(n)) strong(n);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** A loop a → … → a inside one strongly connected component, starting at its first file. */
function loopThrough(comp: string[], edges: Map<string, string[]>): string[] {
  const inComp = new Set(comp);
  const start = comp[0]!;
  const prev = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of edges.get(v)!) {
      if (!inComp.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(prev.get(path[0]!)!);
        return [...path, start];
      }
      if (!seen.has(w)) {
        seen.add(w);
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...comp, start];
}

function filesUnder(graph: ImportGraph, dir: string): SourceFileInfo[] {
  return [...graph.values()].filter((f) => isUnder(f.path, dir));
}

function isUnder(path: string, dir: string): boolean {
  const d = dir.endsWith('/') ? dir : `${dir}/`;
  return path.startsWith(d) || path === dir;
}

/** A graph from `{file: [imported files]}` (repo-relative), for planting violations in tests. */
export function syntheticGraph(files: Record<string, Array<string | { specifier: string; typeOnly?: boolean }>>, getBuiltin: string[] = []): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const [path, imports] of Object.entries(files)) {
    graph.set(path, {
      path,
      imports: imports.map((i, n) => {
        const { specifier, typeOnly = false } = typeof i === 'string' ? { specifier: i } : i;
        const relativeTarget = /^src\//.test(specifier) ? specifier : undefined;
        return { specifier: relativeTarget ? `./${specifier}` : specifier, ...(relativeTarget ? { target: relativeTarget } : {}), typeOnly, line: n + 1 };
      }),
      getBuiltinModule: getBuiltin.includes(path) ? [1] : [],
    });
  }
  return graph;
}

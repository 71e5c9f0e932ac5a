/**
 * Executes parse trees the way Go's text/template exec.go does: pipelines, field chains on
 * maps/structs, variables with lexical push/pop, if/with/range(+else, break, continue),
 * {{template}} calls, function calls with Go's argument checking, and Go-formatted errors
 * (`template: NAME:LINE:COL: executing "TMPL" at <NODE>: ...`).
 *
 * Value conventions: `undefined` is Go's invalid Value ("no value"), `null` a nil interface.
 * Values read out of maps/slices are interface-typed; a pipeline result is unwrapped (a nil
 * interface becomes "no value"), exactly like Go's evalPipeline.
 */
import {
  type ArgNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type ListNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type RangeNode,
  type TemplateNode,
  type Tree,
  type VariableNode,
  nodeString,
} from './ast.js';
import {
  type ExecContext,
  type FuncMap,
  type GoFunc,
  type NormalizedFunc,
  type ParamType,
  type TemplateSetLike,
  normalizeFunc,
  paramTypeName,
} from './builtins.js';
import { OutputLimitError, TemplateExecError } from './errors.js';
import { formatValue } from './printf.js';
import { quoteGo } from './strconv.js';
import {
  GO_METHODS,
  GoFloat,
  isPlainObject,
  isTrue,
  kindOf,
  sortedKeys,
  typeName,
  utf8Length,
} from './values.js';

export type MissingKey = 'invalid' | 'zero' | 'error';

export interface ExecOptions {
  missingKey: MissingKey;
  maxExecDepth: number;
  /** Maximum output length in characters (0 = unlimited). */
  maxOutputLength: number;
}

/** What the executor needs from the template set. */
export interface TemplateSource {
  lookupTree(name: string): Tree | undefined;
  lookupFunc(name: string): { fn: NormalizedFunc; builtin: boolean } | undefined;
  /** Execute with a fresh state (Go's ExecuteTemplate); used by context-aware functions. */
  executeTemplate(name: string, data: unknown): string;
  /** The set itself, handed to context-aware functions. */
  readonly asSet: TemplateSetLike;
}

const MISSING: unique symbol = Symbol('missingVal');
const NO_ARGS: ArgNode[] = [];
type Final = unknown | typeof MISSING;

const enum Sig {
  None = 0,
  Break = 1,
  Continue = 2,
}

interface Variable {
  name: string;
  value: unknown;
  /** Static type is interface{} (value came out of a container). */
  iface: boolean;
}

class Output {
  private readonly parts: string[] = [];
  private length = 0;
  constructor(readonly limit: number) {}
  write(str: string): void {
    this.parts.push(str);
    this.length += str.length;
    if (this.limit > 0 && this.length > this.limit) {
      throw new OutputLimitError(`template: output exceeds limit of ${this.limit} characters`);
    }
  }
  get s(): string {
    return this.parts.join('');
  }
}

function isStackOverflow(e: unknown): boolean {
  if (!(e instanceof RangeError)) return false;
  try {
    return e.message.indexOf('call stack') >= 0;
  } catch {
    return true;
  }
}

class State {
  node: Node | null = null;
  vars: Variable[];
  /** What context-aware functions receive; the same for every call made by this state. */
  private ctx: ExecContext | undefined;

  constructor(
    readonly src: TemplateSource,
    readonly opts: ExecOptions,
    readonly tmplName: string,
    /** The tree being executed: every node this state walks belongs to it. */
    readonly tree: Tree,
    readonly out: Output,
    readonly depth: number,
    dot: unknown,
  ) {
    this.vars = [{ name: '$', value: dot, iface: false }];
  }

  // --- errors
  at(node: Node): void {
    this.node = node;
  }

  errorf(msg: string): never {
    const name = this.tmplName;
    const node = this.node;
    if (!node) throw new TemplateExecError(name, `template: ${name}: ${msg}`);
    const tree = this.tree;
    const text = tree.text;
    const pos = node.pos;
    const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) line++;
    const col = utf8Length(text.slice(lineStart, pos));
    throw new TemplateExecError(
      name,
      `template: ${tree.parseName}:${line}:${col}: executing ${quoteGo(name)} at <${nodeString(node)}>: ${msg}`,
    );
  }

  // --- variables
  mark(): number {
    return this.vars.length;
  }
  pop(mark: number): void {
    const vars = this.vars;
    while (vars.length > mark) vars.pop();
  }
  setVar(name: string, value: unknown, iface = false): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        this.vars[i].iface = iface;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  setTopVar(n: number, value: unknown, iface: boolean): void {
    const v = this.vars[this.vars.length - n];
    v.value = value;
    v.iface = iface;
  }
  varLookup(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i];
    this.errorf(`undefined variable: ${name}`);
  }

  // --- walking
  walk(dot: unknown, dotIface: boolean, node: Node): Sig {
    this.at(node);
    switch (node.kind) {
      case 'action': {
        const val = this.evalPipeline(dot, dotIface, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return Sig.None;
      }
      case 'text':
        this.out.write(node.text);
        return Sig.None;
      case 'list':
        return this.walkList(dot, dotIface, node);
      case 'if':
      case 'with': {
        const mark = this.mark();
        const val = this.evalPipeline(dot, dotIface, node.pipe);
        let sig = Sig.None;
        if (isTrue(val)) {
          sig = node.kind === 'with' ? this.walkList(val, false, node.list) : this.walkList(dot, dotIface, node.list);
        } else if (node.elseList) {
          sig = this.walkList(dot, dotIface, node.elseList);
        }
        this.pop(mark);
        return sig;
      }
      case 'range':
        return this.walkRange(dot, dotIface, node);
      case 'template':
        this.walkTemplate(dot, dotIface, node);
        return Sig.None;
      case 'break':
        return Sig.Break;
      case 'continue':
        return Sig.Continue;
      case 'comment':
        return Sig.None;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  walkList(dot: unknown, dotIface: boolean, list: ListNode): Sig {
    const nodes = list.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      if (n.kind === 'text') {
        this.out.write(n.text);
        continue;
      }
      const sig = this.walk(dot, dotIface, n);
      if (sig !== Sig.None) return sig;
    }
    return Sig.None;
  }

  walkRange(dot: unknown, dotIface: boolean, r: RangeNode): Sig {
    this.at(r);
    const mark = this.mark();
    const val = this.evalPipeline(dot, dotIface, r.pipe);
    const innerMark = this.mark();
    const decl = r.pipe.decl;
    const one = (index: unknown, elem: unknown, elemIface: boolean): Sig => {
      if (decl.length > 0) {
        if (r.pipe.isAssign) {
          if (decl.length > 1) this.setVar(decl[0].ident[0], index);
          else this.setVar(decl[0].ident[0], elem, elemIface);
        }
        else this.setTopVar(1, elem, elemIface);
      }
      if (decl.length > 1) {
        if (r.pipe.isAssign) this.setVar(decl[1].ident[0], elem, elemIface);
        else this.setTopVar(2, index, false);
      }
      const sig = this.walkList(elem, elemIface, r.list);
      this.pop(innerMark);
      return sig;
    };
    let ran = false;
    switch (kindOf(val)) {
      case 'slice': {
        const arr = val as ArrayLike<unknown>;
        if (arr.length === 0) break;
        ran = true;
        const iface = Array.isArray(arr);
        for (let i = 0; i < arr.length; i++) {
          const e = arr[i];
          if (one(i, e === undefined ? null : e, iface) === Sig.Break) break;
        }
        break;
      }
      case 'map': {
        const m = val as Record<string, unknown>;
        const keys = sortedKeys(m);
        if (keys.length === 0) break;
        ran = true;
        for (const k of keys) {
          const e = m[k];
          if (one(k, e === undefined ? null : e, true) === Sig.Break) break;
        }
        break;
      }
      case 'int': {
        if (decl.length > 1) this.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`);
        const n = Number(val as number | bigint);
        if (n <= 0) break;
        ran = true;
        for (let i = 0; i < n; i++) {
          if (one(undefined, i, false) === Sig.Break) break;
        }
        break;
      }
      case 'invalid':
        break;
      default:
        this.errorf(`range can't iterate over ${formatValue(val)}`);
    }
    let sig = Sig.None;
    if (!ran && r.elseList) sig = this.walkList(dot, dotIface, r.elseList);
    this.pop(mark);
    return sig;
  }

  walkTemplate(dot: unknown, dotIface: boolean, t: TemplateNode): void {
    this.at(t);
    const tree = this.src.lookupTree(t.name);
    if (!tree) this.errorf(`template ${quoteGo(t.name)} not defined`);
    if (this.depth >= this.opts.maxExecDepth) this.errorf(`exceeded maximum template depth (${this.opts.maxExecDepth})`);
    const newDot = this.evalPipeline(dot, dotIface, t.pipe);
    const child = new State(this.src, this.opts, t.name, tree, this.out, this.depth + 1, newDot);
    try {
      child.walkList(newDot, false, tree.root);
    } catch (e) {
      if (isStackOverflow(e)) {
        this.at(t);
        this.errorf(`exceeded maximum template depth (${this.opts.maxExecDepth})`);
      }
      throw e;
    }
  }

  printValue(node: Node, v: unknown): void {
    this.at(node);
    if (v === undefined || v === null) {
      this.out.write('<no value>');
      return;
    }
    if (typeof v === 'function') this.errorf(`can't print ${nodeString(node)} of type ${typeName(v)}`);
    this.out.write(formatValue(v));
  }

  // --- evaluation
  evalPipeline(dot: unknown, dotIface: boolean, pipe: PipeNode | null): unknown {
    if (!pipe) return undefined;
    this.at(pipe);
    let value: unknown = MISSING;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      value = this.evalCommand(dot, dotIface, cmds[i], value);
      if (value === null) value = undefined;
    }
    const decl = pipe.decl;
    for (let i = 0; i < decl.length; i++) {
      const name = decl[i].ident[0];
      if (pipe.isAssign) this.setVar(name, value);
      else this.vars.push({ name, value, iface: false });
    }
    return value;
  }

  notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
    }
  }

  evalCommand(dot: unknown, dotIface: boolean, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0];
    switch (first.kind) {
      case 'field':
        return this.evalFieldNode(dot, dotIface, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, dotIface, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, dotIface, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, dotIface, first);
      case 'variable':
        return this.evalVariableNode(dot, dotIface, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
      // falls through (errorf never returns)
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
    this.errorf(`can't evaluate command ${quoteGo(nodeString(first))}`);
  }

  idealConstant(c: NumberNode): unknown {
    this.at(c);
    if (c.constant !== undefined) return c.constant;
    const t = c.text;
    const isHexInt = t.length > 2 && t[0] === '0' && (t[1] === 'x' || t[1] === 'X') && !/[pP]/.test(t);
    const isRuneInt = t[0] === "'";
    if (c.isFloat && !isHexInt && !isRuneInt && /[.eEpP]/.test(t)) return (c.constant = new GoFloat(c.float64));
    if (c.isInt) {
      const v = c.int64;
      return (c.constant =
        v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
    }
    if (c.isUint) this.errorf(`${t} overflows int`);
    return undefined;
  }

  evalFieldNode(dot: unknown, dotIface: boolean, field: FieldNode, args: ArgNode[], final: Final): unknown {
    this.at(field);
    return this.evalFieldChain(dot, dotIface, dot, dotIface, field, field.ident, 0, args, final);
  }

  evalChainNode(dot: unknown, dotIface: boolean, chain: ChainNode, args: ArgNode[], final: Final): unknown {
    this.at(chain);
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, dotIface, null, chain.node);
    const iface = chain.node.kind !== 'pipe' && chain.node.kind !== 'dot';
    return this.evalFieldChain(dot, dotIface, pipe, iface, chain, chain.field, 0, args, final);
  }

  evalVariableNode(dot: unknown, dotIface: boolean, v: VariableNode, args: ArgNode[], final: Final): unknown {
    this.at(v);
    const variable = this.varLookup(v.ident[0]);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return variable.value;
    }
    return this.evalFieldChain(dot, dotIface, variable.value, variable.iface, v, v.ident, 1, args, final);
  }

  /** Evaluates the fields ident[first..] in turn, starting from receiver. */
  evalFieldChain(
    dot: unknown,
    dotIface: boolean,
    receiver: unknown,
    recvIface: boolean,
    node: Node,
    ident: string[],
    first: number,
    args: ArgNode[],
    final: Final,
  ): unknown {
    const n = ident.length;
    for (let i = first; i < n - 1; i++) {
      receiver = this.evalField(dot, dotIface, ident[i], node, NO_ARGS, MISSING, receiver, recvIface);
      recvIface = true;
    }
    return this.evalField(dot, dotIface, ident[n - 1], node, args, final, receiver, recvIface);
  }

  evalField(
    dot: unknown,
    dotIface: boolean,
    fieldName: string,
    node: Node,
    args: ArgNode[],
    final: Final,
    receiver: unknown,
    recvIface: boolean,
  ): unknown {
    if (receiver === undefined) {
      if (this.opts.missingKey === 'error') this.errorf(`nil data; no entry for key ${quoteGo(fieldName)}`);
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating ${staticType(receiver, recvIface)}.${fieldName}`);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (typeof receiver === 'object') {
      const methods = (receiver as { [GO_METHODS]?: FuncMap })[GO_METHODS];
      if (methods !== undefined && Object.prototype.hasOwnProperty.call(methods, fieldName)) {
        const spec = normalizeFunc(methods[fieldName]);
        const bound: NormalizedFunc = { ...spec, fn: spec.fn.bind(receiver) };
        return this.evalCall(dot, dotIface, bound, false, node, fieldName, args, final);
      }
    }
    if (isPlainObject(receiver)) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      if (Object.prototype.hasOwnProperty.call(receiver, fieldName)) {
        const v = receiver[fieldName];
        return v === undefined ? null : v;
      }
      switch (this.opts.missingKey) {
        case 'invalid':
          return undefined;
        case 'zero':
          return null;
        case 'error':
          this.errorf(`map has no entry for key ${quoteGo(fieldName)}`);
      }
    }
    if (kindOf(receiver) === 'struct' && fieldName !== 'constructor' && !(fieldName in Object.prototype)) {
      const obj = receiver as Record<string, unknown>;
      const m = obj[fieldName];
      if (typeof m === 'function' && !Object.prototype.hasOwnProperty.call(obj, fieldName)) {
        const spec: NormalizedFunc = { fn: m.bind(obj) as GoFunc, params: [], variadic: 'any', needsContext: false };
        return this.evalCall(dot, dotIface, spec, false, node, fieldName, args, final);
      }
      if (fieldName in obj) {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return m === undefined ? null : m;
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${staticType(receiver, recvIface)}`);
  }

  evalFunction(
    dot: unknown,
    dotIface: boolean,
    node: IdentifierNode,
    cmd: Node,
    args: ArgNode[],
    final: Final,
  ): unknown {
    this.at(node);
    const name = node.ident;
    const f = this.src.lookupFunc(name);
    if (!f) this.errorf(`${quoteGo(name)} is not a defined function`);
    return this.evalCall(dot, dotIface, f.fn, f.builtin, cmd, name, args, final);
  }

  /**
   * Calls f with the operands args[1..] (as Go does, args[0] is the function or method node
   * itself, and args may also be empty) and then the piped-in value, if any.
   */
  evalCall(
    dot: unknown,
    dotIface: boolean,
    f: NormalizedFunc,
    isBuiltin: boolean,
    node: Node,
    name: string,
    args: ArgNode[],
    final: Final,
  ): unknown {
    const nArgs = args.length > 0 ? args.length - 1 : 0;
    const numIn = nArgs + (final !== MISSING ? 1 : 0);
    const numFixed = f.variadic !== null ? f.params.length : nArgs;
    if (f.variadic !== null) {
      if (numIn < numFixed) {
        this.errorf(`wrong number of args for ${name}: want at least ${f.params.length} got ${nArgs}`);
      }
    } else if (numIn !== f.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${f.params.length} got ${numIn}`);
    }
    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: unknown;
      const wantTrue = name === 'or';
      for (let j = 1; j <= nArgs; j++) {
        v = this.evalArg(dot, dotIface, 'value', args[j]);
        if (isTrue(v === null ? undefined : v) === wantTrue) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }
    // The context (for functions that take one), then the arguments, then the piped value.
    const argv: unknown[] = new Array((f.needsContext ? 1 : 0) + numIn);
    let k = 0;
    if (f.needsContext) argv[k++] = this.context();
    let i = 0;
    for (; i < numFixed && i < nArgs; i++) argv[k++] = this.evalArg(dot, dotIface, f.params[i], args[i + 1]);
    if (f.variadic !== null) {
      for (; i < nArgs; i++) argv[k++] = this.evalArg(dot, dotIface, f.variadic, args[i + 1]);
    }
    if (final !== MISSING) {
      let t: ParamType;
      if (f.variadic !== null) t = numIn - 1 < numFixed ? f.params[numIn - 1] : f.variadic;
      else t = f.params[f.params.length - 1];
      argv[k++] = this.validateType(final, t);
    }
    let fn = f.fn;
    if (isBuiltin && name === 'call') {
      const calleeName = nArgs > 0 ? nodeString(args[1]) : formatValue(final);
      fn = (target: unknown, ...rest: unknown[]) => callFunc(calleeName, target, rest);
    }
    let result: unknown;
    try {
      result = fn.apply(undefined, argv);
    } catch (e) {
      if (isStackOverflow(e) || e instanceof OutputLimitError) throw e;
      this.at(node);
      const msg = e instanceof Error ? e.message : String(e);
      this.errorf(`error calling ${name}: ${msg}`);
    }
    if (result === undefined && !isBuiltin) return null;
    return result;
  }

  context(): ExecContext {
    if (this.ctx) return this.ctx;
    const src = this.src;
    return (this.ctx = {
      set: src.asSet,
      templateName: this.tmplName,
      depth: this.depth,
      executeTemplate: (name: string, data: unknown) => src.executeTemplate(name, data),
      hasTemplate: (name: string) => src.lookupTree(name) !== undefined,
    });
  }

  validateType(value: unknown, typ: ParamType | null): unknown {
    if (value === undefined) {
      if (typ === null || typ === 'value') return undefined;
      if (typ === 'any' || typ === 'map' || typ === 'slice') return null;
      this.errorf(`invalid value; expected ${paramTypeName(typ)}`);
    }
    if (typ === null || typ === 'any' || typ === 'value') return value;
    if (value !== null) {
      switch (typ) {
        case 'string':
          if (typeof value === 'string') return value;
          break;
        case 'bool':
          if (typeof value === 'boolean') return value;
          break;
        case 'int':
        case 'int64':
          if (kindOf(value) === 'int') return value;
          break;
        case 'float64':
          if (kindOf(value) === 'float') return value;
          break;
        case 'map':
          if (isPlainObject(value)) return value;
          break;
        case 'slice':
          if (Array.isArray(value)) return value;
          break;
      }
    }
    this.errorf(
      `wrong type for value; expected ${paramTypeName(typ)}; got ${value === null ? 'interface {}' : typeName(value)}`,
    );
  }

  evalArg(dot: unknown, dotIface: boolean, typ: ParamType | null, n: ArgNode): unknown {
    this.at(n);
    switch (n.kind) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === 'value') return undefined;
        if (typ === 'any' || typ === 'map' || typ === 'slice') return null;
        this.errorf(`cannot assign nil to ${typ === null ? '<nil>' : paramTypeName(typ)}`);
      // falls through (errorf never returns)
      case 'field':
        return this.validateType(this.evalFieldNode(dot, dotIface, n, NO_ARGS, MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, dotIface, n, NO_ARGS, MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, dotIface, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, dotIface, n, n, NO_ARGS, MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, dotIface, n, NO_ARGS, MISSING), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.kind === 'bool') return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
      // falls through (errorf never returns)
      case 'float64':
        if (n.kind === 'number' && n.isFloat) return new GoFloat(n.float64);
        this.errorf(`expected float; found ${nodeString(n)}`);
      // falls through (errorf never returns)
      case 'int':
      case 'int64':
        if (n.kind === 'number' && n.isInt) {
          const v = n.int64;
          return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
        }
        this.errorf(`expected integer; found ${nodeString(n)}`);
      // falls through (errorf never returns)
      case 'string':
        if (n.kind === 'string') return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
      // falls through (errorf never returns)
      case 'any':
      case 'value':
      case null:
        return this.evalEmptyInterface(n);
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${paramTypeName(typ)}`);
  }

  evalEmptyInterface(n: ArgNode): unknown {
    this.at(n);
    switch (n.kind) {
      case 'bool':
        return n.value;
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return n.text;
    }
    this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }
}

/** The static type of a field receiver, as error messages name it. */
function staticType(receiver: unknown, iface: boolean): string {
  return iface ? 'interface {}' : typeName(receiver);
}

/** Go's `call` builtin. */
function callFunc(name: string, target: unknown, args: unknown[]): unknown {
  const fn = target === null ? undefined : target;
  if (fn === undefined) throw new Error('call of nil');
  if (typeof fn !== 'function') throw new Error(`non-function ${name} of type ${typeName(fn)}`);
  const r = (fn as GoFunc)(...args.map((a) => (a === undefined ? null : a)));
  return r === undefined ? null : r;
}

/** Execute `tree` as template `name` with `data` as dot and `$`. */
export function executeTree(
  src: TemplateSource,
  opts: ExecOptions,
  name: string,
  tree: Tree,
  data: unknown,
  depth = 0,
): string {
  const dot = data === null ? undefined : data;
  const out = new Output(opts.maxOutputLength);
  const st = new State(src, opts, name, tree, out, depth, dot);
  try {
    st.walkList(dot, false, tree.root);
  } catch (e) {
    if (isStackOverflow(e)) {
      throw new TemplateExecError(name, `template: ${name}: exceeded maximum template depth (${opts.maxExecDepth})`);
    }
    throw e;
  }
  return out.s;
}

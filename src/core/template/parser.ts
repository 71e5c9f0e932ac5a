/**
 * Parser for Go text/template, following the grammar and error messages of Go's
 * text/template/parse package. `parseTemplates` returns every tree defined by a text:
 * the top-level one (named `name`) and each {{define}}/{{block}}.
 */
import {
  type ArgNode,
  type ChainNode,
  type CommandNode,
  type ElseNode,
  type EndNode,
  type IfNode,
  type ListNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type Tree,
  type VariableNode,
  type WithNode,
  isEmptyTree,
  nodeString,
} from './ast.js';
import { TemplateParseError } from './errors.js';
import { type Item, Lexer, T, itemString } from './lexer.js';
import { parseGoFloat, parseGoInt, unquote, unquoteCharAt } from './literals.js';
import { quoteGo } from './strconv.js';

// ---------------------------------------------------------------------------
// Parser

/** A decimal integer literal without sign or leading zero, small enough to be exact as a double. */
function isSmallDecimal(text: string): boolean {
  if (text.length > 15 || (text.length > 1 && text.charCodeAt(0) === 48)) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return text.length > 0;
}

/**
 * An exact-size copy of an array built by push (which leaves room to grow): parse trees live as
 * long as their template set, and the spare room would be a third of their memory.
 */
function trimmed<T>(a: T[]): T[] {
  return a.slice();
}

interface TreeState {
  tree: Tree;
  vars: string[];
  rangeDepth: number;
}

export type HasFunction = (name: string) => boolean;

class Parser {
  private readonly lx: Lexer;
  /** Index of the next item to read; the last item (EOF or an error's EOF) is read forever. */
  private idx = 0;
  private readonly token: Item[] = [];
  private peekCount = 0;
  private st!: TreeState;

  constructor(
    private readonly parseName: string,
    private readonly text: string,
    private readonly hasFunction: HasFunction,
    private readonly treeSet: Map<string, Tree>,
  ) {
    this.lx = new Lexer(text, { breakOK: !hasFunction('break'), continueOK: !hasFunction('continue') });
  }

  // --- token stream (Go's 3-token lookahead buffer)
  private lexNext(): Item {
    const lx = this.lx;
    const i = this.idx;
    if (i >= lx.count) lx.more();
    if (lx.typ[i] !== T.EOF) this.idx = i + 1;
    return i;
  }
  private next(): Item {
    if (this.peekCount > 0) return this.token[--this.peekCount];
    return (this.token[0] = this.lexNext());
  }
  private backup(): void {
    this.peekCount++;
  }
  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }
  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }
  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.lexNext();
    return this.token[0];
  }
  private nextNonSpace(): Item {
    let t = this.next();
    while (this.lx.typ[t] === T.Space) t = this.next();
    return t;
  }
  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // --- errors
  private errorf(msg: string): never {
    const t0 = this.token[0];
    const line = t0 !== undefined ? this.lx.lineOf(t0) : 1;
    throw new TemplateParseError(`template: ${this.parseName}:${line}: ${msg}`);
  }
  private expect(typ: T, context: string): Item {
    const t = this.nextNonSpace();
    if (this.lx.typ[t] !== typ) this.unexpected(t, context);
    return t;
  }
  private unexpected(t: Item, context: string): never {
    if (this.lx.typ[t] === T.Error) this.errorf(this.lx.val(t));
    this.errorf(`unexpected ${itemString(this.lx, t)} in ${context}`);
  }

  // --- trees
  private newTree(name: string): TreeState {
    const tree: Tree = {
      name,
      parseName: this.parseName,
      text: this.text,
      root: null as unknown as ListNode,
    };
    return { tree, vars: ['$'], rangeDepth: 0 };
  }

  private add(tree: Tree): void {
    const existing = this.treeSet.get(tree.name);
    if (!existing || isEmptyTree(existing.root)) {
      this.treeSet.set(tree.name, tree);
      return;
    }
    if (!isEmptyTree(tree.root)) {
      this.errorf(`template: multiple definition of template ${quoteGo(tree.name)}`);
    }
  }

  parseTop(name: string): void {
    this.st = this.newTree(name);
    const pos = this.lx.start[this.peek()];
    const nodes: Node[] = [];
    while (this.lx.typ[this.peek()] !== T.EOF) {
      if (this.lx.typ[this.peek()] === T.LeftDelim) {
        const delim = this.next();
        if (this.lx.typ[this.nextNonSpace()] === T.Define) {
          const saved = this.st;
          this.st = this.newTree('definition');
          this.parseDefinition();
          this.st = saved;
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      nodes.push(n);
    }
    this.st.tree.root = { kind: 'list', pos, nodes: trimmed(nodes) };
    this.add(this.st.tree);
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const nameTok = this.nextNonSpace();
    if (this.lx.typ[nameTok] !== T.String && this.lx.typ[nameTok] !== T.RawString) this.unexpected(nameTok, context);
    this.st.tree.name = this.unquoteOrFail(this.lx.val(nameTok));
    this.expect(T.RightDelim, context);
    const [list, end] = this.itemList();
    this.st.tree.root = list;
    if (end.kind !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.add(this.st.tree);
  }

  private unquoteOrFail(lit: string): string {
    try {
      return unquote(lit);
    } catch {
      this.errorf('invalid syntax');
    }
  }

  private itemList(): [ListNode, EndNode | ElseNode] {
    const pos = this.lx.start[this.peekNonSpace()];
    const nodes: Node[] = [];
    while (this.lx.typ[this.peekNonSpace()] !== T.EOF) {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return [{ kind: 'list', pos, nodes: trimmed(nodes) }, n];
      nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (this.lx.typ[token]) {
      case T.Text:
        return { kind: 'text', pos: this.lx.start[token], text: this.lx.val(token) };
      case T.LeftDelim:
        return this.action();
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (this.lx.typ[token]) {
      case T.Block:
        return this.blockControl();
      case T.Break:
        return this.breakControl(token, 'break');
      case T.Continue:
        return this.breakControl(token, 'continue');
      case T.Else:
        return this.elseControl();
      case T.End:
        return this.endControl();
      case T.If:
        return this.branchControl('if');
      case T.Range:
        return this.branchControl('range');
      case T.Template:
        return this.templateControl();
      case T.With:
        return this.branchControl('with');
    }
    this.backup();
    const t = this.peek();
    const line = this.lx.lineOf(t);
    return { kind: 'action', pos: this.lx.start[t], line, pipe: this.pipeline('command', T.RightDelim) };
  }

  private breakControl(tok: Item, word: 'break' | 'continue'): Node {
    const line = this.lx.lineOf(tok);
    const token = this.nextNonSpace();
    if (this.lx.typ[token] !== T.RightDelim) this.unexpected(token, `{{${word}}}`);
    if (this.st.rangeDepth === 0) this.errorf(`{{${word}}} outside {{range}}`);
    return { kind: word, pos: this.lx.start[tok], line };
  }

  private pipeline(context: string, end: T): PipeNode {
    const start = this.peekNonSpace();
    const line = this.lx.lineOf(start);
    let isAssign = false;
    const decl: VariableNode[] = [];
    const cmds: CommandNode[] = [];
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (this.lx.typ[v] !== T.Variable) break;
      this.next();
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (this.lx.typ[next] === T.Assign || this.lx.typ[next] === T.Declare) {
        isAssign = this.lx.typ[next] === T.Assign;
        this.nextNonSpace();
        decl.push(this.newVariable(this.lx.start[v], this.lx.val(v)));
        this.st.vars.push(this.lx.val(v));
      } else if (this.lx.typ[next] === T.Char && this.lx.val(next) === ',') {
        this.nextNonSpace();
        decl.push(this.newVariable(this.lx.start[v], this.lx.val(v)));
        this.st.vars.push(this.lx.val(v));
        if (context === 'range' && decl.length < 2) {
          const p = this.lx.typ[this.peekNonSpace()];
          if (p === T.Variable || p === T.RightDelim || p === T.RightParen) continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (this.lx.typ[tokenAfterVariable] === T.Space) {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      switch (this.lx.typ[token]) {
        case end:
          this.checkPipeline(cmds, context);
          return { kind: 'pipe', pos: this.lx.start[start], line, isAssign, decl: trimmed(decl), cmds: trimmed(cmds) };
        case T.Bool:
        case T.CharConstant:
        case T.Complex:
        case T.Dot:
        case T.Field:
        case T.Identifier:
        case T.Number:
        case T.Nil:
        case T.RawString:
        case T.String:
        case T.Variable:
        case T.LeftParen:
          this.backup();
          cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(cmds: CommandNode[], context: string): void {
    if (cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < cmds.length; i++) {
      const k = cmds[i].args[0].kind;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private branchControl(context: 'if' | 'range' | 'with'): Node {
    const mark = this.st.vars.length;
    const pipe = this.pipeline(context, T.RightDelim);
    if (context === 'range') this.st.rangeDepth++;
    let [list, next] = this.itemList();
    if (context === 'range') this.st.rangeDepth--;
    let elseList: ListNode | null = null;
    if (next.kind === 'else') {
      const p = this.lx.typ[this.peek()];
      if ((context === 'if' && p === T.If) || (context === 'with' && p === T.With)) {
        this.next();
        elseList = { kind: 'list', pos: next.pos, nodes: [this.branchControl(context) as IfNode | WithNode] };
      } else {
        [elseList, next] = this.itemList();
        if (next.kind !== 'end') this.errorf(`expected end; found ${nodeString(next)}`);
      }
    }
    this.st.vars.length = mark;
    return { kind: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
  }

  private endControl(): Node {
    const t = this.expect(T.RightDelim, 'end');
    return { kind: 'end', pos: this.lx.start[t] };
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (this.lx.typ[peek] === T.If || this.lx.typ[peek] === T.With) {
      return { kind: 'else', pos: this.lx.start[peek], line: this.lx.lineOf(peek) };
    }
    const t = this.expect(T.RightDelim, 'else');
    return { kind: 'else', pos: this.lx.start[t], line: this.lx.lineOf(t) };
  }

  private parseTemplateName(token: Item, context: string): string {
    if (this.lx.typ[token] === T.String || this.lx.typ[token] === T.RawString) return this.unquoteOrFail(this.lx.val(token));
    this.unexpected(token, context);
  }

  private templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const line = this.lx.lineOf(token);
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.lx.typ[this.nextNonSpace()] !== T.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, T.RightDelim);
    }
    return { kind: 'template', pos: this.lx.start[token], line, name, pipe };
  }

  private blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const line = this.lx.lineOf(token);
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, T.RightDelim);
    const outer = this.st;
    this.st = this.newTree(name);
    const [list, end] = this.itemList();
    this.st.tree.root = list;
    if (end.kind !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.add(this.st.tree);
    this.st = outer;
    return { kind: 'template', pos: this.lx.start[token], line, name, pipe };
  }

  private command(): CommandNode {
    const pos = this.lx.start[this.peekNonSpace()];
    const args: ArgNode[] = [];
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) args.push(operand);
      const token = this.next();
      switch (this.lx.typ[token]) {
        case T.Space:
          continue;
        case T.Error:
          this.errorf(this.lx.val(token));
        // falls through (errorf never returns)
        case T.RightDelim:
        case T.RightParen:
          this.backup();
          break;
        case T.Pipe:
          break;
        default:
          this.errorf(`unexpected ${itemString(this.lx, token)} in operand`);
      }
      break;
    }
    if (args.length === 0) this.errorf('empty command');
    return { kind: 'command', pos, args: trimmed(args) };
  }

  private operand(): ArgNode | null {
    let node = this.term();
    if (!node) return null;
    if (this.lx.typ[this.peek()] === T.Field) {
      const pos = this.lx.start[this.peek()];
      const field: string[] = [];
      while (this.lx.typ[this.peek()] === T.Field) field.push(this.lx.val(this.next()).slice(1));
      const chain: ChainNode = { kind: 'chain', pos, node, field: trimmed(field) };
      switch (node.kind) {
        case 'field':
          node = { kind: 'field', pos: chain.pos, ident: [...node.ident, ...chain.field] };
          break;
        case 'variable':
          node = { kind: 'variable', pos: chain.pos, ident: [...node.ident, ...chain.field] };
          break;
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.errorf(`unexpected . after term ${quoteGo(nodeString(node))}`);
        // falls through (errorf never returns)
        default:
          node = chain;
      }
    }
    return node;
  }

  private newVariable(pos: number, val: string): VariableNode {
    return { kind: 'variable', pos, ident: val.split('.') };
  }

  private term(): ArgNode | null {
    const token = this.nextNonSpace();
    switch (this.lx.typ[token]) {
      case T.Error:
        this.errorf(this.lx.val(token));
      // falls through (errorf never returns)
      case T.Identifier:
      {
        const ident = this.lx.val(token);
        if (!this.hasFunction(ident)) this.errorf(`function ${quoteGo(ident)} not defined`);
        return { kind: 'identifier', pos: this.lx.start[token], ident };
      }
      case T.Dot:
        return { kind: 'dot', pos: this.lx.start[token] };
      case T.Nil:
        return { kind: 'nil', pos: this.lx.start[token] };
      case T.Variable: {
        const v = this.newVariable(this.lx.start[token], this.lx.val(token));
        if (!this.st.vars.includes(v.ident[0])) this.errorf(`undefined variable ${quoteGo(v.ident[0])}`);
        return v;
      }
      case T.Field:
        return { kind: 'field', pos: this.lx.start[token], ident: this.lx.val(token).slice(1).split('.') };
      case T.Bool:
        return { kind: 'bool', pos: this.lx.start[token], value: this.lx.val(token) === 'true' };
      case T.CharConstant:
      case T.Complex:
      case T.Number:
        return this.newNumber(token);
      case T.LeftParen:
        return this.pipeline('parenthesized pipeline', T.RightParen);
      case T.String:
      case T.RawString:
      {
        const quoted = this.lx.val(token);
        return { kind: 'string', pos: this.lx.start[token], quoted, text: this.unquoteOrFail(quoted) };
      }
    }
    this.backup();
    return null;
  }

  private newNumber(token: Item): NumberNode {
    const text = this.lx.val(token);
    const n: NumberNode = {
      kind: 'number',
      pos: this.lx.start[token],
      text,
      isInt: false,
      isUint: false,
      isFloat: false,
      isComplex: false,
      int64: 0n,
      uint64: 0n,
      float64: 0,
      constant: undefined,
    };
    if (this.lx.typ[token] === T.CharConstant) {
      let r: number;
      let next: number;
      try {
        [, r, next] = unquoteCharAt(text, 1, "'");
      } catch {
        this.errorf('invalid syntax');
      }
      if (text.slice(next) !== "'") this.errorf(`malformed character constant: ${text}`);
      n.isInt = n.isUint = n.isFloat = true;
      n.int64 = n.uint64 = BigInt(r);
      n.float64 = r;
      return n;
    }
    if (this.lx.typ[token] === T.Complex || text.endsWith('i')) {
      this.errorf(`complex constants are not supported: ${text}`);
    }
    if (isSmallDecimal(text)) {
      // The common case, exactly as the general path below would read it.
      const v = Number(text);
      n.isInt = n.isUint = n.isFloat = true;
      n.int64 = n.uint64 = BigInt(v);
      n.float64 = v;
      return n;
    }
    const u = parseGoInt(text, false);
    if (u !== null) {
      n.isUint = true;
      n.uint64 = u;
    }
    const i = parseGoInt(text, true);
    if (i !== null) {
      n.isInt = true;
      n.int64 = i;
      if (i === 0n) {
        n.isUint = true;
        n.uint64 = 0n;
      }
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float64 = Number(n.int64);
    } else if (n.isUint) {
      n.isFloat = true;
      n.float64 = Number(n.uint64);
    } else {
      const f = parseGoFloat(text);
      if (f !== null) {
        if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${text}`);
        n.isFloat = true;
        n.float64 = f;
        if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
          n.isInt = true;
          n.int64 = BigInt(f);
          if (f >= 0) {
            n.isUint = true;
            n.uint64 = BigInt(f);
          }
        }
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) this.errorf(`illegal number syntax: ${quoteGo(text)}`);
    return n;
  }
}

/**
 * Parse `text` as template `name`. Returns all trees it defines, keyed by name: the
 * top-level tree plus every {{define}} and {{block}}. Throws TemplateParseError.
 */
export function parseTemplates(name: string, text: string, hasFunction: HasFunction): Map<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const p = new Parser(name, text, hasFunction, treeSet);
  p.parseTop(name);
  return treeSet;
}

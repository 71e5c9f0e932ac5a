/**
 * Parse trees as compact JSON, to keep them across runs (the CLI's template cache,
 * adapters/template-cache.ts): reading a text's trees back is several times cheaper than lexing and
 * parsing it again. Each node is an array that starts with its kind's code; each list (a template's
 * root, the bodies of if, with and range) is a JSON text of its own, referred to by where it is, and
 * is read (JSON.parse) and made into nodes only when something first reads it (EncodedList): a file
 * in a branch its values switch off costs the reading of its template names, a helper library the
 * reading of the helpers a chart calls, a branch that does not run nothing. A text node that is the
 * source's own text keeps only its length.
 *
 * decodeTrees(encodeTrees(t), text) gives trees equal to t node for node (tests check every template
 * of the repository's charts). The encoding is bound to this build by the cache, which keeps entries
 * per build, so it needs no version of its own beyond FORMAT.
 */
import type { ArgNode, CommandNode, ListNode, Node, NumberNode, PipeNode, Tree, VariableNode } from './ast.js';
import { isEmptyTree } from './ast.js';

/** Bumped when the encoding changes. */
const FORMAT = 3;

const enum K {
  Text = 1,
  Comment,
  Action,
  If,
  With,
  Range,
  Template,
  Break,
  Continue,
  Pipe,
  Command,
  Field,
  Variable,
  Chain,
  Identifier,
  Dot,
  Nil,
  Bool,
  String,
  Number,
}

type Enc = unknown[];

/** The trees parsed from one text (a Map of template name → tree), as JSON. */
export function encodeTrees(trees: ReadonlyMap<string, Tree>): string {
  // Every list's JSON, one after the other, inner lists before the list that holds them.
  let lists = '';
  let source = '';
  // A list is where its JSON is (offset, length), its position and whether it is not empty (known
  // without reading it).
  const list = (l: ListNode): [number, number, number, number] => {
    const chunk: Enc = [];
    for (const n of l.nodes) chunk.push(node(n));
    const json = JSON.stringify(chunk);
    const at = lists.length;
    lists += json;
    return [at, json.length, l.pos, isEmptyTree(l) ? 0 : 1];
  };
  const pipe = (p: PipeNode): Enc => [K.Pipe, p.pos, p.line, p.isAssign ? 1 : 0, p.decl.map(arg), p.cmds.map(command)];
  const command = (c: CommandNode): Enc => [K.Command, c.pos, c.args.map(arg)];
  const float = (f: number): string => (Object.is(f, -0) ? '-0' : String(f));
  const arg = (a: ArgNode | VariableNode): Enc => {
    switch (a.kind) {
      case 'field':
        return [K.Field, a.pos, a.ident];
      case 'variable':
        return [K.Variable, a.pos, a.ident];
      case 'chain':
        return [K.Chain, a.pos, arg(a.node), a.field];
      case 'identifier':
        return [K.Identifier, a.pos, a.ident];
      case 'dot':
        return [K.Dot, a.pos];
      case 'nil':
        return [K.Nil, a.pos];
      case 'bool':
        return [K.Bool, a.pos, a.value ? 1 : 0];
      case 'string':
        return [K.String, a.pos, a.quoted, a.text];
      case 'number':
        return [K.Number, a.pos, a.text, (a.isInt ? 1 : 0) | (a.isUint ? 2 : 0) | (a.isFloat ? 4 : 0) | (a.isComplex ? 8 : 0), String(a.int64), String(a.uint64), float(a.float64)];
      case 'pipe':
        return pipe(a);
    }
  };
  const node = (n: Node): Enc => {
    switch (n.kind) {
      case 'text':
        // Most text is the source's own, from its position: its length says which.
        return [K.Text, n.pos, source.startsWith(n.text, n.pos) ? n.text.length : n.text];
      case 'comment':
        return [K.Comment, n.pos, n.text];
      case 'action':
        return [K.Action, n.pos, n.line, pipe(n.pipe)];
      case 'if':
      case 'with':
      case 'range':
        return [n.kind === 'if' ? K.If : n.kind === 'with' ? K.With : K.Range, n.pos, n.line, pipe(n.pipe), ...list(n.list), ...(n.elseList ? list(n.elseList) : [-1, 0, 0, 0])];
      case 'template':
        return [K.Template, n.pos, n.line, n.name, n.pipe ? pipe(n.pipe) : 0];
      case 'break':
        return [K.Break, n.pos, n.line];
      case 'continue':
        return [K.Continue, n.pos, n.line];
      default:
        throw new Error(`tree-codec: no encoding for a ${n.kind} node in a list`);
    }
  };
  const heads: Enc[] = [];
  for (const [name, t] of trees) {
    source = t.text;
    heads.push([name, t.parseName, ...list(t.root)]);
  }
  // Three lines (JSON.stringify writes no line break): the format and the length of the last line, the
  // templates, the lists. A list is read (JSON.parse) only when it first runs: a helper library of which
  // a chart uses a few templates, a branch its values switch off, costs the reading of the lists that
  // hold them. The length tells a cut entry at once.
  return `${FORMAT} ${lists.length}\n${JSON.stringify(heads)}\n${lists}`;
}

/** One encoded text: its lists' JSON and the text the trees were parsed from. */
interface Encoded {
  readonly lists: string;
  readonly text: string;
}

/** The trees encodeTrees wrote, for `text` (the text they were parsed from). Throws on anything else. */
export function decodeTrees(encoded: string, text: string): Map<string, Tree> {
  const first = encoded.indexOf('\n');
  const second = first < 0 ? -1 : encoded.indexOf('\n', first + 1);
  if (second < 0 || encoded.slice(0, first) !== `${FORMAT} ${encoded.length - second - 1}`) throw new Error('tree-codec: not an encoding of this format, or cut short');
  const heads = JSON.parse(encoded.slice(first + 1, second)) as Array<[string, string, number, number, number, number]>;
  if (!Array.isArray(heads)) throw new Error('tree-codec: not an encoding of this format');
  const source: Encoded = { lists: encoded.slice(second + 1), text };
  const trees = new Map<string, Tree>();
  for (const [name, parseName, at, length, pos, hasAction] of heads) {
    trees.set(name, { name, parseName, text, root: new EncodedList(source, at, length, pos, hasAction === 1) });
  }
  return trees;
}

/** A list kept encoded until its nodes are first read. */
class EncodedList implements ListNode {
  readonly kind = 'list' as const;
  private decoded: Node[] | undefined;

  constructor(
    private readonly source: Encoded,
    private readonly at: number,
    private readonly length: number,
    readonly pos: number,
    /** The list is not empty (Go's IsEmptyTree), known without reading it. */
    readonly hasAction: boolean,
  ) {}

  get nodes(): Node[] {
    if (this.decoded === undefined) {
      let chunk: unknown;
      try {
        chunk = JSON.parse(this.source.lists.slice(this.at, this.at + this.length));
      } catch {
        chunk = undefined;
      }
      if (!Array.isArray(chunk)) throw new Error('a parse tree kept in the template cache is damaged: remove the cache folder (see TUGBOAT_CACHE_HOME)');
      const nodes = new Array<Node>(chunk.length);
      for (let i = 0; i < chunk.length; i++) nodes[i] = this.node(chunk[i] as Enc);
      this.decoded = nodes;
    }
    return this.decoded;
  }

  private node(e: Enc): Node {
    const pos = e[1] as number;
    switch (e[0] as K) {
      case K.Text:
        return { kind: 'text', pos, text: typeof e[2] === 'number' ? this.source.text.slice(pos, pos + e[2]) : (e[2] as string) };
      case K.Comment:
        return { kind: 'comment', pos, text: e[2] as string };
      case K.Action:
        return { kind: 'action', pos, line: e[2] as number, pipe: pipeOf(e[3] as Enc) };
      case K.If:
      case K.With:
      case K.Range: {
        const kind = e[0] === K.If ? 'if' : e[0] === K.With ? 'with' : 'range';
        const list = new EncodedList(this.source, e[4] as number, e[5] as number, e[6] as number, e[7] === 1);
        const elseList = (e[8] as number) < 0 ? null : new EncodedList(this.source, e[8] as number, e[9] as number, e[10] as number, e[11] === 1);
        return { kind, pos, line: e[2] as number, pipe: pipeOf(e[3] as Enc), list, elseList };
      }
      case K.Template:
        return { kind: 'template', pos, line: e[2] as number, name: e[3] as string, pipe: e[4] === 0 ? null : pipeOf(e[4] as Enc) };
      case K.Break:
        return { kind: 'break', pos, line: e[2] as number };
      case K.Continue:
        return { kind: 'continue', pos, line: e[2] as number };
    }
    throw new Error(`tree-codec: unknown node ${String(e[0])}`);
  }
}

function pipeOf(e: Enc): PipeNode {
  const decl = e[4] as Enc[];
  const cmds = e[5] as Enc[];
  return {
    kind: 'pipe',
    pos: e[1] as number,
    line: e[2] as number,
    isAssign: e[3] === 1,
    decl: decl.map((d) => argOf(d) as VariableNode),
    cmds: cmds.map(commandOf),
  };
}

function commandOf(e: Enc): CommandNode {
  return { kind: 'command', pos: e[1] as number, args: (e[2] as Enc[]).map(argOf) };
}

function argOf(e: Enc): ArgNode {
  const pos = e[1] as number;
  switch (e[0] as K) {
    case K.Field:
      return { kind: 'field', pos, ident: e[2] as string[] };
    case K.Variable:
      return { kind: 'variable', pos, ident: e[2] as string[] };
    case K.Chain:
      return { kind: 'chain', pos, node: argOf(e[2] as Enc), field: e[3] as string[] };
    case K.Identifier:
      return { kind: 'identifier', pos, ident: e[2] as string };
    case K.Dot:
      return { kind: 'dot', pos };
    case K.Nil:
      return { kind: 'nil', pos };
    case K.Bool:
      return { kind: 'bool', pos, value: e[2] === 1 };
    case K.String:
      return { kind: 'string', pos, quoted: e[2] as string, text: e[3] as string };
    case K.Number: {
      const flags = e[3] as number;
      const n: NumberNode = {
        kind: 'number',
        pos,
        text: e[2] as string,
        isInt: (flags & 1) !== 0,
        isUint: (flags & 2) !== 0,
        isFloat: (flags & 4) !== 0,
        isComplex: (flags & 8) !== 0,
        int64: BigInt(e[4] as string),
        uint64: BigInt(e[5] as string),
        float64: Number(e[6] as string),
        constant: undefined,
      };
      return n;
    }
    case K.Pipe:
      return pipeOf(e);
  }
  throw new Error(`tree-codec: unknown argument ${String(e[0])}`);
}

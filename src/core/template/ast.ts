import { quoteGo } from './strconv.js';

/**
 * Parse tree nodes of a template, mirroring Go's text/template/parse node set, and their
 * String() forms (used verbatim in execution error messages: `at <NODE>`).
 */

/** The parse of one named template (Go's parse.Tree). */
export interface Tree {
  /** Name of the template (the define name, or the file name). */
  name: string;
  /** Name of the top-level template being parsed, for error locations. */
  parseName: string;
  /** Full text parsed (positions index into it). */
  text: string;
  root: ListNode;
}

interface Base {
  pos: number;
}

export interface ListNode extends Base {
  kind: 'list';
  nodes: Node[];
  /** Set on a list read back from the template cache (tree-codec.ts, EncodedList) that is not empty. */
  readonly hasAction?: boolean;
}
export interface TextNode extends Base {
  kind: 'text';
  text: string;
}
export interface CommentNode extends Base {
  kind: 'comment';
  text: string;
}
export interface ActionNode extends Base {
  kind: 'action';
  line: number;
  pipe: PipeNode;
}
export interface BranchNode extends Base {
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
export interface IfNode extends BranchNode {
  kind: 'if';
}
export interface WithNode extends BranchNode {
  kind: 'with';
}
export interface RangeNode extends BranchNode {
  kind: 'range';
}
export interface TemplateNode extends Base {
  kind: 'template';
  line: number;
  name: string;
  pipe: PipeNode | null;
}
export interface BreakNode extends Base {
  kind: 'break';
  line: number;
}
export interface ContinueNode extends Base {
  kind: 'continue';
  line: number;
}
/** Internal markers returned by the parser for {{end}} and {{else}}. */
export interface EndNode extends Base {
  kind: 'end';
}
export interface ElseNode extends Base {
  kind: 'else';
  line: number;
}

export interface PipeNode extends Base {
  kind: 'pipe';
  line: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode extends Base {
  kind: 'command';
  args: ArgNode[];
}
export interface FieldNode extends Base {
  kind: 'field';
  ident: string[];
}
export interface VariableNode extends Base {
  kind: 'variable';
  ident: string[];
}
export interface ChainNode extends Base {
  kind: 'chain';
  node: ArgNode;
  field: string[];
}
export interface IdentifierNode extends Base {
  kind: 'identifier';
  ident: string;
}
export interface DotNode extends Base {
  kind: 'dot';
}
export interface NilNode extends Base {
  kind: 'nil';
}
export interface BoolNode extends Base {
  kind: 'bool';
  value: boolean;
}
export interface StringNode extends Base {
  kind: 'string';
  quoted: string;
  text: string;
}
export interface NumberNode extends Base {
  kind: 'number';
  text: string;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
  /** Cached value as an untyped constant (executor use). */
  constant?: unknown;
}

export type ArgNode =
  | FieldNode
  | VariableNode
  | ChainNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | StringNode
  | NumberNode
  | PipeNode;

export type Node =
  | ListNode
  | TextNode
  | CommentNode
  | ActionNode
  | IfNode
  | WithNode
  | RangeNode
  | TemplateNode
  | BreakNode
  | ContinueNode
  | EndNode
  | ElseNode
  | CommandNode
  | ArgNode;

function branchString(name: string, n: BranchNode): string {
  let s = `{{${name} ${nodeString(n.pipe)}}}${nodeString(n.list)}`;
  if (n.elseList) s += `{{else}}${nodeString(n.elseList)}`;
  return s + '{{end}}';
}

/** Go's Node.String() for every node kind. */
export function nodeString(n: Node): string {
  switch (n.kind) {
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'text':
      return n.text;
    case 'comment':
      return `{{${n.text}}}`;
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'if':
      return branchString('if', n);
    case 'with':
      return branchString('with', n);
    case 'range':
      return branchString('range', n);
    case 'template':
      return n.pipe
        ? `{{template ${quoteGo(n.name)} ${nodeString(n.pipe)}}}`
        : `{{template ${quoteGo(n.name)}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'end':
      return '{{end}}';
    case 'else':
      return '{{else}}';
    case 'pipe': {
      let s = '';
      if (n.decl.length > 0) {
        s = n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ');
      }
      return s + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'field':
      return '.' + n.ident.join('.');
    case 'variable':
      return n.ident.join('.');
    case 'chain': {
      const inner = n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return inner + '.' + n.field.join('.');
    }
    case 'identifier':
      return n.ident;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'string':
      return n.quoted;
    case 'number':
      return n.text;
  }
}

/** Go's IsEmptyTree: only whitespace text (and comments). */
export function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  switch (n.kind) {
    case 'list':
      return n.hasAction !== true && n.nodes.every(isEmptyTree);
    case 'text':
      return n.text.trim() === '';
    case 'comment':
      return true;
    default:
      return false;
  }
}

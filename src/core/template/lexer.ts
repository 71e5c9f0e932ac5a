/**
 * Lexer for Go text/template syntax, following the states of Go's text/template/parse lexer
 * (trim markers, comments, quoted/raw strings, chars, numbers, fields, variables, keywords).
 * Tokens are lexed as the parser asks for them (`more`); a lexing error becomes an `Error` item followed by EOF.
 */

export const enum T {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  Complex,
  // keywords (all > Keyword)
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

/**
 * A token is an index into the lexer's parallel arrays (type, start, end): no object and no
 * substring per token; the parser reads a token's text only when it needs it.
 */
export type Item = number;

const keywords: Record<string, T> = Object.assign(Object.create(null) as Record<string, T>, {
  '.': T.Dot,
  block: T.Block,
  break: T.Break,
  continue: T.Continue,
  define: T.Define,
  else: T.Else,
  end: T.End,
  if: T.If,
  range: T.Range,
  nil: T.Nil,
  template: T.Template,
  with: T.With,
});

/** Go's fmt `%.10q...`-style rendering of a token for error messages. */
export function itemString(lex: Lexer, i: Item): string {
  const typ = lex.typ[i];
  const val = lex.val(i);
  if (typ === T.EOF) return 'EOF';
  if (typ === T.Error) return val;
  if (typ > T.Keyword) return `<${val}>`;
  const runes = Array.from(val);
  if (runes.length > 10) return quoteShort(runes.slice(0, 10).join('')) + '...';
  return quoteShort(val);
}

function quoteShort(s: string): string {
  // Minimal strconv.Quote for token text (printable ASCII mostly).
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

// Character codes used by the scanner.
const C_TAB = 9;
const C_NL = 10;
const C_CR = 13;
const C_SPACE = 32;
const C_DQUOTE = 34;
const C_DOLLAR = 36;
const C_SQUOTE = 39;
const C_LPAREN = 40;
const C_RPAREN = 41;
const C_STAR = 42;
const C_PLUS = 43;
const C_COMMA = 44;
const C_MINUS = 45;
const C_DOT = 46;
const C_SLASH = 47;
const C_0 = 48;
const C_9 = 57;
const C_COLON = 58;
const C_EQUALS = 61;
const C_BACKSLASH = 92;
const C_UNDERSCORE = 95;
const C_BACKQUOTE = 96;
const C_PIPE = 124;
const C_RBRACE = 125;

/** Go's isSpace on a UTF-16 code unit (NaN past the end is not a space). */
function isSpace(c: number): boolean {
  return c === C_SPACE || c === C_TAB || c === C_NL || c === C_CR;
}

function isAsciiAlphaNumeric(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= C_0 && c <= C_9) || c === C_UNDERSCORE;
}

const alnumRe = /^[\p{L}\p{Nd}_]$/u;
/** Go's isAlphaNumeric on a rune given as a string ('' at EOF). */
function isAlphaNumeric(c: string): boolean {
  if (c === '') return false;
  const code = c.charCodeAt(0);
  if (code < 0x80) return isAsciiAlphaNumeric(code);
  return alnumRe.test(c);
}

/** `%#U` formatting of a rune, as Go prints it in lexer errors. */
function formatU(c: string): string {
  const cp = c.codePointAt(0)!;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} '${c}'`;
}

/** Digits accepted by scanNumber for each base (underscores allowed everywhere). */
function isDigitOf(c: number, base: number): boolean {
  if (c === C_UNDERSCORE) return true;
  switch (base) {
    case 10:
      return c >= C_0 && c <= C_9;
    case 16:
      return (c >= C_0 && c <= C_9) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
    case 8:
      return c >= C_0 && c <= 55;
    default:
      return c === C_0 || c === 49;
  }
}

export interface LexOptions {
  breakOK: boolean;
  continueOK: boolean;
}

/** The rune at i as a string ('' past the end), for error messages. */
function runeAt(s: string, i: number): string {
  return i < s.length ? String.fromCodePoint(s.codePointAt(i)!) : '';
}

export class Lexer {
  /** Token types, by token index. */
  readonly typ: T[] = [];
  /** Token start offsets (UTF-16), by token index. */
  readonly start: number[] = [];
  /** Token end offsets, by token index. */
  private readonly end: number[] = [];
  /** The message of the Error token (at most one, followed by EOF). */
  private errorMsg = '';
  readonly input: string;
  private readonly options: LexOptions;
  private pos = 0;
  private tokStart = 0;
  private parenDepth = 0;
  /** Line counting cursor for `lineAt`: `line` is the line of offset `lineFrom`. */
  private line = 1;
  private lineFrom = 0;

  /** Whether the input is lexed to its end (the last token is EOF). */
  private done = false;

  /** Lexes `input` on demand: `more` adds the tokens of the next text and action. */
  constructor(input: string, options: LexOptions) {
    this.input = input;
    this.options = options;
  }

  /** Lexes on until there is at least one more token, or the input is finished. */
  more(): void {
    const before = this.typ.length;
    while (!this.done && this.typ.length === before) this.chunk();
  }

  /** Number of tokens (the last one is EOF). */
  get count(): number {
    return this.typ.length;
  }

  /** A token's text (the message for an Error token). */
  val(i: Item): string {
    if (this.typ[i] === T.Error) return this.errorMsg;
    return this.input.slice(this.start[i], this.end[i]);
  }

  /** 1-based line of a token's start. */
  lineOf(i: Item): number {
    return this.lineAt(this.start[i]);
  }

  /** 1-based line of a UTF-16 offset (counted on from the last offset asked for when it is not before it). */
  lineAt(pos: number): number {
    const s = this.input;
    let line = this.line;
    if (pos < this.lineFrom) {
      // Back from the cursor: count the newlines in between.
      let nl = s.lastIndexOf('\n', this.lineFrom - 1);
      while (nl >= pos) {
        line--;
        nl = nl === 0 ? -1 : s.lastIndexOf('\n', nl - 1);
      }
      this.line = line;
      this.lineFrom = pos;
      return line;
    }
    let nl = s.indexOf('\n', this.lineFrom);
    while (nl >= 0 && nl < pos) {
      line++;
      nl = s.indexOf('\n', nl + 1);
    }
    this.line = line;
    this.lineFrom = pos;
    return line;
  }

  private emit(typ: T): void {
    this.typ.push(typ);
    this.start.push(this.tokStart);
    this.end.push(this.pos);
    this.tokStart = this.pos;
  }

  private error(msg: string): false {
    this.done = true;
    this.errorMsg = msg;
    this.typ.push(T.Error, T.EOF);
    const end = this.input.length;
    this.start.push(this.tokStart, end);
    this.end.push(this.tokStart, end);
    return false;
  }

  /** A left trim marker (`- ` after `{{`) at i. */
  private hasLeftTrimMarker(i: number): boolean {
    return this.input.charCodeAt(i) === C_MINUS && isSpace(this.input.charCodeAt(i + 1));
  }

  /** lexText: the text up to the next action, and the action (or a comment, which yields no token). */
  private chunk(): void {
    const s = this.input;
    const x = s.indexOf('{{', this.pos);
    if (x < 0) {
      this.pos = s.length;
      if (this.pos > this.tokStart) this.emit(T.Text);
      this.emit(T.EOF);
      this.done = true;
      return;
    }
    if (x > this.pos) {
      let trimmed = x;
      if (this.hasLeftTrimMarker(x + 2)) {
        while (trimmed > this.tokStart && isSpace(s.charCodeAt(trimmed - 1))) trimmed--;
      }
      this.pos = trimmed;
      if (this.pos > this.tokStart) this.emit(T.Text);
      this.pos = x;
      this.tokStart = x;
    }
    // lexLeftDelim
    this.pos += 2;
    const afterMarker = this.hasLeftTrimMarker(this.pos) ? 2 : 0;
    const c = this.pos + afterMarker;
    if (s.charCodeAt(c) === C_SLASH && s.charCodeAt(c + 1) === C_STAR) {
      this.pos = c;
      this.tokStart = c;
      this.lexComment();
      return;
    }
    this.emit(T.LeftDelim);
    this.pos += afterMarker;
    this.tokStart = this.pos;
    this.parenDepth = 0;
    this.lexInsideAction();
  }

  /** `}}` at i. */
  private isRightDelim(i: number): boolean {
    return this.input.charCodeAt(i) === C_RBRACE && this.input.charCodeAt(i + 1) === C_RBRACE;
  }

  /** A closing delimiter at pos: 0 if none, 2 for `}}`, 4 for ` -}}` (with a trim marker). */
  private rightDelimAt(pos: number): number {
    const c = this.input.charCodeAt(pos);
    if (c === C_RBRACE) return this.input.charCodeAt(pos + 1) === C_RBRACE ? 2 : 0;
    if (isSpace(c) && this.input.charCodeAt(pos + 1) === C_MINUS && this.isRightDelim(pos + 2)) return 4;
    return 0;
  }

  private skipLeftTrim(): void {
    const s = this.input;
    while (isSpace(s.charCodeAt(this.pos))) this.pos++;
  }

  private lexComment(): boolean {
    this.pos += 2;
    const x = this.input.indexOf('*/', this.pos);
    if (x < 0) return this.error('unclosed comment');
    this.pos = x + 2;
    const delim = this.rightDelimAt(this.pos);
    if (delim === 0) return this.error('comment ends before closing delimiter');
    this.pos += delim;
    if (delim === 4) this.skipLeftTrim();
    this.tokStart = this.pos;
    return true;
  }

  private lexRightDelim(trimSpace: boolean): void {
    if (trimSpace) {
      this.pos += 2;
      this.tokStart = this.pos;
    }
    this.pos += 2;
    this.emit(T.RightDelim);
    if (trimSpace) {
      this.skipLeftTrim();
      this.tokStart = this.pos;
    }
  }

  /** Returns false on error; true when the action is closed. */
  private lexInsideAction(): boolean {
    const s = this.input;
    const n = s.length;
    for (;;) {
      const p = this.pos;
      const delim = this.rightDelimAt(p);
      if (delim !== 0) {
        if (this.parenDepth !== 0) return this.error('unclosed left paren');
        this.lexRightDelim(delim === 4);
        return true;
      }
      if (p >= n) return this.error('unclosed action');
      const c = s.charCodeAt(p);
      if (isSpace(c)) {
        // lexSpace
        let q = p + 1;
        while (isSpace(s.charCodeAt(q))) q++;
        // A trim-marked closing delimiter: the last space belongs to it.
        if (s.charCodeAt(q) === C_MINUS && this.isRightDelim(q + 1)) {
          q--;
          if (q === p) {
            this.pos = q;
            this.lexRightDelim(true);
            return true;
          }
        }
        this.pos = q;
        this.emit(T.Space);
        continue;
      }
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === C_UNDERSCORE) {
        if (!this.lexIdentifier()) return false;
        continue;
      }
      this.pos = p + 1;
      switch (c) {
        case C_EQUALS:
          this.emit(T.Assign);
          continue;
        case C_COLON:
          if (s.charCodeAt(p + 1) !== C_EQUALS) {
            if (p + 1 < n) this.pos = p + 2;
            return this.error('expected :=');
          }
          this.pos = p + 2;
          this.emit(T.Declare);
          continue;
        case C_PIPE:
          this.emit(T.Pipe);
          continue;
        case C_DQUOTE:
          if (!this.lexQuote(C_DQUOTE, 'unterminated quoted string', T.String)) return false;
          continue;
        case C_BACKQUOTE:
          if (!this.lexRawQuote()) return false;
          continue;
        case C_DOLLAR:
          if (!this.lexFieldOrVariable(T.Variable)) return false;
          continue;
        case C_SQUOTE:
          if (!this.lexQuote(C_SQUOTE, 'unterminated character constant', T.CharConstant)) return false;
          continue;
        case C_LPAREN:
          this.parenDepth++;
          this.emit(T.LeftParen);
          continue;
        case C_RPAREN:
          this.parenDepth--;
          if (this.parenDepth < 0) return this.error('unexpected right paren');
          this.emit(T.RightParen);
          continue;
      }
      const next = s.charCodeAt(p + 1);
      if (c === C_DOT && !(next >= C_0 && next <= C_9)) {
        if (!this.lexFieldOrVariable(T.Field)) return false;
        continue;
      }
      if (c === C_DOT || c === C_PLUS || c === C_MINUS || (c >= C_0 && c <= C_9)) {
        this.pos = p;
        if (!this.lexNumber()) return false;
        continue;
      }
      if (c < 0x80) {
        if (c >= 0x20 && c !== 0x7f) {
          this.emit(T.Char);
          continue;
        }
        return this.error(`unrecognized character in action: ${formatU(String.fromCharCode(c))}`);
      }
      const ch = runeAt(s, p);
      if (isAlphaNumeric(ch)) {
        this.pos = p;
        if (!this.lexIdentifier()) return false;
        continue;
      }
      this.pos = p + ch.length;
      return this.error(`unrecognized character in action: ${formatU(ch)}`);
    }
  }

  private atTerminator(): boolean {
    const c = this.input.charCodeAt(this.pos);
    switch (c) {
      case C_SPACE:
      case C_TAB:
      case C_NL:
      case C_CR:
      case C_DOT:
      case C_COMMA:
      case C_PIPE:
      case C_COLON:
      case C_RPAREN:
      case C_LPAREN:
        return true;
    }
    return Number.isNaN(c) || this.isRightDelim(this.pos);
  }

  /** Advances over alphanumeric runes, stopping at the first other one (or the end). */
  private scanAlphaNumerics(): void {
    const s = this.input;
    let p = this.pos;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c < 0x80) {
        if (!isAsciiAlphaNumeric(c)) break;
        p++;
      } else {
        const r = runeAt(s, p);
        if (!isAlphaNumeric(r)) break;
        p += r.length;
      }
    }
    this.pos = p;
  }

  private lexIdentifier(): boolean {
    this.scanAlphaNumerics();
    if (!this.atTerminator()) return this.error(`bad character ${formatU(runeAt(this.input, this.pos))}`);
    const word = this.input.slice(this.tokStart, this.pos);
    const kw = keywords[word];
    if (kw !== undefined && kw > T.Keyword) {
      if ((kw === T.Break && !this.options.breakOK) || (kw === T.Continue && !this.options.continueOK)) {
        this.emit(T.Identifier);
      } else this.emit(kw);
    } else if (word === 'true' || word === 'false') this.emit(T.Bool);
    else this.emit(T.Identifier);
    return true;
  }

  /** After `.` or `$`: a field or variable name (a lone `.` is Dot, a lone `$` a Variable). */
  private lexFieldOrVariable(typ: T.Field | T.Variable): boolean {
    if (this.atTerminator()) {
      this.emit(typ === T.Variable ? T.Variable : T.Dot);
      return true;
    }
    this.scanAlphaNumerics();
    if (!this.atTerminator()) return this.error(`bad character ${formatU(runeAt(this.input, this.pos))}`);
    this.emit(typ);
    return true;
  }

  /** A "..." string or '...' char constant; the opening quote is consumed. */
  private lexQuote(quote: number, unterminated: string, typ: T.String | T.CharConstant): boolean {
    const s = this.input;
    let p = this.pos;
    for (;;) {
      const c = s.charCodeAt(p++);
      if (c === quote) break;
      if (c === C_BACKSLASH) {
        const r = s.charCodeAt(p++);
        if (!Number.isNaN(r) && r !== C_NL) continue;
      } else if (!Number.isNaN(c) && c !== C_NL) continue;
      this.pos = Math.min(p, s.length);
      return this.error(unterminated);
    }
    this.pos = p;
    this.emit(typ);
    return true;
  }

  private lexRawQuote(): boolean {
    const x = this.input.indexOf('`', this.pos);
    if (x < 0) {
      this.pos = this.input.length;
      return this.error('unterminated raw quoted string');
    }
    this.pos = x + 1;
    this.emit(T.RawString);
    return true;
  }

  /** Consumes the char at pos when it is `a` or `b` (pass the same code twice for one). */
  private accept(a: number, b: number): boolean {
    const c = this.input.charCodeAt(this.pos);
    if (c === a || c === b) {
      this.pos++;
      return true;
    }
    return false;
  }

  private acceptDigits(base: number): void {
    while (isDigitOf(this.input.charCodeAt(this.pos), base)) this.pos++;
  }

  private scanNumber(): boolean {
    this.accept(C_PLUS, C_MINUS);
    let base = 10;
    if (this.accept(C_0, C_0)) {
      if (this.accept(120, 88)) base = 16; // xX
      else if (this.accept(111, 79)) base = 8; // oO
      else if (this.accept(98, 66)) base = 2; // bB
    }
    this.acceptDigits(base);
    if (this.accept(C_DOT, C_DOT)) this.acceptDigits(base);
    if (base === 10 && this.accept(101, 69)) {
      // eE
      this.accept(C_PLUS, C_MINUS);
      this.acceptDigits(10);
    }
    if (base === 16 && this.accept(112, 80)) {
      // pP
      this.accept(C_PLUS, C_MINUS);
      this.acceptDigits(10);
    }
    this.accept(105, 105); // i
    // The next UTF-16 unit must not be alphanumeric.
    const c = this.input.charCodeAt(this.pos);
    if (c < 0x80 ? isAsciiAlphaNumeric(c) : isAlphaNumeric(String.fromCharCode(c))) {
      this.pos++;
      return false;
    }
    return true;
  }

  private lexNumber(): boolean {
    if (!this.scanNumber()) {
      return this.error(`bad number syntax: ${quoteShort(this.input.slice(this.tokStart, this.pos))}`);
    }
    const sign = this.input.charCodeAt(this.pos);
    if (sign === C_PLUS || sign === C_MINUS) {
      if (!this.scanNumber() || this.input.charCodeAt(this.pos - 1) !== 105) {
        return this.error(`bad number syntax: ${quoteShort(this.input.slice(this.tokStart, this.pos))}`);
      }
      this.emit(T.Complex);
      return true;
    }
    this.emit(T.Number);
    return true;
  }
}

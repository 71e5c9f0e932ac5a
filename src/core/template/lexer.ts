/**
 * Lexer for Go text/template syntax, following the states of Go's text/template/parse lexer
 * (trim markers, comments, quoted/raw strings, chars, numbers, fields, variables, keywords).
 * Produces the whole token list eagerly; a lexing error becomes an `Error` item followed by EOF.
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

export interface Item {
  typ: T;
  pos: number;
  val: string;
  line: number;
}

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
export function itemString(i: Item): string {
  if (i.typ === T.EOF) return 'EOF';
  if (i.typ === T.Error) return i.val;
  if (i.typ > T.Keyword) return `<${i.val}>`;
  const runes = Array.from(i.val);
  if (runes.length > 10) return quoteShort(runes.slice(0, 10).join('')) + '...';
  return quoteShort(i.val);
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

const LEFT = '{{';
const RIGHT = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

const alnumRe = /^[\p{L}\p{Nd}_]$/u;
function isAlphaNumeric(c: string): boolean {
  if (c === '') return false;
  const code = c.charCodeAt(0);
  if (code < 0x80) {
    return (
      c === '_' || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
    );
  }
  return alnumRe.test(c);
}

/** `%#U` formatting of a rune, as Go prints it in lexer errors. */
function formatU(c: string): string {
  const cp = c.codePointAt(0)!;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} '${c}'`;
}

function hasLeftTrimMarker(s: string, i: number): boolean {
  return s.length >= i + 2 && s[i] === '-' && isSpace(s[i + 1]);
}

function hasRightTrimMarkerAt(s: string, i: number): boolean {
  return s.length >= i + 2 && isSpace(s[i]) && s[i + 1] === '-';
}

export interface LexOptions {
  breakOK: boolean;
  continueOK: boolean;
}

export class Lexer {
  readonly items: Item[] = [];
  private pos = 0;
  private start = 0;
  private parenDepth = 0;
  private lineStarts: number[] = [0];

  constructor(
    private readonly input: string,
    private readonly options: LexOptions,
  ) {
    for (let i = 0; i < input.length; i++) if (input.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    this.run();
  }

  /** 1-based line of a byte (UTF-16 unit) offset. */
  lineOf(pos: number): number {
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  private emit(typ: T): void {
    this.items.push({
      typ,
      pos: this.start,
      val: this.input.slice(this.start, this.pos),
      line: this.lineOf(this.start),
    });
    this.start = this.pos;
  }

  private error(msg: string): false {
    this.items.push({ typ: T.Error, pos: this.start, val: msg, line: this.lineOf(this.start) });
    this.items.push({ typ: T.EOF, pos: this.input.length, val: '', line: this.lineOf(this.input.length) });
    return false;
  }

  private run(): void {
    const s = this.input;
    // lexText loop
    for (;;) {
      const x = s.indexOf(LEFT, this.pos);
      if (x < 0) {
        this.pos = s.length;
        if (this.pos > this.start) this.emit(T.Text);
        this.emit(T.EOF);
        return;
      }
      if (x > this.pos) {
        this.pos = x;
        let trim = 0;
        if (hasLeftTrimMarker(s, x + LEFT.length)) {
          let k = x;
          while (k > this.start && isSpace(s[k - 1])) k--;
          trim = x - k;
        }
        this.pos = x - trim;
        if (this.pos > this.start) this.emit(T.Text);
        this.pos = x;
        this.start = x;
      }
      // lexLeftDelim
      this.pos += LEFT.length;
      const trimSpace = hasLeftTrimMarker(s, this.pos);
      const afterMarker = trimSpace ? 2 : 0;
      if (s.startsWith(LEFT_COMMENT, this.pos + afterMarker)) {
        this.pos += afterMarker;
        this.start = this.pos;
        if (!this.lexComment()) return;
        continue;
      }
      this.emit(T.LeftDelim);
      this.pos += afterMarker;
      this.start = this.pos;
      this.parenDepth = 0;
      if (!this.lexInsideAction()) return;
    }
  }

  /** Returns [atDelim, trimSpaces]. */
  private atRightDelim(): [boolean, boolean] {
    const s = this.input;
    if (hasRightTrimMarkerAt(s, this.pos) && s.startsWith(RIGHT, this.pos + 2)) return [true, true];
    if (s.startsWith(RIGHT, this.pos)) return [true, false];
    return [false, false];
  }

  private skipLeftTrim(): void {
    const s = this.input;
    while (this.pos < s.length && isSpace(s[this.pos])) this.pos++;
  }

  private lexComment(): boolean {
    const s = this.input;
    this.pos += LEFT_COMMENT.length;
    const x = s.indexOf(RIGHT_COMMENT, this.pos);
    if (x < 0) return this.error('unclosed comment');
    this.pos = x + RIGHT_COMMENT.length;
    const [delim, trimSpace] = this.atRightDelim();
    if (!delim) return this.error('comment ends before closing delimiter');
    if (trimSpace) this.pos += 2;
    this.pos += RIGHT.length;
    if (trimSpace) this.skipLeftTrim();
    this.start = this.pos;
    return true;
  }

  private lexRightDelim(): void {
    const [, trimSpace] = this.atRightDelim();
    if (trimSpace) {
      this.pos += 2;
      this.start = this.pos;
    }
    this.pos += RIGHT.length;
    this.emit(T.RightDelim);
    if (trimSpace) {
      this.skipLeftTrim();
      this.start = this.pos;
    }
  }

  private peek(): string {
    return this.pos < this.input.length ? this.input[this.pos] : '';
  }

  /** Returns false on error; true when the action is closed. */
  private lexInsideAction(): boolean {
    const s = this.input;
    for (;;) {
      const [delim] = this.atRightDelim();
      if (delim) {
        if (this.parenDepth === 0) {
          this.lexRightDelim();
          return true;
        }
        return this.error('unclosed left paren');
      }
      if (this.pos >= s.length) return this.error('unclosed action');
      const c = s[this.pos];
      if (isSpace(c)) {
        // lexSpace
        let n = 0;
        while (this.pos < s.length && isSpace(s[this.pos])) {
          this.pos++;
          n++;
        }
        if (hasRightTrimMarkerAt(s, this.pos - 1) && s.startsWith(RIGHT, this.pos + 1)) {
          this.pos--;
          if (n === 1) {
            this.lexRightDelim();
            return true;
          }
        }
        this.emit(T.Space);
        continue;
      }
      this.pos++;
      switch (c) {
        case '=':
          this.emit(T.Assign);
          continue;
        case ':':
          if (this.peek() !== '=') {
            if (this.pos < s.length) this.pos++;
            return this.error('expected :=');
          }
          this.pos++;
          this.emit(T.Declare);
          continue;
        case '|':
          this.emit(T.Pipe);
          continue;
        case '"':
          if (!this.lexQuote()) return false;
          continue;
        case '`':
          if (!this.lexRawQuote()) return false;
          continue;
        case '$':
          if (!this.lexVariable()) return false;
          continue;
        case "'":
          if (!this.lexChar()) return false;
          continue;
        case '(':
          this.parenDepth++;
          this.emit(T.LeftParen);
          continue;
        case ')':
          this.parenDepth--;
          if (this.parenDepth < 0) return this.error('unexpected right paren');
          this.emit(T.RightParen);
          continue;
      }
      if (c === '.') {
        const n = this.peek();
        if (n === '' || n < '0' || n > '9') {
          if (!this.lexFieldOrVariable(T.Field)) return false;
          continue;
        }
      }
      if (c === '.' || c === '+' || c === '-' || (c >= '0' && c <= '9')) {
        this.pos--;
        if (!this.lexNumber()) return false;
        continue;
      }
      const cp = s.codePointAt(this.pos - 1)!;
      const ch = String.fromCodePoint(cp);
      if (isAlphaNumeric(ch)) {
        this.pos--;
        if (!this.lexIdentifier()) return false;
        continue;
      }
      if (cp < 0x80 && cp >= 0x20 && cp !== 0x7f) {
        this.emit(T.Char);
        continue;
      }
      this.pos += ch.length - 1;
      return this.error(`unrecognized character in action: ${formatU(ch)}`);
    }
  }

  private atTerminator(): boolean {
    const r = this.peek();
    if (r === '' || isSpace(r)) return true;
    switch (r) {
      case '.':
      case ',':
      case '|':
      case ':':
      case ')':
      case '(':
        return true;
    }
    return this.input.startsWith(RIGHT, this.pos);
  }

  private nextRune(): string {
    if (this.pos >= this.input.length) return '';
    const cp = this.input.codePointAt(this.pos)!;
    const ch = String.fromCodePoint(cp);
    this.pos += ch.length;
    return ch;
  }

  private lexIdentifier(): boolean {
    let r = '';
    for (;;) {
      const save = this.pos;
      r = this.nextRune();
      if (!isAlphaNumeric(r)) {
        this.pos = save;
        break;
      }
    }
    const word = this.input.slice(this.start, this.pos);
    if (!this.atTerminator()) return this.error(`bad character ${formatU(r)}`);
    const kw = keywords[word];
    if (kw !== undefined && kw > T.Keyword) {
      if ((kw === T.Break && !this.options.breakOK) || (kw === T.Continue && !this.options.continueOK)) {
        this.emit(T.Identifier);
      } else this.emit(kw);
    } else if (word === 'true' || word === 'false') this.emit(T.Bool);
    else this.emit(T.Identifier);
    return true;
  }

  private lexVariable(): boolean {
    if (this.atTerminator()) {
      this.emit(T.Variable);
      return true;
    }
    return this.lexFieldOrVariable(T.Variable);
  }

  private lexFieldOrVariable(typ: T): boolean {
    if (this.atTerminator()) {
      this.emit(typ === T.Variable ? T.Variable : T.Dot);
      return true;
    }
    let r = '';
    for (;;) {
      const save = this.pos;
      r = this.nextRune();
      if (!isAlphaNumeric(r)) {
        this.pos = save;
        break;
      }
    }
    if (!this.atTerminator()) return this.error(`bad character ${formatU(r)}`);
    this.emit(typ);
    return true;
  }

  private lexQuote(): boolean {
    const s = this.input;
    for (;;) {
      const c = this.pos < s.length ? s[this.pos++] : '';
      if (c === '\\') {
        const r = this.pos < s.length ? s[this.pos++] : '';
        if (r !== '' && r !== '\n') continue;
        return this.error('unterminated quoted string');
      }
      if (c === '' || c === '\n') return this.error('unterminated quoted string');
      if (c === '"') break;
    }
    this.emit(T.String);
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

  private lexChar(): boolean {
    const s = this.input;
    for (;;) {
      const c = this.pos < s.length ? s[this.pos++] : '';
      if (c === '\\') {
        const r = this.pos < s.length ? s[this.pos++] : '';
        if (r !== '' && r !== '\n') continue;
        return this.error('unterminated character constant');
      }
      if (c === '' || c === '\n') return this.error('unterminated character constant');
      if (c === "'") break;
    }
    this.emit(T.CharConstant);
    return true;
  }

  private accept(valid: string): boolean {
    const c = this.peek();
    if (c !== '' && valid.includes(c)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private acceptRun(valid: string): void {
    while (this.accept(valid));
  }

  private scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.nextRune();
      return false;
    }
    return true;
  }

  private lexNumber(): boolean {
    if (!this.scanNumber()) {
      return this.error(`bad number syntax: ${quoteShort(this.input.slice(this.start, this.pos))}`);
    }
    const sign = this.peek();
    if (sign === '+' || sign === '-') {
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') {
        return this.error(`bad number syntax: ${quoteShort(this.input.slice(this.start, this.pos))}`);
      }
      this.emit(T.Complex);
      return true;
    }
    this.emit(T.Number);
    return true;
  }
}

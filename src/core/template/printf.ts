/**
 * Go's fmt formatting (Sprint, Sprintln, Sprintf) over the template value model, written
 * from the documented behaviour of Go's fmt package.
 */
import { canBackquote, formatFloat, hexN, isPrintRune, quoteGo, quoteRune } from './strconv.js';
import {
  GoFloat,
  isIntNumber,
  isPlainObject,
  kindOf,
  sortedKeys,
  typeName,
  utf8Bytes,
  utf8Decode,
} from './values.js';

// ---------------------------------------------------------------------------
// fmt

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

class Printer {
  buf = '';
  // flags
  plus = false;
  minus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  wid = 0;
  prec = 0;
  widPresent = false;
  precPresent = false;
  reordered = false;
  goodArgNum = true;

  clearFlags(): void {
    this.plus = this.minus = this.sharp = this.space = this.zero = false;
    this.plusV = this.sharpV = false;
    this.wid = this.prec = 0;
    this.widPresent = this.precPresent = false;
  }

  padding(n: number): string {
    if (n <= 0) return '';
    return (this.zero && !this.minus ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) this.buf += this.padding(width) + s;
    else this.buf += s + this.padding(width);
  }

  // --- integers
  fmtInteger(v: bigint | number, base: number, verb: string, upper: boolean): void {
    const negative = v < 0;
    const u = negative ? -v : v;
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && u == 0) {
        const oldZero = this.zero;
        this.zero = false;
        this.buf += this.padding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && !this.minus && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    let digits = u.toString(base);
    if (upper) digits = digits.toUpperCase();
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
    if (this.sharp) {
      if (base === 2) digits = '0b' + digits;
      else if (base === 8) {
        if (digits[0] !== '0') digits = '0' + digits;
      } else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = '0o' + digits;
    if (negative) digits = '-' + digits;
    else if (this.plus) digits = '+' + digits;
    else if (this.space) digits = ' ' + digits;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(digits);
    this.zero = oldZero;
  }

  fmtC(v: bigint): void {
    let r = v < 0n || v > 0x10ffffn ? 0xfffd : Number(v);
    if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd;
    this.pad(String.fromCodePoint(r));
  }

  fmtQc(v: bigint): void {
    const r = v < 0n || v > 0x10ffffn ? 0xfffd : Number(v);
    if (this.sharp && r >= 0 && r <= 0x10ffff && r !== 0x27 && isPrintRune(r) && !(r >= 0xd800 && r <= 0xdfff)) {
      this.pad("'" + String.fromCodePoint(r) + "'");
      return;
    }
    this.pad(quoteRune(r, this.plus));
  }

  fmtUnicode(v: bigint): void {
    let hex = (v < 0n ? BigInt.asUintN(64, v) : v).toString(16).toUpperCase();
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    if (hex.length < prec) hex = '0'.repeat(prec - hex.length) + hex;
    let s = 'U+' + hex;
    if (this.sharp && v >= 0n && v <= 0x10ffffn && isPrintRune(Number(v))) {
      s += " '" + String.fromCodePoint(Number(v)) + "'";
    }
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  // --- floats
  fmtFloat(v: number, verb: string, prec: number): void {
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(v, verb, prec);
    if (num[0] !== '-' && num[0] !== '+') num = '+' + num;
    if (this.space && num[0] === '+' && !this.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = oldZero;
      return;
    }
    if (this.sharp && verb !== 'b') {
      let digits = 0;
      if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x' || verb === 'X') {
        digits = prec;
        if (digits === -1) digits = 6;
      }
      const isHex = verb === 'x' || verb === 'X';
      let tail = '';
      let body = num;
      const ei = body.search(isHex ? /[pP]/ : /[eEpP]/);
      if (ei >= 0) {
        tail = body.slice(ei);
        body = body.slice(0, ei);
      }
      let hasDot = false;
      let sawNonzero = false;
      for (let i = 1; i < body.length; i++) {
        const c = body[i];
        if (c === '.') hasDot = true;
        else {
          if (c !== '0') sawNonzero = true;
          if (sawNonzero) digits--;
        }
      }
      if (!hasDot) {
        if (body.length === 2 && body[1] === '0') digits--;
        body += '.';
      }
      while (digits > 0) {
        body += '0';
        digits--;
      }
      num = body + tail;
    }
    if (this.plus || num[0] !== '+') {
      if (this.zero && !this.minus && this.widPresent && this.wid > num.length) {
        this.buf += num[0] + '0'.repeat(this.wid - num.length) + num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  // --- strings
  truncate(s: string): string {
    if (this.precPresent) {
      let n = this.prec;
      let i = 0;
      for (const ch of s) {
        n--;
        if (n < 0) return s.slice(0, i);
        i += ch.length;
      }
    }
    return s;
  }

  fmtSx(bytes: Uint8Array, upper: boolean): void {
    const digits = upper ? '0123456789ABCDEF' : '0123456789abcdef';
    let length = bytes.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) width += 2;
    } else {
      if (this.widPresent) this.buf += this.padding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.buf += this.padding(this.wid - width);
    const x = upper ? 'X' : 'x';
    let out = this.sharp ? '0' + x : '';
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        out += ' ';
        if (this.sharp) out += '0' + x;
      }
      const c = bytes[i];
      out += digits[c >> 4] + digits[c & 0xf];
    }
    this.buf += out;
    if (this.widPresent && this.wid > width && this.minus) this.buf += this.padding(this.wid - width);
  }

  fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.sharp && canBackquote(s)) {
      this.pad('`' + s + '`');
      return;
    }
    this.pad(quoteGo(s, this.plus));
  }

  fmtString(s: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) this.fmtQ(s);
        else this.pad(this.truncate(s));
        return;
      case 's':
        this.pad(this.truncate(s));
        return;
      case 'x':
      case 'X':
        this.fmtSx(utf8Bytes(s), verb === 'X');
        return;
      case 'q':
        this.fmtQ(s);
        return;
      default:
        this.badVerb(verb, s);
    }
  }

  fmtBytes(b: Uint8Array, verb: string): void {
    switch (verb) {
      case 'v':
      case 'd': {
        if (this.sharpV) {
          this.buf += '[]byte{';
          for (let i = 0; i < b.length; i++) {
            if (i > 0) this.buf += ', ';
            this.buf += '0x' + hexN(b[i], 2);
          }
          this.buf += '}';
          return;
        }
        this.buf += '[';
        for (let i = 0; i < b.length; i++) {
          if (i > 0) this.buf += ' ';
          this.fmtInteger(BigInt(b[i]), 10, verb, false);
        }
        this.buf += ']';
        return;
      }
      case 's':
        this.pad(this.truncate(utf8Decode(b)));
        return;
      case 'x':
      case 'X':
        this.fmtSx(b, verb === 'X');
        return;
      case 'q':
        this.fmtQ(utf8Decode(b));
        return;
      default:
        this.printValue(Array.from(b), verb, 0, true);
    }
  }

  fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.pad(v ? 'true' : 'false');
    else this.badVerb(verb, v);
  }

  intVerb(n: bigint | number, verb: string, arg: unknown): void {
    const v = typeof n === 'bigint' ? n : BigInt(n);
    switch (verb) {
      case 'v':
      case 'd':
        this.fmtInteger(v, 10, verb, false);
        return;
      case 'b':
        this.fmtInteger(v, 2, verb, false);
        return;
      case 'o':
      case 'O':
        this.fmtInteger(v, 8, verb, false);
        return;
      case 'x':
        this.fmtInteger(v, 16, verb, false);
        return;
      case 'X':
        this.fmtInteger(v, 16, verb, true);
        return;
      case 'c':
        this.fmtC(v);
        return;
      case 'q':
        this.fmtQc(v);
        return;
      case 'U':
        this.fmtUnicode(v);
        return;
      default:
        this.badVerb(verb, arg);
    }
  }

  floatVerb(v: number, verb: string, arg: unknown): void {
    switch (verb) {
      case 'v':
        this.fmtFloat(v, 'g', -1);
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloat(v, verb, -1);
        return;
      case 'f':
      case 'e':
      case 'E':
      case 'F':
        this.fmtFloat(v, verb, 6);
        return;
      default:
        this.badVerb(verb, arg);
    }
  }

  badVerb(verb: string, arg: unknown): void {
    this.buf += '%!' + verb + '(';
    if (arg === undefined || arg === null) {
      this.buf += '<nil>';
    } else {
      this.buf += typeName(arg) + '=';
      this.printArg(arg, 'v');
    }
    this.buf += ')';
  }

  printArg(arg: unknown, verb: string): void {
    if (arg === undefined || arg === null) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb, arg);
      return;
    }
    if (verb === 'T') {
      this.pad(this.truncate(typeName(arg)));
      return;
    }
    if (verb === 'p') {
      this.badVerb(verb, arg);
      return;
    }
    this.printValue(arg, verb, 0, false);
  }

  printValue(v: unknown, verb: string, depth: number, iface: boolean): void {
    switch (typeof v) {
      case 'undefined':
        this.buf += this.sharpV ? 'interface {}(nil)' : '<nil>';
        return;
      case 'boolean':
        this.fmtBool(v, verb);
        return;
      case 'number':
        if (isIntNumber(v)) {
          if ((verb === 'v' || verb === 'd') && !this.widPresent && !this.precPresent && !this.plus && !this.space) {
            this.buf += Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString();
          } else this.intVerb(v, verb, v);
        }
        else this.floatVerb(v, verb, v);
        return;
      case 'bigint':
        this.intVerb(v, verb, v);
        return;
      case 'string':
        this.fmtString(v, verb);
        return;
      case 'function':
        if (verb === 'v' || verb === 'p') this.pad(this.sharpV ? '(' + typeName(v) + ')(0xc000000000)' : '0xc000000000');
        else this.badVerb(verb, v);
        return;
    }
    if (v === null) {
      this.buf += this.sharpV && iface ? 'interface {}(nil)' : '<nil>';
      return;
    }
    if (v instanceof GoFloat) {
      this.floatVerb(v.value, verb, v);
      return;
    }
    if (v instanceof Uint8Array) {
      this.fmtBytes(v, verb);
      return;
    }
    if (Array.isArray(v)) {
      if (this.sharpV) {
        this.buf += typeName(v) + '{';
        for (let i = 0; i < v.length; i++) {
          if (i > 0) this.buf += ', ';
          this.printValue(v[i], verb, depth + 1, true);
        }
        this.buf += '}';
        return;
      }
      this.buf += '[';
      for (let i = 0; i < v.length; i++) {
        if (i > 0) this.buf += ' ';
        this.printValue(v[i], verb, depth + 1, true);
      }
      this.buf += ']';
      return;
    }
    const obj = v as Record<string, unknown>;
    if (isPlainObject(obj)) {
      const keys = sortedKeys(obj);
      if (this.sharpV) {
        this.buf += typeName(obj) + '{';
        keys.forEach((k, i) => {
          if (i > 0) this.buf += ', ';
          this.printValue(k, verb, depth + 1, false);
          this.buf += ':';
          this.printValue(obj[k], verb, depth + 1, true);
        });
        this.buf += '}';
        return;
      }
      this.buf += 'map[';
      keys.forEach((k, i) => {
        if (i > 0) this.buf += ' ';
        this.printValue(k, verb, depth + 1, false);
        this.buf += ':';
        this.printValue(obj[k], verb, depth + 1, true);
      });
      this.buf += ']';
      return;
    }
    if ((obj as unknown) instanceof Error && (verb === 'v' || verb === 's' || verb === 'q') && !this.sharpV) {
      this.fmtString((obj as unknown as Error).message, verb);
      return;
    }
    // Struct-like class instance (a pointer to struct in Go terms).
    if (kindOf(obj) === 'struct') {
      const str = (obj as { String?: () => unknown }).String;
      if (typeof str === 'function' && (verb === 'v' || verb === 's') && !this.sharpV) {
        this.fmtString(String(str.call(obj)), verb);
        return;
      }
      if (depth === 0) this.buf += '&';
      if (this.sharpV) this.buf += typeName(obj).replace(/^\*/, '');
      this.buf += '{';
      const keys = Object.keys(obj);
      keys.forEach((k, i) => {
        if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
        if (this.plusV || this.sharpV) this.buf += k + ':';
        this.printValue(obj[k], verb, depth + 1, true);
      });
      this.buf += '}';
    }
  }

  doPrint(args: unknown[]): void {
    let prevString = false;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      const isString = typeof arg === 'string';
      if (i > 0 && !isString && !prevString) this.buf += ' ';
      this.printArg(arg, 'v');
      prevString = isString;
    }
  }

  doPrintln(args: unknown[]): void {
    for (let i = 0; i < args.length; i++) {
      if (i > 0) this.buf += ' ';
      this.printArg(args[i], 'v');
    }
    this.buf += '\n';
  }

  argNumber(argNum: number, format: string, i: number, numArgs: number): [number, number, boolean] {
    if (format.length <= i || format[i] !== '[') return [argNum, i, false];
    this.reordered = true;
    // parseArgNumber
    let index = 0;
    let wid = 1;
    let ok = false;
    const sub = format.slice(i);
    if (sub.length >= 3) {
      for (let j = 1; j < sub.length; j++) {
        if (sub[j] === ']') {
          const [n, isNum, newi] = parseNum(sub, 1, j);
          if (!isNum || newi !== j) {
            wid = j + 1;
            ok = false;
          } else {
            index = n - 1;
            wid = j + 1;
            ok = true;
          }
          break;
        }
      }
    }
    if (ok && index >= 0 && index < numArgs) return [index, i + wid, true];
    this.goodArgNum = false;
    return [argNum, i + wid, ok];
  }

  doPrintf(format: string, a: unknown[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    this.reordered = false;
    let i = 0;
    formatLoop: while (i < end) {
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== '%') i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.clearFlags();
      simple: for (; i < end; i++) {
        const c = format[i];
        switch (c) {
          case '#':
            this.sharp = true;
            break;
          case '0':
            this.zero = true;
            break;
          case '+':
            this.plus = true;
            break;
          case '-':
            this.minus = true;
            break;
          case ' ':
            this.space = true;
            break;
          default:
            if (c >= 'a' && c <= 'z' && argNum < a.length) {
              if (c === 'v') {
                this.sharpV = this.sharp;
                this.sharp = false;
                this.plusV = this.plus;
                this.plus = false;
              }
              this.printArg(a[argNum], c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simple;
        }
      }
      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
      if (i < end && format[i] === '*') {
        i++;
        [this.wid, this.widPresent, argNum] = intFromArg(a, argNum);
        if (!this.widPresent) this.buf += '%!(BADWIDTH)';
        if (this.wid < 0) {
          this.wid = -this.wid;
          this.minus = true;
          this.zero = false;
        }
        afterIndex = false;
      } else {
        [this.wid, this.widPresent, i] = parseNum(format, i, end);
        if (afterIndex && this.widPresent) this.goodArgNum = false;
      }
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) this.goodArgNum = false;
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
        if (i < end && format[i] === '*') {
          i++;
          [this.prec, this.precPresent, argNum] = intFromArg(a, argNum);
          if (this.prec < 0) {
            this.prec = 0;
            this.precPresent = false;
          }
          if (!this.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          [this.prec, this.precPresent, i] = parseNum(format, i, end);
          if (!this.precPresent) {
            this.prec = 0;
            this.precPresent = true;
          }
        }
      }
      if (!afterIndex) [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }
      const cp = format.codePointAt(i)!;
      const verb = String.fromCodePoint(cp);
      i += verb.length;
      if (verb === '%') {
        this.buf += '%';
      } else if (!this.goodArgNum) {
        this.buf += '%!' + verb + '(BADINDEX)';
      } else if (argNum >= a.length) {
        this.buf += '%!' + verb + '(MISSING)';
      } else {
        if (verb === 'v') {
          this.sharpV = this.sharp;
          this.sharp = false;
          this.plusV = this.plus;
          this.plus = false;
        }
        this.printArg(a[argNum], verb);
        argNum++;
      }
    }
    if (!this.reordered && argNum < a.length) {
      this.clearFlags();
      this.buf += '%!(EXTRA ';
      for (let k = argNum; k < a.length; k++) {
        if (k > argNum) this.buf += ', ';
        const arg = a[k];
        if (arg === null || arg === undefined) this.buf += '<nil>';
        else {
          this.buf += typeName(arg) + '=';
          this.printArg(arg, 'v');
        }
      }
      this.buf += ')';
    }
  }
}

function tooLarge(x: number): boolean {
  return x > 1e6 || x < -1e6;
}

function parseNum(s: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isNum = false;
  let i = start;
  for (; i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++) {
    if (tooLarge(num)) return [0, false, end];
    num = num * 10 + (s.charCodeAt(i) - 48);
    isNum = true;
  }
  return [num, isNum, i];
}

function intFromArg(a: unknown[], argNum: number): [number, boolean, number] {
  let num = 0;
  let isInt = false;
  let newArgNum = argNum;
  if (argNum < a.length) {
    const v = a[argNum];
    if (typeof v === 'number' && Number.isInteger(v)) {
      num = v;
      isInt = true;
    } else if (typeof v === 'bigint') {
      num = Number(v);
      isInt = true;
    }
    newArgNum = argNum + 1;
    if (tooLarge(num)) {
      num = 0;
      isInt = false;
    }
  }
  return [num, isInt, newArgNum];
}

/**
 * Sprintf for the common case of plain `%s`/`%v` verbs, each given a string: the strings go in
 * as they are. Undefined for anything else (flags, other verbs, other values, argument count).
 */
function sprintfStrings(format: string, args: unknown[]): string | undefined {
  let out = '';
  let last = 0;
  let argNum = 0;
  for (let i = format.indexOf('%'); i >= 0; i = format.indexOf('%', last)) {
    const verb = format.charCodeAt(i + 1);
    if (verb !== 115 && verb !== 118) return undefined; // s, v
    const arg = args[argNum++];
    if (typeof arg !== 'string') return undefined;
    out += format.slice(last, i) + arg;
    last = i + 2;
  }
  if (argNum !== args.length) return undefined;
  return out + format.slice(last);
}

/** fmt.Sprint */
export function sprint(args: unknown[]): string {
  const p = new Printer();
  p.doPrint(args);
  return p.buf;
}

/** fmt.Sprintln */
export function sprintln(args: unknown[]): string {
  const p = new Printer();
  p.doPrintln(args);
  return p.buf;
}

/** fmt.Sprintf */
export function sprintf(format: string, args: unknown[]): string {
  const simple = sprintfStrings(format, args);
  if (simple !== undefined) return simple;
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}

/** `%v` of one value, as `{{ . }}` prints a non-nil value. Fast paths for scalars. */
export function formatValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      if (!isIntNumber(v)) return formatFloat(v, 'g', -1);
      return Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
  }
  if (v instanceof GoFloat) return formatFloat(v.value, 'g', -1);
  const p = new Printer();
  p.printArg(v, 'v');
  return p.buf;
}


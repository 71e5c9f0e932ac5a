/**
 * Go `unicode`/`strings` case and space rules on code points (simple case mappings, as Go's
 * unicode.ToUpper/ToLower/ToTitle; JS full mappings that expand to several characters keep the rune).
 */

/** unicode.IsSpace */
export function isGoSpace(r: number): boolean {
  if (r <= 0xff) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return r === 0x1680 || (r >= 0x2000 && r <= 0x200a) || r === 0x2028 || r === 0x2029 || r === 0x202f || r === 0x205f || r === 0x3000;
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;
const TITLE = /^\p{Lt}$/u;

export const isLetter = (ch: string): boolean => LETTER.test(ch);
export const isDigit = (ch: string): boolean => DIGIT.test(ch);
export const isUpper = (ch: string): boolean => UPPER.test(ch);
export const isLower = (ch: string): boolean => LOWER.test(ch);
export const isTitle = (ch: string): boolean => TITLE.test(ch);

function single(orig: string, mapped: string): string {
  // a simple mapping maps one rune to one rune
  const cps = [...mapped];
  return cps.length === 1 ? mapped : orig;
}

/** unicode.ToUpper on one rune. */
export function toUpperRune(ch: string): string {
  if (ch < '\x80') return ch.toUpperCase();
  const cp = ch.codePointAt(0)!;
  if (cp === 0x01c5 || cp === 0x01c8 || cp === 0x01cb || cp === 0x01f2) return String.fromCodePoint(cp - 1);
  return single(ch, ch.toUpperCase());
}

/** unicode.ToLower on one rune. */
export function toLowerRune(ch: string): string {
  if (ch < '\x80') return ch.toLowerCase();
  const cp = ch.codePointAt(0)!;
  if (cp === 0x0130) return 'i';
  if (cp === 0x01c5 || cp === 0x01c8 || cp === 0x01cb || cp === 0x01f2) return String.fromCodePoint(cp + 1);
  return single(ch, ch.toLowerCase());
}

/** unicode.ToTitle on one rune. */
export function toTitleRune(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if ((cp >= 0x01c4 && cp <= 0x01cc) || (cp >= 0x01f1 && cp <= 0x01f3)) {
    const base = cp >= 0x01f1 ? 0x01f1 : cp - ((cp - 0x01c4) % 3);
    return String.fromCodePoint(base + 1);
  }
  // Georgian Mkhedruli letters are their own title case
  if ((cp >= 0x10d0 && cp <= 0x10fa) || (cp >= 0x10fd && cp <= 0x10ff)) return ch;
  return toUpperRune(ch);
}

export function mapRunes(s: string, f: (ch: string) => string): string {
  let out = '';
  for (const ch of s) out += f(ch);
  return out;
}

/** strings.ToUpper */
export function goUpper(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s.toUpperCase();
  return mapRunes(s, toUpperRune);
}

/** strings.ToLower */
export function goLower(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  return mapRunes(s, toLowerRune);
}

/** strings.Title's isSeparator */
function isSeparator(ch: string): boolean {
  const r = ch.codePointAt(0)!;
  if (r <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (isLetter(ch) || isDigit(ch)) return false;
  return isGoSpace(r);
}

/** strings.Title (deprecated Go function Sprig's `title` uses). */
export function goTitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isSeparator(prev) ? toTitleRune(ch) : ch;
    prev = ch;
  }
  return out;
}

/** strings.TrimSpace */
export function trimSpace(s: string): string {
  const cps = [...s];
  let i = 0;
  let j = cps.length;
  while (i < j && isGoSpace(cps[i].codePointAt(0)!)) i++;
  while (j > i && isGoSpace(cps[j - 1].codePointAt(0)!)) j--;
  return cps.slice(i, j).join('');
}

/** RFC 6901 JSON pointers over plain JSON values. */
import { isPlainObject } from '../model/kube-object.js';

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer ${JSON.stringify(pointer)}: must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function getAt(doc: unknown, tokens: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9][0-9]*)$/.test(t)) return undefined;
      cur = cur[Number(t)];
    } else if (isPlainObject(cur)) {
      cur = Object.prototype.hasOwnProperty.call(cur, t) ? cur[t] : undefined;
    } else {
      return undefined;
    }
  }
  return cur;
}

/** Removes the value at the pointer (mutates). Missing paths are ignored. */
export function removeAt(doc: unknown, tokens: readonly string[]): void {
  if (tokens.length === 0) return;
  const parent = getAt(doc, tokens.slice(0, -1));
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) {
    if (/^(0|[1-9][0-9]*)$/.test(last) && Number(last) < parent.length) parent.splice(Number(last), 1);
  } else if (isPlainObject(parent)) {
    delete parent[last];
  }
}

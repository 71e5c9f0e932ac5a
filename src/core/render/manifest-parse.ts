import { LineCounter, parseAllDocuments } from 'yaml';
import { isPlainObject, type KubeObject } from '../model/kube-object.js';

/** One object parsed from a manifest file, with the line its document starts on (1-based). */
export interface ParsedObject {
  object: KubeObject;
  line: number;
}

export interface RenderProblem {
  file: string;
  line: number;
  /** 1-based column, when the error names one (chart templates). */
  column?: number;
  message: string;
}

/** `file:line[:column]: message`, as a status condition or CLI error shows a problem (line 0: about the path, no line). */
export function formatProblem(e: RenderProblem): string {
  if (e.line === 0) return `${e.file}: ${e.message}`;
  return `${e.file}:${e.line}${e.column !== undefined ? `:${e.column}` : ''}: ${e.message}`;
}

export interface ParsedFile {
  objects: ParsedObject[];
  errors: RenderProblem[];
}

export function isManifestFile(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path);
}

/**
 * Parses one manifest file (YAML, multi-document, or JSON) into objects. Document trees are dropped
 * right after conversion: only plain JSON values are kept.
 */
export function parseManifestFile(file: string, text: string): ParsedFile {
  if (/\.json$/i.test(file)) return parseJsonFile(file, text);
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true });
  const out: ParsedFile = { objects: [], errors: [] };
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const start = doc.contents?.range?.[0] ?? doc.range[0];
    const docLine = lc.linePos(start).line;
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const line = e.linePos?.[0]?.line ?? docLine;
        out.errors.push({ file, line, message: `invalid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` });
      }
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      // Conversion refuses what parsing accepted: an alias bomb (aliases that expand exponentially),
      // or an alias to an anchor that is not defined yet. A render error like any other, not a crash.
      const msg = err instanceof Error ? err.message : String(err);
      out.errors.push({ file, line: docLine, message: `invalid YAML: ${msg.split('\n')[0]}` });
      continue;
    }
    collect(file, value, docLine, out);
  }
  return out;
}

function parseJsonFile(file: string, text: string): ParsedFile {
  const out: ParsedFile = { objects: [], errors: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : 1;
    out.errors.push({ file, line, message: `invalid JSON: ${msg}` });
    return out;
  }
  collect(file, value, 1, out);
  return out;
}

function collect(file: string, value: unknown, line: number, out: ParsedFile): void {
  if (value === null || value === undefined) return; // empty document
  if (!isPlainObject(value)) {
    out.errors.push({ file, line, message: 'document is not a Kubernetes object (expected a mapping)' });
    return;
  }
  // kubectl accepts `kind: List`; its items are the objects.
  if (value.kind === 'List' && Array.isArray(value.items) && typeof value.apiVersion === 'string') {
    for (const item of value.items) collect(file, item, line, out);
    return;
  }
  const missing: string[] = [];
  if (typeof value.apiVersion !== 'string' || !value.apiVersion) missing.push('apiVersion');
  if (typeof value.kind !== 'string' || !value.kind) missing.push('kind');
  const meta = value.metadata;
  if (!isPlainObject(meta) || typeof meta.name !== 'string' || !meta.name) missing.push('metadata.name');
  if (missing.length > 0) {
    out.errors.push({ file, line, message: `object is missing ${missing.join(', ')}` });
    return;
  }
  if (isPlainObject(meta) && meta.namespace !== undefined && typeof meta.namespace !== 'string') {
    out.errors.push({ file, line, message: 'metadata.namespace must be a string' });
    return;
  }
  out.objects.push({ object: value as KubeObject, line });
}

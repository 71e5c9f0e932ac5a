/**
 * `.Files`: the chart's non-template files (Chart.yaml, values files, templates/ and charts/ excluded,
 * .helmignore applied) as a map of path → bytes with Helm's methods: Get, GetBytes, Glob, Lines,
 * AsConfig, AsSecrets. Only files inside the chart exist, so `..` or absolute paths find nothing.
 */
import { withGoMethods } from '../template/index.js';
import { toYaml } from './to-yaml.js';

const EXCLUDED = /^(Chart\.yaml|Chart\.lock|values\.yaml|values\.schema\.json|requirements\.yaml|requirements\.lock|\.helmignore)$|^(templates|charts)\//;

/** gobwas/glob with `/` as separator: `*` and `?` stay within a path segment, `**` crosses them, `{a,b}` alternates. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, end);
        re += `[${body.startsWith('!') ? '^' + body.slice(1) : body}]`;
        i = end;
      }
    } else if (c === '{') {
      const end = pattern.indexOf('}', i + 1);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${pattern.slice(i + 1, end).split(',').map((alt) => globToRegExp(alt).source.slice(1, -1)).join('|')})`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** .helmignore: gitignore-like lines; a pattern without `/` matches a base name, a trailing `/` a directory, `!` re-includes. */
export function helmIgnore(text: string | undefined): (path: string) => boolean {
  const rules = (text ?? '').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((raw) => {
    const negate = raw.startsWith('!');
    let p = negate ? raw.slice(1) : raw;
    const dirOnly = p.endsWith('/');
    if (dirOnly) p = p.slice(0, -1);
    p = p.replace(/^\//, '');
    return { negate, dirOnly, anchored: p.includes('/'), re: globToRegExp(p) };
  });
  return (path: string) => {
    let ignored = false;
    const parts = path.split('/');
    for (const r of rules) {
      let hit = false;
      for (let i = 0; i < parts.length && !hit; i++) {
        const isDir = i < parts.length - 1;
        if (r.dirOnly && !isDir) continue;
        const candidate = r.anchored ? parts.slice(0, i + 1).join('/') : parts[i]!;
        hit = r.re.test(candidate);
      }
      if (hit) ignored = !r.negate;
    }
    return ignored;
  };
}

const encoder = new TextEncoder();

function base64(text: string): string {
  let bin = '';
  for (const b of encoder.encode(text)) bin += String.fromCharCode(b);
  return btoa(bin);
}

function base(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export type FilesMap = Record<string, Uint8Array>;

function makeFiles(entries: Array<[string, string]>): FilesMap {
  const text = new Map(entries);
  const obj: FilesMap = {};
  for (const [p, t] of entries) obj[p] = encoder.encode(t);
  return withGoMethods(obj, {
    Get: { fn: (p: unknown) => text.get(String(p)) ?? '', params: ['string'] },
    GetBytes: { fn: (p: unknown) => encoder.encode(text.get(String(p)) ?? ''), params: ['string'] },
    Lines: {
      fn: (p: unknown) => {
        const t = text.get(String(p));
        if (t === undefined || t === '') return [];
        const lines = t.split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        return lines;
      },
      params: ['string'],
    },
    Glob: {
      fn: (pattern: unknown) => {
        const re = globToRegExp(String(pattern));
        return makeFiles([...text].filter(([p]) => re.test(p)));
      },
      params: ['string'],
    },
    AsConfig: {
      fn: () => (text.size === 0 ? '' : toYaml(Object.fromEntries([...text].map(([p, t]) => [base(p), t])))),
    },
    AsSecrets: {
      fn: () => (text.size === 0 ? '' : toYaml(Object.fromEntries([...text].map(([p, t]) => [base(p), base64(t)])))),
    },
  }, 'files.Files');
}

/** The `.Files` object of a chart given as path → text. */
export function chartFilesObject(files: ReadonlyMap<string, string>): FilesMap {
  const ignored = helmIgnore(files.get('.helmignore'));
  return makeFiles([...files].filter(([p]) => !EXCLUDED.test(p) && !ignored(p)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

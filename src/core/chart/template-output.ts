/**
 * `helm template`'s stdout, byte for byte, from a rendered release: the CRD files (with
 * `--include-crds`) and the manifests as one text, trimmed, then the hooks (unless `--no-hooks`;
 * test hooks left out with `--skip-tests`), each document as `---\n# Source: <path>\n<content>\n`.
 * With `--show-only`, that text is split into documents again and only those whose source path
 * (without the chart's name) matches one of the patterns are printed, pattern by pattern.
 */
import type { ChartRelease, RenderedManifest } from './render-chart.js';
import { ChartError } from './chart-error.js';
import { splitManifests } from './helm-manifests.js';

export interface TemplateOutputOptions {
  includeCrds?: boolean;
  noHooks?: boolean;
  skipTests?: boolean;
  showOnly?: string[];
}

export function isTestHook(m: RenderedManifest): boolean {
  return (m.hookEvents ?? []).some((e) => e === 'test' || e === 'test-success');
}

const doc = (source: string, content: string) => `---\n# Source: ${source}\n${content}\n`;

/** Go's strings.TrimSpace for what templates produce. */
function trimSpace(s: string): string {
  return s.replace(/^[\t\n\v\f\r \u0085\u00a0]+|[\t\n\v\f\r \u0085\u00a0]+$/g, '');
}

export function templateOutput(release: ChartRelease, opts: TemplateOutputOptions = {}): string {
  const parts: string[] = [];
  if (opts.includeCrds) for (const c of release.crds) parts.push(doc(c.source, c.content));
  for (const m of release.manifests) parts.push(doc(m.source, m.content));
  let out = trimSpace(parts.join('')) + '\n';
  if (!opts.noHooks) {
    for (const h of release.hooks) if (!(opts.skipTests && isTestHook(h))) out += doc(h.source, h.content);
  }
  if (!opts.showOnly || opts.showOnly.length === 0) return out;
  return showOnly(out, opts.showOnly);
}

const SOURCE = /# Source: [^/\n]+\/([^\n]+)/;

function showOnly(out: string, patterns: readonly string[]): string {
  const docs = splitManifests(out);
  const chosen: string[] = [];
  for (const raw of patterns) {
    const pattern = raw.replace(/\\/g, '/');
    const match = goPathMatcher(pattern);
    let missing = true;
    for (const d of docs) {
      const m = SOURCE.exec(d);
      if (!m || !match(m[1]!)) continue;
      chosen.push(d);
      missing = false;
    }
    if (missing) throw new ChartError(`could not find template ${pattern} in chart`);
  }
  return chosen.map((d) => `---\n${d}\n`).join('');
}

/** Go's filepath.Match on `/`-separated paths: `*` and `?` stay within a segment, `[...]` classes, `\` escapes. */
export function goPathMatcher(pattern: string): (path: string) => boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return () => false; // Go: ErrBadPattern, which matches nothing
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('^');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  let compiled: RegExp;
  try {
    compiled = new RegExp(`^${re}$`, 'u');
  } catch {
    return () => false;
  }
  return (path) => compiled.test(path);
}

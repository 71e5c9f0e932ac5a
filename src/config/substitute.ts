/**
 * `${NAME}` in string values → the environment variable NAME (`${NAME:-default}` when unset, `$${NAME}` for a
 * literal). An unset variable or a malformed reference is reported at its key path; the Reporter remembers which
 * paths were substituted (never echoed), which were one whole `${NAME}` (may become a number or boolean) and
 * which failed (not checked further).
 */
import { formatPath, type Reporter, type Seg } from './report.js';

export type Env = Record<string, string | undefined>;

export function substitute(v: unknown, segs: Seg[], env: Env, report: Reporter): unknown {
  if (typeof v === 'string') return substituteString(v, segs, env, report);
  if (Array.isArray(v)) return v.map((item, i) => substitute(item, [...segs, i], env, report));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) out[k] = substitute(val, [...segs, k], env, report);
    return out;
  }
  return v;
}

function substituteString(s: string, segs: Seg[], env: Env, report: Reporter): string {
  if (!s.includes('${')) return s;
  const path = formatPath(segs);
  let replaced = false;
  let failed = false;
  const out = s.replace(/\$(\$?)\{([^}]*)\}/g, (all, escape: string, body: string) => {
    if (escape) return all.slice(1); // "$${X}" → literal "${X}"
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s.exec(body);
    if (!m) {
      failed = true;
      report.fail(segs, `invalid variable reference "\${${body}}": expected \${NAME} with NAME made of letters, digits and '_'`);
      return all;
    }
    const name = m[1]!;
    const value = env[name];
    replaced = true;
    if (value !== undefined) return value;
    if (m[2] !== undefined) return m[2];
    failed = true;
    report.fail(segs, `environment variable ${name} is not set (referenced as \${${name}})`);
    return all;
  });
  if (failed) report.badPaths.add(path);
  if (replaced) {
    report.substitutedPaths.add(path);
    if (/^\$\{[^}]*\}$/.test(s)) report.wholePaths.add(path);
  }
  return out;
}

/**
 * How Helm combines values: user-supplied files are deep-merged in order (maps merge, anything else is
 * replaced), `--set` flags are parsed into that result, and the whole is laid over the chart's
 * values.yaml, where a user `null` deletes the chart's key.
 */
import { isPlainObject as isMap } from '../template/values.js';
type Values = Record<string, unknown>;

/** Deep-merges `over` into a copy of `base`: maps merge recursively; any other value replaces. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isMap(b) && isMap(v) ? mergeValues(b, v) : v;
  }
  return out;
}

/**
 * Lays user values over chart defaults. A user null removes the default's key (and stays null when the
 * chart has no such key, as `helm template` shows); maps merge; other values replace.
 */
export function coalesceValues(defaults: Values, user: Values): Values {
  const out: Values = { ...user };
  for (const [k, d] of Object.entries(defaults)) {
    if (!(k in user)) {
      out[k] = d;
      continue;
    }
    const u = user[k];
    if (u === null) {
      delete out[k];
    } else if (isMap(u) && isMap(d)) {
      out[k] = coalesceValues(d, u);
    }
  }
  return out;
}

/**
 * A live object as a real API server returns it, aligned with desired before the two are compared: what
 * the server did on its own to what Tugboat sent is not a difference.
 * - a quantity of the same value in another form (`1000m` for `1`, `1Gi` for `1024Mi`, `1e3` for `1k`)
 *   takes desired's form;
 * - an int-or-string holding the same number as a string (`"8080"` for `8080`) takes desired's form;
 * - a field desired does not set is dropped when it holds the server's default (`protocol: TCP`,
 *   `terminationMessagePath`, …) or a value the server assigns (`clusterIP`, `nodePort`), so a field
 *   removed from git whose live value is only the default is not reported as removed.
 * Copy on write: the live object itself is returned when nothing needs aligning.
 */
import { isPlainObject, type KubeObject } from '../model/kube-object.js';
import { quantitiesEqual } from '../model/quantity.js';
import { defaultOf, serverRules, type RuleTree } from '../model/server-defaults.js';

type Obj = Record<string, unknown>;

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => sameJson(a[k], b[k]));
  }
  return false;
}

function intOrStringEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'string') return /^[0-9]+$/.test(b) && Number(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return /^[0-9]+$/.test(a) && Number(a) === b;
  return false;
}

function alignQuantities(d: Obj, l: Obj): Obj {
  let out: Obj | undefined;
  for (const k in l) {
    const dv = d[k];
    if (dv !== undefined && dv !== l[k] && quantitiesEqual(dv, l[k])) (out ??= { ...l })[k] = dv;
  }
  return out ?? l;
}

const nameOf = (v: unknown): string | undefined => (isPlainObject(v) && typeof v['name'] === 'string' ? v['name'] : undefined);

/** The desired element a live one corresponds to: by name, else by position when the lengths agree, else by port. */
function counterpart(d: unknown[] | undefined, e: unknown, i: number, n: number): unknown {
  if (!d) return undefined;
  const name = nameOf(e);
  if (name !== undefined) return d.find((x) => nameOf(x) === name);
  if (d.length === n) return d[i];
  if (isPlainObject(e)) {
    for (const f of ['port', 'containerPort']) {
      if (e[f] !== undefined) return d.find((x) => isPlainObject(x) && x[f] === e[f]);
    }
  }
  return undefined;
}

function alignArray(d: unknown[] | undefined, l: unknown[], a: unknown[] | undefined, tree: RuleTree): unknown[] {
  let out: unknown[] | undefined;
  l.forEach((e, i) => {
    const ne = alignNode(counterpart(d, e, i, l.length), e, counterpart(a, e, i, l.length), tree);
    if (ne !== e) (out ??= l.slice())[i] = ne;
  });
  return out ?? l;
}

function alignNode(d: unknown, l: unknown, a: unknown, tree: RuleTree): unknown {
  if (!isPlainObject(l)) return l;
  const od = isPlainObject(d) ? d : undefined;
  const oa = isPlainObject(a) ? a : undefined;
  let out: Obj | undefined;
  const set = (k: string, v: unknown) => {
    out ??= { ...l };
    if (v === undefined) delete out[k];
    else out[k] = v;
  };
  for (const k in tree) {
    const lv = l[k];
    if (lv === undefined) continue;
    const r = tree[k]!;
    const dv = od?.[k];
    const av = oa?.[k];
    if (dv === undefined) {
      // only what the last applied manifest set is compared when desired does not set it
      if (av === undefined) continue;
      if (r.assigned) {
        set(k, undefined);
        continue;
      }
      const def = defaultOf(r, l);
      if (def !== undefined && sameJson(lv, def)) {
        set(k, undefined);
        continue;
      }
    } else if (dv !== lv) {
      if ((r.quantity && quantitiesEqual(dv, lv)) || (r.intOrString && intOrStringEqual(dv, lv))) {
        set(k, dv);
        continue;
      }
      if (r.quantities && isPlainObject(dv) && isPlainObject(lv)) {
        const nv = alignQuantities(dv, lv);
        if (nv !== lv) set(k, nv);
        continue;
      }
    }
    if (r.fields) {
      const nv = alignNode(dv, lv, av, r.fields);
      if (nv !== lv) set(k, nv);
    } else if (r.items && Array.isArray(lv)) {
      const nv = alignArray(Array.isArray(dv) ? dv : undefined, lv, Array.isArray(av) ? av : undefined, r.items);
      if (nv !== lv) set(k, nv);
    }
  }
  return out ?? l;
}

/**
 * `live` aligned with `desired` (see above); `live` itself when the kind has no server rules or nothing
 * changed. Defaults are dropped only where `lastApplied` set the field: the diff compares nothing else
 * that desired does not set.
 */
export function alignLive(desired: KubeObject, live: KubeObject, lastApplied?: KubeObject): KubeObject {
  const tree = serverRules(live.apiVersion, live.kind);
  return tree ? (alignNode(desired, live, lastApplied, tree) as KubeObject) : live;
}

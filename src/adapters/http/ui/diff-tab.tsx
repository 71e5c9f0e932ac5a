/** Desired vs live (or a chosen revision vs live), per resource, unified or side by side. */
import { useMemo, useState } from 'preact/hooks';
import { diffLines, hunks, type LineEdit } from '../../../core/diff/line-diff.js';
import { appPath, getJson } from './api.js';
import type { DiffReport, DiffResource } from './types.js';
import { useLoad } from './widgets.js';

type Mode = 'unified' | 'split';

function title(r: DiffResource): string {
  const kind = r.key.group ? `${r.key.kind}.${r.key.group}` : r.key.kind;
  return r.key.namespace ? `${kind} ${r.key.namespace}/${r.key.name}` : `${kind} ${r.key.name}`;
}

function splitLines(yaml: string | undefined): string[] {
  if (!yaml) return [];
  const lines = yaml.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function DiffTab(props: { app: string; version: number }) {
  const [mode, setMode] = useState<Mode>('unified');
  const [revInput, setRevInput] = useState('');
  const [revision, setRevision] = useState('');
  const qs = new URLSearchParams({ format: 'json', objects: 'true', ...(revision ? { revision } : {}) });
  const { data, error, loading } = useLoad((signal) => getJson<DiffReport>(appPath(props.app, `/diff?${qs}`), signal), [props.app, revision], props.version);
  const changed = data?.resources.filter((r) => r.action !== 'unchanged') ?? [];
  return (
    <div class="diff">
      <div class="toolbar small">
        <div class="segmented" role="group" aria-label="Diff layout">
          <button type="button" aria-pressed={mode === 'unified'} class={mode === 'unified' ? 'active' : ''} onClick={() => setMode('unified')}>Unified</button>
          <button type="button" aria-pressed={mode === 'split'} class={mode === 'split' ? 'active' : ''} onClick={() => setMode('split')}>Side by side</button>
        </div>
        <form class="rev-form" onSubmit={(e) => { e.preventDefault(); setRevision(revInput.trim()); }}>
          <label>Revision <input type="text" value={revInput} placeholder="newest commit" aria-label="Compare revision" onInput={(e) => setRevInput((e.target as HTMLInputElement).value)} /></label>
          <button type="submit" class="secondary">Compare</button>
          {revision && <button type="button" class="secondary" onClick={() => { setRevision(''); setRevInput(''); }}>Newest</button>}
        </form>
        {data && <span class="muted summary">{data.summary.create} to create · {data.summary.update} to update · {data.summary.delete} to delete · {data.summary.unchanged} unchanged</span>}
      </div>
      <p class="legend muted">Field origins: <span class="origin git">git</span> changed by a commit · <span class="origin drift">drift</span> changed in the cluster behind Tugboat's back · <span class="origin removed">removed</span> dropped from git</p>
      {error && <p class="error" role="alert">{error}</p>}
      {data?.errors.map((e) => <p class="error" role="alert">{e.message}</p>)}
      {!data ? (loading ? <p class="muted">Loading…</p> : null)
        : changed.length === 0 && data.errors.length === 0 ? <p class="no-diff">No differences: the cluster matches {revision ? `revision ${revision}` : 'git'}.</p>
        : changed.map((r) => <ResourceDiff key={`${r.key.group}/${r.key.kind}/${r.key.namespace}/${r.key.name}`} r={r} mode={mode} />)}
    </div>
  );
}

function ResourceDiff(props: { r: DiffResource; mode: Mode }) {
  const { r } = props;
  const edits = useMemo(() => diffLines(splitLines(r.before), splitLines(r.after)), [r.before, r.after]);
  return (
    <section class="resource-diff" aria-label={`${r.action} ${title(r)}`}>
      <h3><span class={`action ${r.action}`}>{r.action}</span> {title(r)}</h3>
      {r.fields.length > 0 && (
        <ul class="fields" aria-label="Changed fields">
          {r.fields.map((f) => <li><code>{f.path}</code> <span class={`origin ${f.origin}`}>{f.origin}</span></li>)}
        </ul>
      )}
      {props.mode === 'unified' ? <Unified edits={edits} /> : <Split edits={edits} />}
    </section>
  );
}

function Unified(props: { edits: LineEdit[] }) {
  const hs = hunks(props.edits, 3);
  return (
    <pre class="udiff">
      {hs.map((h) => (
        <>
          <span class="hunk">{h.header}{'\n'}</span>
          {h.edits.map((e) => <span class={e.op === '+' ? 'add' : e.op === '-' ? 'del' : 'ctx'}>{e.op}{e.line}{'\n'}</span>)}
        </>
      ))}
    </pre>
  );
}

interface Row { left?: { n: number; text: string; kind: 'del' | 'ctx' }; right?: { n: number; text: string; kind: 'add' | 'ctx' } }

/** Pairs each run of deletions with the insertions that follow it, line by line. */
function splitRows(edits: LineEdit[]): Row[] {
  const rows: Row[] = [];
  let ln = 1;
  let rn = 1;
  let i = 0;
  while (i < edits.length) {
    const e = edits[i]!;
    if (e.op === ' ') {
      rows.push({ left: { n: ln++, text: e.line, kind: 'ctx' }, right: { n: rn++, text: e.line, kind: 'ctx' } });
      i++;
      continue;
    }
    const dels: string[] = [];
    const adds: string[] = [];
    while (i < edits.length && edits[i]!.op === '-') dels.push(edits[i++]!.line);
    while (i < edits.length && edits[i]!.op === '+') adds.push(edits[i++]!.line);
    for (let k = 0; k < Math.max(dels.length, adds.length); k++) {
      rows.push({
        ...(k < dels.length ? { left: { n: ln++, text: dels[k]!, kind: 'del' as const } } : {}),
        ...(k < adds.length ? { right: { n: rn++, text: adds[k]!, kind: 'add' as const } } : {}),
      });
    }
  }
  return rows;
}

/** Side by side, with unchanged runs longer than 7 lines folded to their first and last 3. */
function Split(props: { edits: LineEdit[] }) {
  const rows = splitRows(props.edits);
  const keep = rows.map((r) => r.left?.kind !== 'ctx' || r.right?.kind !== 'ctx');
  const near = rows.map((_, i) => { for (let d = -3; d <= 3; d++) if (keep[i + d]) return true; return false; });
  const out: preact.JSX.Element[] = [];
  let skipped = 0;
  rows.forEach((r, i) => {
    if (!near[i]) { skipped++; return; }
    if (skipped) { out.push(<tr class="fold"><td colSpan={4}>⋯ {skipped} unchanged lines</td></tr>); skipped = 0; }
    out.push(
      <tr>
        <td class="ln">{r.left?.n ?? ''}</td><td class={`code ${r.left?.kind ?? 'empty'}`}>{r.left?.text ?? ''}</td>
        <td class="ln">{r.right?.n ?? ''}</td><td class={`code ${r.right?.kind ?? 'empty'}`}>{r.right?.text ?? ''}</td>
      </tr>,
    );
  });
  if (skipped) out.push(<tr class="fold"><td colSpan={4}>⋯ {skipped} unchanged lines</td></tr>);
  return (
    <table class="sdiff">
      <colgroup><col class="ln" /><col /><col class="ln" /><col /></colgroup>
      <thead><tr><th colSpan={2}>live</th><th colSpan={2}>desired</th></tr></thead>
      <tbody>{out}</tbody>
    </table>
  );
}

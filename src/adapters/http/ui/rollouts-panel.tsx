/** Each Rollout of the app: strategy, phase, steps (current one marked), weight, revisions, Promote / Abort. */
import { useState } from 'preact/hooks';
import { appPath, getJson, postJson } from './api.js';
import type { RolloutStatus } from './types.js';
import { toast } from './toasts.js';
import { Chip, ConfirmDialog, Rev, useLoad } from './widgets.js';

type Step = Record<string, unknown>;

interface RolloutObject {
  spec?: { strategy?: { canary?: { steps?: Step[] }; blueGreen?: { autoPromotionEnabled?: boolean } } };
}

function stepLabel(s: Step): string {
  if (typeof s.setWeight === 'number') return `set weight ${s.setWeight}%`;
  const pause = s.pause as { duration?: string | number } | undefined;
  if (pause) return pause.duration !== undefined ? `pause ${pause.duration}` : 'pause until promoted';
  const scale = s.setCanaryScale as { replicas?: number; weight?: number; matchTrafficWeight?: boolean } | undefined;
  if (scale) return scale.replicas !== undefined ? `canary scale ${scale.replicas} replicas` : scale.weight !== undefined ? `canary scale ${scale.weight}%` : 'canary scale matches weight';
  return Object.keys(s).join(', ') || 'step';
}

export function RolloutsPanel(props: { app: string; namespace: string; rollouts: RolloutStatus[]; version: number }) {
  return (
    <section class="rollouts" aria-label="Rollouts">
      <h2>Rollouts</h2>
      {props.rollouts.map((r) => <RolloutCard key={r.name} app={props.app} namespace={props.namespace} r={r} version={props.version} />)}
    </section>
  );
}

function RolloutCard(props: { app: string; namespace: string; r: RolloutStatus; version: number }) {
  const { r } = props;
  const [ask, setAsk] = useState<'promote' | 'abort' | undefined>();
  const [full, setFull] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const namespace = props.namespace;
  // The steps come from the Rollout's own spec (the status carries only the current index).
  const qs = new URLSearchParams({ group: 'tugboat.dev', kind: 'Rollout', namespace, name: r.name });
  const obj = useLoad((signal) => (namespace ? getJson<RolloutObject>(appPath(props.app, `/resource?${qs}`), signal) : Promise.resolve(undefined)), [props.app, r.name, namespace], props.version).data;
  const steps = obj?.spec?.strategy?.canary?.steps ?? [];
  const act = async (what: 'promote' | 'abort') => {
    setBusy(true);
    setError(undefined);
    try {
      await postJson(appPath(props.app, `/rollouts/${encodeURIComponent(r.name)}/${what}`), what === 'promote' && full ? { full: true } : {});
      toast(`${what === 'promote' ? 'Promoted' : 'Aborted'} rollout ${r.name}`);
      setAsk(undefined);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const blueGreen = r.strategy === 'blueGreen';
  return (
    <article class="rollout" aria-label={`Rollout ${r.name}`} data-rollout={r.name}>
      <div class="rollout-head">
        <h3>{r.name}</h3>
        <span class="sub">{blueGreen ? 'blue/green' : r.strategy}</span>
        <Chip value={r.phase} />
        {!blueGreen && <span class="weight" aria-label="Canary weight">{r.weight ?? 0}%</span>}
        <span class="spacer" />
        <button type="button" class="primary" onClick={() => { setError(undefined); setAsk('promote'); }}>Promote</button>
        <button type="button" class="danger" onClick={() => { setError(undefined); setAsk('abort'); }}>Abort</button>
      </div>
      {r.message && <p class="sub">{r.message}</p>}
      <dl class="facts compact">
        {blueGreen ? (
          <>
            <div><dt>Active</dt><dd><Rev rev={r.activeRevision} /></dd></div>
            <div><dt>Preview</dt><dd><Rev rev={r.previewRevision} /></dd></div>
          </>
        ) : (
          <>
            <div><dt>Stable</dt><dd><Rev rev={r.stableRevision} /></dd></div>
            <div><dt>Canary</dt><dd><Rev rev={r.canaryRevision ?? r.previewRevision} /></dd></div>
          </>
        )}
      </dl>
      {!blueGreen && (
        <div class="weight-bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={r.weight ?? 0} aria-label="Canary weight">
          <div style={{ width: `${Math.max(0, Math.min(100, r.weight ?? 0))}%` }} />
        </div>
      )}
      {steps.length > 0 && (
        <ol class="steps" aria-label="Steps">
          {steps.map((s, i) => {
            const state = r.currentStep === undefined ? '' : i < r.currentStep ? 'done' : i === r.currentStep ? 'current' : '';
            return <li class={state} aria-current={state === 'current' ? 'step' : undefined}>{stepLabel(s)}</li>;
          })}
        </ol>
      )}
      {ask && (
        <ConfirmDialog title={`${ask === 'promote' ? 'Promote' : 'Abort'} rollout ${r.name}?`} action={ask === 'promote' ? 'Promote' : 'Abort'} danger={ask === 'abort'} busy={busy} error={error} onConfirm={() => void act(ask)} onCancel={() => setAsk(undefined)}>
          {ask === 'promote'
            ? <>{blueGreen ? <p>Switch the active Service to the new ReplicaSet.</p> : <p>Go on to the next step.</p>}
              {!blueGreen && <label class="check"><input type="checkbox" checked={full} onChange={(e) => setFull((e.target as HTMLInputElement).checked)} /> Full: skip the remaining steps</label>}</>
            : <p>Send all traffic back to the stable ReplicaSet and scale the new one down.</p>}
        </ConfirmDialog>
      )}
    </article>
  );
}

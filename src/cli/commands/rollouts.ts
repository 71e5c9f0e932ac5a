import { call, type ClientOptions } from '../client.js';

interface RolloutView { name: string; strategy: string; phase: string; currentStep: number; weight: number; stableRevision: string; previewRevision: string; message: string }

const short = (sha: string) => (sha ? sha.slice(0, 7) : '-');

function line(app: string, r: RolloutView): string {
  return `${app}/${r.name}: ${r.phase}, step ${r.currentStep}, weight ${r.weight}, stable ${short(r.stableRevision)}${r.previewRevision ? `, new ${short(r.previewRevision)}` : ''}${r.message ? ` - ${r.message}` : ''}\n`;
}

/** The Rollouts block of `tugboat status APP`. */
export function rolloutRows(rollouts: RolloutView[]): string[][] {
  return rollouts.map((r) => [r.name, r.strategy, r.phase, String(r.currentStep), String(r.weight), short(r.stableRevision), short(r.previewRevision), r.message]);
}

export async function promoteCommand(client: ClientOptions, app: string, rollout: string, opts: { full?: boolean; output?: string }): Promise<void> {
  const res = await call(client, 'POST', `/api/v1/applications/${encodeURIComponent(app)}/rollouts/${encodeURIComponent(rollout)}/promote`, opts.full ? { full: true } : {});
  const out = res.json() as { rollout: RolloutView };
  process.stdout.write(opts.output === 'json' ? JSON.stringify(out, null, 2) + '\n' : `promoted ${line(app, out.rollout)}`);
}

export async function abortCommand(client: ClientOptions, app: string, rollout: string, opts: { output?: string }): Promise<void> {
  const res = await call(client, 'POST', `/api/v1/applications/${encodeURIComponent(app)}/rollouts/${encodeURIComponent(rollout)}/abort`, {});
  const out = res.json() as { rollout: RolloutView };
  process.stdout.write(opts.output === 'json' ? JSON.stringify(out, null, 2) + '\n' : `aborted ${line(app, out.rollout)}`);
}

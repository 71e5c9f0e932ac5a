import { readFileSync } from 'node:fs';

/** The package's version, from its package.json (two folders up from src/cli/commands and dist/cli/commands). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/** `tugboat version [-o json]`: Tugboat's version, the Node.js running it and the Helm version `tugboat template` renders as. */
export async function versionCommand(opts: { output?: string }): Promise<void> {
  const { HELM_VERSION } = await import('../../core/chart/capabilities.js');
  const v = { version: packageVersion(), node: process.version, helmCompatible: HELM_VERSION };
  process.stdout.write(opts.output === 'json'
    ? JSON.stringify(v, null, 2) + '\n'
    : `tugboat ${v.version} (Node.js ${v.node}, charts rendered as Helm ${v.helmCompatible})\n`);
}

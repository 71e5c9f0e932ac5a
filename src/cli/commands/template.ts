import { readFileSync } from 'node:fs';
import { ChartError, formatManifests, renderChart } from '../../core/chart/render-chart.js';
import { SetValuesError, type SetMode } from '../../core/chart/set-values.js';
import { CliError, EXIT } from '../exit-codes.js';
import { readChartDir } from '../../adapters/chart-dir.js';
import { validateJsonSchema } from '../../adapters/json-schema.js';
import { systemTemplateClock } from '../../adapters/template-clock.js';

export interface TemplateOptions {
  namespace?: string;
  values: string[];
  set: string[];
  setString: string[];
  setJson: string[];
  apiVersions: string[];
  kubeVersion?: string;
  showOnly: string[];
}

/** `tugboat template RELEASE CHART`: what `helm template` prints for the same inputs. */
export function templateCommand(release: string, chartDir: string, opts: TemplateOptions): void {
  let files: Map<string, string>;
  try {
    files = readChartDir(chartDir);
  } catch (err) {
    throw new CliError(`cannot read chart ${chartDir}: ${(err as Error).message}`, EXIT.usage);
  }
  const setFlags: Array<{ mode: SetMode; value: string }> = [
    ...opts.set.map((value) => ({ mode: 'typed' as const, value })),
    ...opts.setString.map((value) => ({ mode: 'string' as const, value })),
    ...opts.setJson.map((value) => ({ mode: 'json' as const, value })),
  ];
  try {
    const manifests = renderChart(files, {
      releaseName: release,
      namespace: opts.namespace ?? 'default',
      valueFiles: opts.values.map((f) => readFileSync(f, 'utf8')),
      setFlags,
      apiVersions: opts.apiVersions,
      kubeVersion: opts.kubeVersion,
      validateSchema: validateJsonSchema,
      clock: systemTemplateClock,
    });
    const chosen = opts.showOnly.length === 0 ? manifests : manifests.filter((m) => opts.showOnly.some((s) => m.source.endsWith('/' + s) || m.source === s));
    if (opts.showOnly.length > 0 && chosen.length === 0) throw new CliError(`could not find template ${opts.showOnly.join(', ')} in chart`, EXIT.usage);
    process.stdout.write(formatManifests(chosen));
  } catch (err) {
    if (err instanceof CliError) throw err;
    if (err instanceof ChartError || err instanceof SetValuesError || err instanceof Error) throw new CliError(err.message, EXIT.usage);
    throw err;
  }
}

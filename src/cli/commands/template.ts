import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ChartError, renderRelease, type ChartRelease } from '../../core/chart/render-chart.js';
import { TemplateRenderError } from '../../core/chart/helm-errors.js';
import { SetValuesError, type SetMode } from '../../core/chart/set-values.js';
import { isTestHook, templateOutput } from '../../core/chart/template-output.js';
import { CliError, EXIT } from '../exit-codes.js';
import { readChartDir } from '../../adapters/chart-dir.js';
import { readChartArchive } from '../../adapters/chart-archives.js';
import { validateJsonSchema } from '../../adapters/json-schema.js';
import { systemTemplateClock } from '../../adapters/template-clock.js';
import { prefetchedPrimes, primesWanted } from '../../adapters/template-primes.js';
import { templateCache } from '../../adapters/template-cache.js';

export interface TemplateOptions {
  namespace?: string;
  values: string[];
  set: string[];
  setString: string[];
  setJson: string[];
  setFile: string[];
  setLiteral: string[];
  apiVersions: string[];
  kubeVersion?: string;
  showOnly: string[];
  includeCrds: boolean;
  skipCrds: boolean;
  skipTests: boolean;
  noHooks: boolean;
  isUpgrade: boolean;
  outputDir?: string;
}

/** Helm's hint after a template that fails to render (not after bad values or a missing dependency). */
const DEBUG_HINT = '\n\nUse --debug flag to render out invalid YAML';

/**
 * `tugboat template RELEASE CHART`, reporting as `helm template` does: `Error: …` on stderr, exit 1
 * for a chart that does not render, 2 for bad input (flags, files that cannot be read).
 */
export function runTemplateCommand(release: string, chart: string, opts: TemplateOptions): void {
  try {
    templateCommand(release, chart, opts);
  } catch (err) {
    const exit = err instanceof CliError ? err.exitCode : EXIT.failed;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`Error: ${message}\n`);
    process.exitCode = exit;
  }
}

/** A log line as Helm's (Go slog's text handler) writes it to stderr. */
function logLine(message: string, attrs: Record<string, string>): string {
  const value = (v: string) => (v !== '' && /^[!#-<>-~\u00a1-\uffff]+$/u.test(v) ? v : JSON.stringify(v));
  return `level=INFO msg=${value(message)}${Object.entries(attrs).map(([k, v]) => ` ${k}=${value(v)}`).join('')}\n`;
}

function readChart(chart: string): Map<string, string> {
  try {
    if (/\.tgz$/.test(chart) && statSync(chart).isFile()) return readChartArchive(readFileSync(chart));
    return readChartDir(chart);
  } catch (err) {
    if (err instanceof ChartError) throw new CliError(err.message, EXIT.usage);
    throw new CliError(`cannot read chart ${chart}: ${(err as Error).message}`, EXIT.usage);
  }
}

/** `tugboat template RELEASE CHART`: what `helm template` prints for the same inputs. */
export function templateCommand(release: string, chartPath: string, opts: TemplateOptions): void {
  const files = readChart(chartPath);
  // genPrivateKey's RSA keys: primes made on a second thread from the first key on.
  const primes = prefetchedPrimes(primesWanted(files), undefined, 'first-use');
  const setFlags: Array<{ mode: SetMode; value: string }> = [
    ...opts.set.map((value) => ({ mode: 'typed' as const, value })),
    ...opts.setString.map((value) => ({ mode: 'string' as const, value })),
    ...opts.setJson.map((value) => ({ mode: 'json' as const, value })),
    ...(opts.setFile ?? []).map((value) => ({ mode: 'file' as const, value })),
    ...(opts.setLiteral ?? []).map((value) => ({ mode: 'literal' as const, value })),
  ];
  const valueFiles = opts.values.map((f) => {
    try {
      return readFileSync(f, 'utf8');
    } catch (err) {
      throw new CliError(`open ${f}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`, EXIT.usage);
    }
  });
  const readSetFile = (p: string) => {
    try {
      return readFileSync(p, 'utf8');
    } catch (err) {
      throw new SetValuesError(`open ${p}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
    }
  };
  let rendered: ChartRelease;
  // What earlier runs read and parsed of this chart's files; what this run adds is kept for the next.
  const cache = templateCache();
  try {
    rendered = renderRelease(files, {
      releaseName: release,
      namespace: opts.namespace ?? 'default',
      valueFiles,
      valueFileNames: opts.values,
      setFlags,
      readSetFile,
      apiVersions: opts.apiVersions,
      kubeVersion: opts.kubeVersion,
      isUpgrade: opts.isUpgrade,
      validateSchema: validateJsonSchema,
      clock: systemTemplateClock,
      primes,
      parsedTrees: cache.parsedTrees,
      parsedYaml: cache.parsedYaml,
      onWarning: (message, attrs) => process.stderr.write(logLine(message, attrs)),
    });
  } catch (err) {
    if (err instanceof SetValuesError) throw new CliError(err.message, EXIT.usage);
    if (err instanceof TemplateRenderError) throw new CliError(err.message + DEBUG_HINT, EXIT.failed);
    if (err instanceof Error) throw new CliError(err.message, EXIT.failed);
    throw err;
  } finally {
    cache.save();
  }
  if (opts.outputDir) {
    writeOutputDir(rendered, opts.outputDir, opts);
    return;
  }
  let out: string;
  try {
    out = templateOutput(rendered, { includeCrds: opts.includeCrds, noHooks: opts.noHooks, skipTests: opts.skipTests, showOnly: opts.showOnly });
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.failed);
  }
  process.stdout.write(out);
}

/**
 * `--output-dir`: each document written to DIR/<source path> (documents of one template appended to
 * one file), a `wrote <file>` line per document, as Helm does; then the (empty) manifest text's newline.
 */
function writeOutputDir(r: ChartRelease, dir: string, opts: TemplateOptions): void {
  const lines: string[] = [];
  const written = new Set<string>();
  const write = (source: string, content: string, append: boolean) => {
    const file = `${dir}/${source}`;
    mkdirSync(dirname(file), { recursive: true });
    const text = `---\n# Source: ${source}\n${content}\n`;
    if (append) appendFileSync(file, text);
    else writeFileSync(file, text);
    lines.push(`wrote ${file}\n`);
  };
  if (opts.includeCrds) for (const c of r.crds) { write(c.source, c.content, written.has(c.source)); written.add(c.source); }
  for (const m of r.manifests) { write(m.source, m.content, written.has(m.source)); written.add(m.source); }
  if (!opts.noHooks) {
    for (const h of r.hooks) {
      if (opts.skipTests && isTestHook(h)) continue;
      // Helm appends a hook to a file that already exists, even one left by an earlier run.
      write(h.source, h.content, existsSync(join(dir, h.source)));
    }
  }
  process.stdout.write(lines.join('') + '\n');
}

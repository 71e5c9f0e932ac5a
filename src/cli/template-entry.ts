/**
 * The fast way into `tugboat template`, used by bin/tugboat.cjs and bundled into one file
 * (scripts/bundle.mjs): a well-formed call is parsed with node:util and rendered without loading
 * commander and the rest of the CLI. Anything else (help, an unknown or malformed flag, a wrong
 * number of arguments) is left to the full CLI, which reports it.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { runTemplateCommand, type TemplateOptions } from './commands/template.js';
import { TEMPLATE_FLAGS, camelFlag } from './template-flags.js';

export { runTemplateCommand } from './commands/template.js';

const PARSE_OPTIONS: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(
  TEMPLATE_FLAGS.map((f) => [f.long, { type: f.value ? ('string' as const) : ('boolean' as const), multiple: f.repeatable, ...(f.short ? { short: f.short } : {}) }]),
);

export interface TemplateCall {
  release: string;
  chart: string;
  opts: TemplateOptions;
}

/** The arguments after `template`, or undefined when the full CLI should handle them. */
export function parseTemplateCall(args: string[]): TemplateCall | undefined {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: PARSE_OPTIONS, allowPositionals: true, strict: true });
  } catch {
    return undefined;
  }
  if (parsed.positionals.length !== 2) return undefined;
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const opts: Record<string, string | string[] | boolean | undefined> = {};
  for (const f of TEMPLATE_FLAGS) {
    const v = values[f.long];
    if (!f.value) opts[camelFlag(f.long)] = v === true;
    else opts[camelFlag(f.long)] = f.repeatable ? (Array.isArray(v) ? v : []) : typeof v === 'string' ? v : f.default;
  }
  const [release, chart] = parsed.positionals as [string, string];
  return { release, chart, opts: opts as unknown as TemplateOptions };
}

/** Runs `tugboat template ARGS…` if the call is well-formed; false hands it to the full CLI. */
export function runTemplate(args: string[]): boolean {
  const call = parseTemplateCall(args);
  if (!call) return false;
  runTemplateCommand(call.release, call.chart, call.opts);
  return true;
}

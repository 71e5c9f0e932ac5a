import type { Logger } from '../../core/ports.js';
import { makeRedactor, type Redactor } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  format?: LogFormat;
  out?: NodeJS.WritableStream;
  /** Values that must never be written (tokens, secrets, notification URLs). */
  secrets?: Iterable<string>;
  /** Injected for tests; default Date.now. */
  now?: () => number;
}

/**
 * The daemon's log (SPEC §13): one line per call, on stderr by default.
 * text: `2026-11-21T10:00:00.000Z info "sync finished" event=sync.finished app=web created=1`
 * json: `{"time":"…","level":"info","msg":"sync finished","event":"sync.finished","app":"web","created":1}`
 * Every line goes through the redactor first: a secret value cannot reach the output by any field.
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const format = opts.format ?? 'text';
  const out = opts.out ?? process.stderr;
  const now = opts.now ?? Date.now;
  const redact: Redactor = makeRedactor(opts.secrets ?? []);
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[level] < min) return;
    const time = new Date(now()).toISOString();
    const safeMsg = redact(msg) as string;
    const safe = (redact(fields ?? {}) as Record<string, unknown>);
    if (format === 'json') {
      // time, level, msg first; a field cannot overwrite them.
      const { time: _t, level: _l, msg: _m, ...rest } = safe;
      out.write(JSON.stringify({ time, level, msg: safeMsg, ...rest }) + '\n');
      return;
    }
    const parts = [time, level, JSON.stringify(safeMsg)];
    for (const [k, v] of Object.entries(safe)) {
      if (v === undefined) continue;
      const s = typeof v === 'string' ? v : JSON.stringify(v);
      parts.push(`${k}=${s === '' || /[\s"=]/.test(s) ? JSON.stringify(s) : s}`);
    }
    out.write(parts.join(' ') + '\n');
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

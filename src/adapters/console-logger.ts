import type { Logger } from '../core/ports.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** logfmt-style lines on stderr: `2026-11-21T10:00:00.000Z info msg key=value`. */
export function consoleLogger(min: Level = 'info', out: NodeJS.WritableStream = process.stderr): Logger {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[min]) return;
    const parts = [new Date().toISOString(), level, JSON.stringify(msg)];
    for (const [k, v] of Object.entries(fields ?? {})) {
      const s = typeof v === 'string' ? v : JSON.stringify(v);
      parts.push(`${k}=${/[\s"=]/.test(s) ? JSON.stringify(s) : s}`);
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

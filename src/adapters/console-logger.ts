import type { Logger } from '../core/ports.js';
import { createLogger, type LogLevel } from './log/logger.js';

/** logfmt-style lines on stderr: `2026-11-21T10:00:00.000Z info "msg" key=value`. See log/logger.ts. */
export function consoleLogger(min: LogLevel = 'info', out: NodeJS.WritableStream = process.stderr): Logger {
  return createLogger({ level: min, format: 'text', out });
}

export { loadConfig, parseConfig, formatPath, API_VERSION, CONFIG_KIND, DEFAULTS, type Env } from './parse.js';
export { parseDuration, formatDuration } from './duration.js';
export { ConfigError, formatIssue } from './errors.js';
export type * from './types.js';

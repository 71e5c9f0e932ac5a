import type { Config } from '../../config/types.js';

/** Every value of the config that is a secret: never written to a log line or a notification. */
export function configSecrets(config: Config): string[] {
  const out: string[] = [];
  if (config.server.token) out.push(config.server.token);
  for (const s of config.sources) if (s.webhookSecret) out.push(s.webhookSecret);
  for (const t of config.notifications.targets) {
    if (t.type === 'webhook' && t.secret) out.push(t.secret);
    if (t.type === 'github' && t.token) out.push(t.token);
    // A Slack incoming-webhook URL is itself the credential.
    if (t.type === 'slack') out.push(t.url, new URL(t.url).pathname);
  }
  return out.filter((s) => s.length >= 4 && s !== '/');
}

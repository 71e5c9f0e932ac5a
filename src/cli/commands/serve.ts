import { join } from 'node:path';
import { loadConfig } from '../../config/index.js';
import { createLogger, type LogFormat, type LogLevel } from '../../adapters/log/logger.js';
import { configSecrets } from '../../adapters/log/config-secrets.js';
import { startRuntime } from '../../runtime.js';
import { CliError, EXIT } from '../exit-codes.js';

export async function serveCommand(opts: { config: string; port?: string; logLevel?: LogLevel; logFormat?: LogFormat; leaderElect?: boolean }): Promise<void> {
  const config = loadConfig(opts.config, process.env);
  // Flags win over tugboat.yaml's logging section; TUGBOAT_LOG_LEVEL=debug stays as a quick switch.
  const level = opts.logLevel ?? (process.env.TUGBOAT_LOG_LEVEL === 'debug' ? 'debug' : config.logging.level);
  const logger = createLogger({ level, format: opts.logFormat ?? config.logging.format, secrets: configSecrets(config) });
  const port = opts.port !== undefined ? Number(opts.port) : undefined;
  if (opts.leaderElect && config.cluster.type !== 'kube') {
    throw new CliError('--leader-elect needs cluster.type: kube (the replicas share a Lease on the cluster\'s API server)', EXIT.usage);
  }
  // Losing the Lease: this replica already stopped writing; it exits so its supervisor starts it again as a standby.
  const onLeadershipLost = () => {
    logger.error('leader election: lost the Lease; exiting so that a fresh start rejoins as a standby');
    void rt.stop().finally(() => process.exit(1));
  };
  const rt = await startRuntime(config, { port, logger, leaderElect: opts.leaderElect === true, onLeadershipLost });
  const out = process.stdout;
  // The commands suggested below reach this daemon: on another port than the CLI's default they say so.
  const serverFlag = rt.url === 'http://127.0.0.1:8080' ? '' : ` --server ${rt.url}`;
  out.write(`Tugboat is running.\n`);
  out.write(`  API:      ${rt.url}/api/v1/applications\n`);
  out.write(`  UI:       ${rt.url}/\n`);
  out.write(`  Metrics:  ${rt.url}/metrics\n`);
  if (opts.leaderElect) out.write(`  Leader election: Lease tugboat-system/tugboat-leader (only the holder reconciles; tugboat_leader in /metrics)\n`);
  if (rt.kubeApi) out.write(`  Kubernetes API: ${rt.kubeApi.url} (kubectl --kubeconfig ${rt.kubeApi.kubeconfig} get pods -A)\n`);
  for (const s of config.sources) {
    if (s.isRemote) {
      out.write(`  Source ${s.name}: ${s.repo} (branch ${s.branch}), fetched every ${s.pollInterval / 1000}s and on push webhooks at ${rt.url}/api/v1/webhooks/git\n`);
    } else {
      const app = config.applications.find((a) => a.source === s.name);
      const file = app ? join(s.repo, app.path) : s.repo;
      out.write(`  Source ${s.name}: ${s.repo} (branch ${s.branch}) is watched for commits. Try:\n`);
      out.write(`      cd ${s.repo} && $EDITOR ${file.slice(s.repo.length + 1) || '.'}/… && git commit -am "change" \n`);
      out.write(`      npx tugboat status${serverFlag}    # the commit is applied within a fraction of a second\n`);
    }
  }
  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    void rt.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { CliError, EXIT, reportError } from './exit-codes.js';
import type { ClientOptions } from './client.js';
import type { TemplateOptions } from './commands/template.js';
import { TEMPLATE_FLAGS } from './template-flags.js';
import { packageVersion } from './commands/version.js';

// Each command loads its own modules when it runs: `tugboat template` never pays for the daemon's
// HTTP server, SQLite and git adapters at start-up.
const serveCommand = async (...a: Parameters<typeof import('./commands/serve.js').serveCommand>) => (await import('./commands/serve.js')).serveCommand(...a);
const renderCommand = async (...a: Parameters<typeof import('./commands/render.js').renderCommand>) => (await import('./commands/render.js')).renderCommand(...a);
const remote = () => import('./commands/remote.js');
const sim = () => import('./commands/sim.js');
const diffRevisionsCommand = async (...a: Parameters<typeof import('./commands/diff-revisions.js').diffRevisionsCommand>) => (await import('./commands/diff-revisions.js')).diffRevisionsCommand(...a);
const templateCommand = async (...a: Parameters<typeof import('./commands/template.js').runTemplateCommand>) => (await loadTemplateCommand()).runTemplateCommand(...a);

/** `npm run build` bundles the template command into one file (scripts/bundle.mjs), which starts far faster. */
async function loadTemplateCommand(): Promise<typeof import('./template-entry.js')> {
  const bundled = new URL('../bundle/template.js', import.meta.url);
  if (existsSync(fileURLToPath(bundled))) return (await import(bundled.href)) as typeof import('./template-entry.js');
  return import('./template-entry.js');
}

// git must never wait for a password on a terminal nobody watches.
process.env.GIT_TERMINAL_PROMPT = '0';

const program = new Command();
program
  .name('tugboat')
  .description('Declarative GitOps reconciler: git manifests to a (simulated) Kubernetes cluster.')
  .version(packageVersion(), '--version', 'print the version')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const serverOption = () => new Option('--server <url>', 'daemon URL').default(process.env.TUGBOAT_SERVER ?? 'http://127.0.0.1:8080');
const outputOption = (choices: string[]) => new Option('-o, --output <format>', 'output format').choices(choices);
const client = (opts: { server: string }): ClientOptions => ({ server: opts.server, token: process.env.TUGBOAT_TOKEN });

program.command('serve')
  .description('run the daemon: watch sources, reconcile apps, serve the API, metrics and UI')
  .option('-c, --config <file>', 'config file', 'tugboat.yaml')
  .option('-p, --port <port>', 'API port (overrides server.port)')
  .addOption(new Option('--log-level <level>', 'log level (overrides logging.level)').choices(['debug', 'info', 'warn', 'error']))
  .addOption(new Option('--log-format <format>', 'log format (overrides logging.format)').choices(['text', 'json']))
  .option('--leader-elect', 'run as one of several replicas (cluster.type kube): only the holder of the Lease tugboat-system/tugboat-leader reconciles')
  .action(async (opts: { config: string; port?: string; logLevel?: 'debug' | 'info' | 'warn' | 'error'; logFormat?: 'text' | 'json'; leaderElect?: boolean }) => {
    if (opts.port !== undefined && !/^\d+$/.test(opts.port)) throw new CliError(`--port must be a number, got "${opts.port}"`, EXIT.usage);
    await serveCommand(opts);
  });

program.command('version')
  .description('print the version (with the Node.js and Helm versions)')
  .addOption(outputOption(['json']))
  .action(async (opts: { output?: string }) => (await import('./commands/version.js')).versionCommand(opts));

program.command('render')
  .description("print an app's desired objects as YAML (no daemon needed)")
  .argument('<app>', 'application name')
  .option('-c, --config <file>', 'config file', 'tugboat.yaml')
  .option('--revision <rev>', 'commit, branch or tag (default: the branch head)')
  .action(async (app: string, opts: { config: string; revision?: string }) => renderCommand(app, opts));

program.command('status')
  .description('show applications (or one) with sync and health status')
  .argument('[app]', 'application name')
  .addOption(outputOption(['json', 'wide']))
  .addOption(serverOption())
  .action(async (app: string | undefined, opts: { output?: string; server: string }) => (await remote()).statusCommand(client(opts), app, opts));

program.command('sync')
  .description('sync an application now')
  .argument('<app>', 'application name')
  .option('--revision <rev>', 'sync this commit instead of the branch head')
  .option('--dry-run', 'compute and validate without applying')
  .option('--prune', 'delete objects that left git, even when the prune guard blocks it')
  .addOption(outputOption(['json']))
  .addOption(serverOption())
  .action(async (app: string, opts: { revision?: string; dryRun?: boolean; prune?: boolean; output?: string; server: string }) => (await remote()).syncCommand(client(opts), app, opts));

program.command('history')
  .description("list an application's deployments")
  .argument('<app>', 'application name')
  .addOption(outputOption(['json']))
  .addOption(serverOption())
  .action(async (app: string, opts: { output?: string; server: string }) => (await remote()).historyCommand(client(opts), app, opts));

program.command('rollback')
  .description("re-apply an earlier deployment and hold auto-sync until the next commit")
  .argument('<app>', 'application name')
  .option('--to <id|rev>', 'history entry id or revision (default: the deployment before the current one)')
  .option('--git-revert', 'also commit the revert to the source (pushed to the branch of a remote source)')
  .addOption(outputOption(['json']))
  .addOption(serverOption())
  .action(async (app: string, opts: { to?: string; gitRevert?: boolean; output?: string; server: string }) => (await remote()).rollbackCommand(client(opts), app, opts));

const rollouts = () => import('./commands/rollouts.js');
program.command('promote')
  .description("move a Rollout past its current step or pause (with --full: past every remaining step)")
  .argument('<app>', 'application name')
  .argument('<rollout>', 'Rollout name')
  .option('--full', 'skip the remaining steps and promote fully')
  .addOption(outputOption(['json']))
  .addOption(serverOption())
  .action(async (app: string, rollout: string, opts: { full?: boolean; output?: string; server: string }) => (await rollouts()).promoteCommand(client(opts), app, rollout, opts));

program.command('abort')
  .description('abort a Rollout: traffic back to the stable ReplicaSet, the new revision quarantined')
  .argument('<app>', 'application name')
  .argument('<rollout>', 'Rollout name')
  .addOption(outputOption(['json']))
  .addOption(serverOption())
  .action(async (app: string, rollout: string, opts: { output?: string; server: string }) => (await rollouts()).abortCommand(client(opts), app, rollout, opts));

program.command('diff')
  .description('desired vs live through the daemon, or (with --base/--head) rendered base vs head for a pull request; exit 1 when they differ')
  .argument('[app]', 'application name (through the daemon)')
  .option('--revision <rev>', 'compare this commit instead of the branch head (through the daemon)')
  .option('-c, --config <file>', 'config file (with --base/--head)', 'tugboat.yaml')
  .option('--base <rev>', 'base revision: no daemon or cluster needed')
  .option('--head <rev>', 'head revision')
  .option('--app <name>', 'only this app (with --base/--head)')
  .option('--repo <path>', 'read the source from this checkout (with --base/--head)')
  .option('--no-color', 'no ANSI colours in text output (also when NO_COLOR is set)')
  .addOption(outputOption(['text', 'markdown', 'json', 'html']))
  .addOption(serverOption())
  .action(async (app: string | undefined, opts: { revision?: string; output?: string; server: string; config: string; base?: string; head?: string; app?: string; repo?: string; color?: boolean }) => {
    if (opts.base !== undefined || opts.head !== undefined) {
      if (!opts.base || !opts.head) throw new CliError('--base and --head go together', EXIT.usage);
      return diffRevisionsCommand({ config: opts.config, base: opts.base, head: opts.head, app: opts.app ?? app, repo: opts.repo, output: opts.output, color: opts.color });
    }
    if (!app) throw new CliError('an application name is needed (or --base and --head)', EXIT.usage);
    return (await remote()).diffCommand(client(opts), app, opts);
  });

const collect = (v: string, prev: string[]) => [...prev, v];
const templateCmd = program.command('template')
  .description('render a chart to stdout exactly as `helm template` would')
  .argument('<release>', 'release name')
  .argument('<chart>', 'chart directory');
for (const f of TEMPLATE_FLAGS) {
  const flags = `${f.short ? `-${f.short}, ` : ''}--${f.long}${f.value ? ` ${f.value}` : ''}`;
  if (!f.value) templateCmd.option(flags, f.description);
  else if (f.repeatable) templateCmd.option(flags, f.description, collect, []);
  else templateCmd.option(flags, f.description, f.default);
}
templateCmd.action(async (release: string, chart: string, opts: TemplateOptions & { hooks?: boolean }) => {
  // Commander reads `--no-hooks` as the negation of a `hooks` option; on/off flags are absent when not given.
  const { hooks, ...rest } = opts;
  await templateCommand(release, chart, { ...rest, noHooks: hooks === false, includeCrds: !!opts.includeCrds, skipCrds: !!opts.skipCrds, skipTests: !!opts.skipTests, isUpgrade: !!opts.isUpgrade });
});

const simCmd = program.command('sim').description('inspect and disturb the simulated cluster, like kubectl');
simCmd.command('get')
  .description('list objects of a kind (plural, singular or short name), or one by name')
  .argument('<kind>', 'e.g. pods, deploy, svc')
  .argument('[name]', 'object name')
  .option('-n, --namespace <ns>', 'namespace (default: default)')
  .option('-A, --all-namespaces', 'all namespaces')
  .option('-l, --selector <selector>', 'label selector, e.g. app=web,tier in (fe,be)')
  .addOption(outputOption(['yaml', 'json', 'wide']))
  .addOption(serverOption())
  .action(async (kind: string, name: string | undefined, opts: { namespace?: string; allNamespaces?: boolean; selector?: string; output?: string; server: string }) => (await sim()).simGet(client(opts), kind, name, opts));
simCmd.command('describe')
  .description('show one object in detail with its events')
  .argument('<kind>', 'e.g. pod, deployment')
  .argument('<name>', 'object name')
  .option('-n, --namespace <ns>', 'namespace (default: default)')
  .addOption(serverOption())
  .action(async (kind: string, name: string, opts: { namespace?: string; server: string }) => (await sim()).simDescribe(client(opts), kind, name, opts));
simCmd.command('delete')
  .description('delete an object (its controller may recreate it)')
  .argument('<kind>', 'e.g. pod')
  .argument('<name>', 'object name')
  .option('-n, --namespace <ns>', 'namespace (default: default)')
  .addOption(serverOption())
  .action(async (kind: string, name: string, opts: { namespace?: string; server: string }) => (await sim()).simDelete(client(opts), kind, name, opts));
simCmd.command('scale')
  .description('set spec.replicas of a Deployment, ReplicaSet, StatefulSet or Rollout (as kubectl scale; drift for Tugboat)')
  .argument('<kind>', 'e.g. deploy')
  .argument('<name>', 'object name')
  .requiredOption('--replicas <n>', 'the new number of replicas')
  .option('-n, --namespace <ns>', 'namespace (default: default)')
  .addOption(serverOption())
  .action(async (kind: string, name: string, opts: { namespace?: string; replicas?: string; server: string }) => (await sim()).simScale(client(opts), kind, name, opts));
simCmd.command('events')
  .description('cluster events, oldest first')
  .option('-n, --namespace <ns>', 'namespace (default: all)')
  .addOption(outputOption(['json']))
  .addOption(serverOption())
  .action(async (opts: { namespace?: string; output?: string; server: string }) => (await sim()).simEvents(client(opts), opts));
simCmd.command('node')
  .description('fail or recover a node')
  .argument('<action>', 'fail | recover')
  .argument('<node>', 'node name')
  .addOption(serverOption())
  .action(async (action: string, node: string, opts: { server: string }) => (await sim()).simNode(client(opts), action, node));

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; parse errors are usage errors.
      process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage);
    }
    process.exit(reportError(err));
  }
}

void main();

/**
 * `helm template` calls on the tiny charts of test/fixtures/charts/helm-behaviours, one Helm behaviour
 * each; scripts/gen-behaviour-goldens.mjs records the real Helm's stdout, stderr and exit code for
 * each into test/core/chart/golden/behaviours.json, and test/cli/template.test.ts checks that
 * `tugboat template` prints exactly the same. `outputDir: true` adds `--output-dir <a fresh folder>`
 * (the folder shows as `<out>` in the golden, and the files written there are compared too);
 * `stderrUpTo` compares stderr only up to that text.
 */
const B = 'test/fixtures/charts/helm-behaviours';
const plain = (name, why) => ({ name, why, chart: `${B}/${name}`, args: [] });

export const PACKAGED_CHART = 'test/fixtures/charts/packaged/dep-version-1.0.0.tgz';

export const BEHAVIOUR_CASES = [
  plain('split-inline-comment', 'a line starting with --- starts a document; the rest of the line belongs to it'),
  plain('split-leading-space', 'documents are trimmed; whitespace-only documents and files vanish'),
  plain('empty-render', 'a chart that renders nothing prints a single newline'),
  plain('toyaml-block-string', 'toYaml of a multi-line string indents the block body'),
  plain('tpl-empty-texts', 'tpl of empty, blank or comment-only text is "" at any depth, also inside include'),
  plain('dep-version', 'a subchart outside the version constraint is not that dependency: own name, own values, no alias condition'),
  plain('requirements-v1', 'apiVersion v1 charts take dependencies, conditions and tags from requirements.yaml'),
  plain('requirements-missing', 'a requirements.yaml dependency missing from charts/ is an error'),
  plain('yaml-reading', 'duplicate keys: the last wins; fromYaml reads the first document; dates stay strings'),
  plain('install-order', "documents in Helm's install order: PriorityClass first, CRDs after PVCs, webhooks after APIService, unknown kinds last by kind"),
  plain('hook-order', 'hooks after manifests, sorted by kind (weights do not reorder); unknown hook events dropped with a log line'),
  plain('lib-user', "a library chart's partials are usable; its other templates are neither loaded nor rendered"),
  plain('err-fail', 'fail: exit 1, Error: prefix, --debug hint'),
  plain('err-parse', 'an unknown function is a parse error with the line'),
  plain('err-unclosed', 'an unclosed action is a parse error at the end'),
  plain('err-nil', 'a nil pointer gets the executing trace'),
  plain('err-required', 'required names its position'),
  plain('err-tpl', "an error inside tpl is Go's one-line message"),
  plain('err-which-first', 'with several failing templates, the deepest path first, then reverse alphabetical'),
  plain('err-library', 'a library chart is not installable'),
  plain('err-schema-enum', 'schema errors by path; a null against a typed enum reports the type only'),
  plain('err-missing-dep', 'a dependency missing from charts/ is an error even when disabled'),
  // The reason is the YAML parser's own wording: compared up to it.
  { ...plain('err-bad-values', 'a broken values.yaml names the file'), stderrUpTo: 'yaml: line ' },
  plain('err-notes', 'NOTES.txt is rendered: its errors count'),
  { name: 'hooks-skip-tests', why: '--skip-tests leaves test hooks out', chart: `${B}/hook-order`, args: ['--skip-tests'] },
  { name: 'hooks-none', why: '--no-hooks leaves every hook out', chart: `${B}/hook-order`, args: ['--no-hooks'] },
  { name: 'crds-included', why: "--include-crds prints crds/ files (the chart's, then its subcharts') first, as they are", chart: `${B}/hook-order`, args: ['--include-crds'] },
  { name: 'crds-skip', why: '--skip-crds does not change what helm template prints', chart: `${B}/hook-order`, args: ['--include-crds', '--skip-crds'] },
  { name: 'is-upgrade', why: '--is-upgrade sets .Release.IsUpgrade', chart: `${B}/hook-order`, args: ['--is-upgrade'] },
  { name: 'show-only-glob', why: '--show-only takes globs, matched per pattern in order', chart: `${B}/hook-order`, args: ['-s', 'templates/tests/*', '-s', 'charts/inner/templates/cm.yaml'] },
  { name: 'show-only-multi', why: '--show-only of a file with several documents prints them in output order', chart: `${B}/install-order`, args: ['--show-only', 'templates/multi.yaml'] },
  { name: 'show-only-missing', why: '--show-only of no template is an error', chart: `${B}/install-order`, args: ['--show-only', 'templates/nope.yaml'] },
  { name: 'set-file-literal', why: '--set-file reads a file into a value, --set-literal keeps commas and braces, -a adds an API version', chart: `${B}/set-flags`, args: ['--set-file', `app.motd=${B}/set-flags/files/motd.txt`, '--set-literal', 'app.literal=a,b={c},d', '--set', 'app.both=1', '--set-literal', 'app.both=x,y', '-a', 'x.example/v9'] },
  { name: 'output-dir', why: '--output-dir writes one file per template and prints wrote lines', chart: `${B}/hook-order`, args: ['--include-crds'], outputDir: true },
  { name: 'packaged', why: 'a packaged .tgz chart renders as its folder does', chart: PACKAGED_CHART, args: [] },
];

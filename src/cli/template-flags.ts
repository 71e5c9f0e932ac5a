/**
 * The flags of `tugboat template`, in one table: the full CLI (commander, main.ts) and the fast entry
 * (template-entry.ts, node:util parseArgs) both build their parsers from it, so they cannot drift apart.
 */
export interface TemplateFlag {
  /** Long name, as typed after `--`. */
  long: string;
  short?: string;
  /** Placeholder shown in help, e.g. `<k=v>`; none for an on/off flag. */
  value?: string;
  description: string;
  repeatable: boolean;
  default?: string;
}

export const TEMPLATE_FLAGS: readonly TemplateFlag[] = [
  { long: 'namespace', short: 'n', value: '<ns>', description: 'release namespace', repeatable: false, default: 'default' },
  { long: 'values', short: 'f', value: '<file>', description: 'values file (repeatable; later files win)', repeatable: true },
  { long: 'set', value: '<k=v>', description: 'set values (repeatable)', repeatable: true },
  { long: 'set-string', value: '<k=v>', description: 'set string values (repeatable)', repeatable: true },
  { long: 'set-json', value: '<k=json>', description: 'set JSON values (repeatable)', repeatable: true },
  { long: 'set-file', value: '<k=path>', description: 'set values from files (repeatable)', repeatable: true },
  { long: 'set-literal', value: '<k=v>', description: 'set literal string values, no escaping or lists (repeatable)', repeatable: true },
  { long: 'api-versions', short: 'a', value: '<g/v>', description: 'extra API versions for .Capabilities (repeatable)', repeatable: true },
  { long: 'kube-version', value: '<v>', description: 'Kubernetes version for .Capabilities', repeatable: false },
  { long: 'show-only', short: 's', value: '<template>', description: 'only this template (repeatable)', repeatable: true },
  { long: 'include-crds', description: 'print the crds/ files too', repeatable: false },
  { long: 'skip-crds', description: 'do not install CRDs (no effect on the output, as in helm template)', repeatable: false },
  { long: 'skip-tests', description: 'leave test hooks out', repeatable: false },
  { long: 'no-hooks', description: 'leave hooks out', repeatable: false },
  { long: 'is-upgrade', description: 'render as an upgrade (.Release.IsUpgrade)', repeatable: false },
  { long: 'output-dir', value: '<dir>', description: 'write each template to a file in this folder instead of stdout', repeatable: false },
];

/** `set-string` → `setString`, as commander names option values. */
export function camelFlag(long: string): string {
  return long.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

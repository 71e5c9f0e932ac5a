/**
 * YAML as Helm reads it (go-yaml through sigs.k8s.io/yaml): YAML 1.1 scalars (`yes`, `on`, octal
 * `0755`), a repeated key keeps its last value, an unquoted date stays a string (JSON has no dates),
 * and of a text with several documents only the first counts.
 */
import { parseAllDocuments, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { BAIL, readYamlFast } from './yaml-fast.js';

export const HELM_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  uniqueKeys: false,
  customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
};

/** A YAML error worded in the shape Helm's reader gives it (`… yaml: line N: reason`); the reason is the parser's own. */
export class YamlReadError extends Error {
  constructor(readonly line: number, readonly reason: string) {
    super(`cannot unmarshal yaml document: error converting YAML to JSON: yaml: line ${line}: ${reason}`);
    this.name = 'YamlReadError';
  }
}

function readError(err: { message: string; linePos?: Array<{ line: number }> }): YamlReadError {
  const reason = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return new YamlReadError(err.linePos?.[0]?.line ?? 1, reason.charAt(0).toLowerCase() + reason.slice(1));
}

/** The first document of `text` as plain data (null when there is none); throws a YamlReadError. */
export function readYaml(text: string): unknown {
  const fast = readYamlFast(text, HELM_YAML);
  if (fast !== BAIL) return fast;
  return readYamlGeneral(text);
}

/** readYaml by the `yaml` package alone (what yaml-fast.ts must agree with). */
export function readYamlGeneral(text: string): unknown {
  const docs = parseAllDocuments(text, HELM_YAML);
  if (!Array.isArray(docs)) return null; // an empty stream
  const first = docs[0];
  if (!first) return null;
  if (first.errors.length > 0) throw readError(first.errors[0]!);
  return first.toJS();
}

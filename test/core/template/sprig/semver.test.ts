import { describe, expect, it } from 'vitest';
import { type Case, run } from './run.js';

const sc = (c: string, v: string, want: boolean): Case => [`{{ semverCompare "${c}" "${v}" }}`, String(want)];

const cases: Case[] = [
  ['{{ semver "1.2.3-alpha.1+b5" }}', '1.2.3-alpha.1+b5'],
  ['{{ semver "v1.2" }}', '1.2.0'],
  ['{{ (semver "v1.2.3").Major }}', '1'],
  ['{{ (semver "1.2.3").Minor }}', '2'],
  ['{{ (semver "1.2.3-beta").Prerelease }}', 'beta'],
  ['{{ (semver "1.2.3+meta").Metadata }}', 'meta'],
  ['{{ (semver "v1.2").Original }}', 'v1.2'],
  ['{{ (semver "1.2.3").Compare (semver "1.2.4") }}', '-1'],
  ['{{ (semver "1.2.3").LessThan (semver "1.10.0") }}', 'true'],
  ['{{ typeOf (semver "1.0.0") }}', '*semver.Version'],
  ['{{ semver "foo" }}', 'ERR:template: t:1:3: executing "t" at <semver "foo">: error calling semver: invalid semantic version'],
  ['{{ semver "1.2.3-01" }}', 'ERR:template: t:1:3: executing "t" at <semver "1.2.3-01">: error calling semver: version segment starts with 0'],
  ['{{ semverCompare "foo" "1.0.0" }}', 'ERR:template: t:1:3: executing "t" at <semverCompare "foo" "1.0.0">: error calling semverCompare: improper constraint: foo'],
  ['{{ semverCompare ">1.0" "x.y" }}', 'ERR:template: t:1:3: executing "t" at <semverCompare ">1.0" "x.y">: error calling semverCompare: invalid semantic version'],
  // comparisons
  sc('>=1.2.3', '1.2.3', true),
  sc('>=1.2.3', '1.2.2', false),
  sc('>1.2.3', '1.2.3', false),
  sc('>1.2', '1.2.9', false),
  sc('>1.2', '1.3.0', true),
  sc('>1', '1.9.0', false),
  sc('>1', '2.0.0', true),
  sc('<1.2.3', '1.2.2', true),
  sc('<=1.2', '1.2.9', true),
  sc('<=1.2', '1.3.0', false),
  sc('=1.2.3', '1.2.3', true),
  sc('1.2.3', 'v1.2.3', true),
  sc('!=1.2.3', '1.2.4', true),
  sc('!=1.2.3', '1.2.3', false),
  sc('=>1.0', '1.0.0', true),
  // wildcards
  sc('1.2.x', '1.2.7', true),
  sc('1.2.x', '1.3.0', false),
  sc('1.x', '1.9.9', true),
  sc('*', '5.0.0', true),
  sc('*', '5.0.0-beta', false),
  // tilde / caret
  sc('~1.2.3', '1.2.9', true),
  sc('~1.2.3', '1.3.0', false),
  sc('~1.2.3', '1.2.2', false),
  sc('~1', '1.9.0', true),
  sc('~1', '2.0.0', false),
  sc('~>1.2', '1.2.5', true),
  sc('^1.2.3', '1.9.0', true),
  sc('^1.2.3', '2.0.0', false),
  sc('^1.2', '1.2.0', true),
  sc('^0.2.3', '0.2.9', true),
  sc('^0.2.3', '0.3.0', false),
  sc('^0.0.3', '0.0.4', false),
  sc('^0.0.3', '0.0.3', true),
  sc('^0', '0.9.0', true),
  // ranges, AND, OR
  sc('>= 1.2, < 3.0.0', '2.5.0', true),
  sc('>= 1.2, < 3.0.0', '3.0.0', false),
  sc('>= 1.2 < 3.0.0', '2.0.0', true),
  sc('1.2 - 1.4.5', '1.4.5', true),
  sc('1.2 - 1.4.5', '1.4.6', false),
  sc('1.2 - 1.4.5', '1.1.9', false),
  sc('<1.0 || >=2.0', '0.5.0', true),
  sc('<1.0 || >=2.0', '1.5.0', false),
  sc('<1.0 || >=2.0', '2.1.0', true),
  // prereleases (Kubernetes versions in charts)
  sc('>=1.21-0', 'v1.22.3-gke.1500', true),
  sc('>=1.21-0', 'v1.20.15-eks-abc123', false),
  sc('>=1.21-0', 'v1.21.0', true),
  sc('>=1.21', 'v1.22.3-gke.1500', false),
  sc('>=1.19-0 <1.26-0', 'v1.25.4-eks-1', true),
  sc('>=1.19-0 <1.26-0', 'v1.26.1', false),
  sc('>=1.0.0-alpha', '1.0.0-beta', true),
  sc('>=1.0.0-beta', '1.0.0-alpha', false),
  sc('>=1.0.0-alpha.2', '1.0.0-alpha.10', true),
  sc('<1.0.0', '1.0.0-rc.1', false),
  sc('<1.0.0-0', '1.0.0-rc.1', false),
  sc('>=1.0.0-0', '1.0.0-rc.1', true),
];

describe('sprig semver', () => {
  it.each(cases)('%s', (text, expected, data) => {
    expect(run(text, data)).toBe(expected);
  });
});

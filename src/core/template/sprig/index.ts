/**
 * The Sprig (github.com/Masterminds/sprig v3) function library, as Helm ships it, for the
 * template engine: `new TemplateSet(sprigFuncs())`. Helm's own functions (toYaml, include,
 * tpl, required, fail, lookup...) are not here. Go int64 results are bigints, float64 GoFloats.
 */
import type { FuncMap } from '../builtins.js';
import { NO_CLOCK, type TemplateClock } from '../clock.js';
import { caseFuncs } from './case.js';
import { conversionFuncs } from './conversion.js';
import { cryptoFuncs } from './crypto.js';
import type { PrimeSource } from './primes.js';
import { defaultFuncs } from './defaults.js';
import { dictFuncs } from './dicts.js';
import { dateFuncs } from './dates.js';
import { durationFuncs } from './duration.js';
import { encodingFuncs } from './encoding.js';
import { hashFuncs } from './hash.js';
import { jsonFuncs } from './json.js';
import { listFuncs } from './lists.js';
import { mathFuncs } from './math.js';
import { pathFuncs } from './paths.js';
import { reflectFuncs } from './reflect.js';
import { regexFuncs } from './regex.js';
import { semverFuncs } from './semver.js';
import { urlFuncs } from './url.js';
import { randFuncs } from './uuid-rand.js';
import { stringListFuncs } from './string-lists.js';
import { stringFuncs } from './strings.js';

/** Sprig's functions; those that read the time use `clock` (without one they fail, see ../clock.ts). */
export function sprigFuncs(clock: TemplateClock = NO_CLOCK, primes?: PrimeSource): FuncMap {
  return {
    ...stringFuncs(),
    ...caseFuncs(),
    ...stringListFuncs(),
    ...conversionFuncs(),
    ...defaultFuncs(),
    ...dictFuncs(),
    ...durationFuncs(clock),
    ...dateFuncs(clock),
    ...listFuncs(),
    ...mathFuncs(),
    ...encodingFuncs(),
    ...hashFuncs(),
    ...cryptoFuncs(clock, primes),
    ...jsonFuncs(),
    ...reflectFuncs(),
    ...pathFuncs(),
    ...regexFuncs(),
    ...semverFuncs(),
    ...randFuncs(),
    ...urlFuncs(),
  };
}

export { isEmpty, strval, toFloat64, toInt, toInt64 } from './common.js';
export { deepEqual } from './reflect.js';
export { mergeMaps } from './dicts.js';
export { goJsonMarshal, GoJsonError } from './json.js';

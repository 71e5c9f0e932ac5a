/** How images behave in the sim: first glob match wins; unknown images are healthy, ready after ~1 s. */
export type ImageBehaviour = 'healthy' | 'crashLoop' | 'neverReady' | 'pullError';

export interface ImageRule {
  match: string;
  behaviour?: ImageBehaviour;
  startupSeconds?: number;
}

export interface ImageProfile {
  behaviour: ImageBehaviour;
  /** ms from pod start until the container is Ready (healthy) / first runs (others). */
  startupMs: number;
}

const DEFAULT_STARTUP_SECONDS = 1;

/** Glob: `*` matches any run of characters (including `/` and `:`), `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

export class ImageCatalogue {
  private readonly rules: Array<{ re: RegExp; rule: ImageRule }>;
  private readonly cache = new Map<string, ImageProfile>();

  constructor(rules: ImageRule[] = []) {
    this.rules = rules.map((rule) => ({ re: globToRegExp(rule.match), rule }));
  }

  profile(image: string): ImageProfile {
    let p = this.cache.get(image);
    if (!p) {
      const rule = this.rules.find((r) => r.re.test(image))?.rule;
      const secs = rule?.startupSeconds ?? DEFAULT_STARTUP_SECONDS;
      p = { behaviour: rule?.behaviour ?? 'healthy', startupMs: Math.max(0, secs) * 1000 };
      this.cache.set(image, p);
    }
    return p;
  }
}

/** The four renderings of a diff report (SPEC §9), on their own so a client can check a format without loading the renderers. */
export const DIFF_FORMATS = ['json', 'text', 'markdown', 'html'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export function isDiffFormat(s: string): s is DiffFormat {
  return (DIFF_FORMATS as readonly string[]).includes(s);
}

/** The media type each rendering is served as. */
export const DIFF_CONTENT_TYPES: Record<DiffFormat, string> = {
  json: 'application/json',
  text: 'text/plain; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

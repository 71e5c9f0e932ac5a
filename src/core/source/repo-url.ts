/** Pure helpers for repository URLs: matching push webhooks to sources, and keeping credentials out of messages. */

/** Removes credentials from URLs (https://user:token@host → https://***@host). */
export function redactUrl(text: string): string {
  return text.replace(/(\w+:\/\/)[^/@\s]+@/g, '$1***@');
}

/**
 * Normalises a repository URL for matching: no scheme, credentials, trailing slash or `.git`, lower case host.
 * `git@github.com:org/repo.git`, `https://github.com/org/repo` and `ssh://git@github.com/org/repo` match.
 */
export function normalizeRepoUrl(url: string): string {
  let u = url.trim();
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.*)$/.exec(u);
  if (scp) u = `${scp[1]}/${scp[2]}`;
  else u = u.replace(/^[a-z+]+:\/\//i, '').replace(/^[^/@]+@/, '');
  u = u.replace(/\/+$/, '').replace(/\.git$/, '');
  const slash = u.indexOf('/');
  const host = slash < 0 ? u : u.slice(0, slash);
  return host.toLowerCase().replace(/:\d+$/, '') + (slash < 0 ? '' : u.slice(slash));
}

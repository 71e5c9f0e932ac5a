import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { normalizeRepoUrl, parsePushEvent, verifyWebhook } from '../../../src/adapters/git/webhook.js';

describe('push webhooks', () => {
  const body = Buffer.from(JSON.stringify({ ref: 'refs/heads/main', repository: { clone_url: 'https://github.com/org/repo.git', ssh_url: 'git@github.com:org/repo.git' } }));

  it('parses a GitHub push', () => {
    expect(parsePushEvent({ 'x-github-event': 'push' }, body)).toEqual({ provider: 'github', branch: 'main', repoUrls: ['https://github.com/org/repo.git', 'git@github.com:org/repo.git'] });
  });
  it('ignores other GitHub events and garbage', () => {
    expect(parsePushEvent({ 'x-github-event': 'ping' }, body)).toBeUndefined();
    expect(parsePushEvent({ 'x-github-event': 'push' }, Buffer.from('{nope'))).toBeUndefined();
    expect(parsePushEvent({}, body)).toBeUndefined();
  });
  it('parses a GitLab push', () => {
    const gl = Buffer.from(JSON.stringify({ object_kind: 'push', ref: 'refs/heads/dev', project: { git_http_url: 'https://gitlab.com/g/p.git' } }));
    expect(parsePushEvent({ 'x-gitlab-event': 'Push Hook' }, gl)).toMatchObject({ provider: 'gitlab', branch: 'dev', repoUrls: ['https://gitlab.com/g/p.git'] });
  });
  it('verifies GitHub HMAC-SHA256 signatures', () => {
    const good = 'sha256=' + createHmac('sha256', 's3').update(body).digest('hex');
    expect(verifyWebhook('github', { 'x-hub-signature-256': good }, body, 's3')).toBe(true);
    expect(verifyWebhook('github', { 'x-hub-signature-256': good }, body, 'other')).toBe(false);
    expect(verifyWebhook('github', {}, body, 's3')).toBe(false);
    expect(verifyWebhook('github', { 'x-hub-signature-256': 'sha1=abc' }, body, 's3')).toBe(false);
    expect(verifyWebhook('github', { 'x-hub-signature-256': good }, Buffer.concat([body, Buffer.from(' ')]), 's3')).toBe(false);
  });
  it('verifies GitLab tokens', () => {
    expect(verifyWebhook('gitlab', { 'x-gitlab-token': 't' }, body, 't')).toBe(true);
    expect(verifyWebhook('gitlab', { 'x-gitlab-token': 'u' }, body, 't')).toBe(false);
    expect(verifyWebhook('gitlab', {}, body, 't')).toBe(false);
  });
  it('normalises repository URLs so every form of one repository matches', () => {
    const forms = ['https://github.com/org/repo.git', 'https://GitHub.com/org/repo/', 'git@github.com:org/repo.git', 'ssh://git@github.com/org/repo', 'https://user:tok@github.com/org/repo'];
    expect(new Set(forms.map(normalizeRepoUrl))).toEqual(new Set(['github.com/org/repo']));
    expect(normalizeRepoUrl('https://github.com/org/other')).not.toBe('github.com/org/repo');
  });
});

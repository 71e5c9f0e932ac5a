import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type KubeApiHarness } from './harness.js';

describe("the sim's Kubernetes API refuses a malformed label selector with a 400 Status naming it", () => {
  let h: KubeApiHarness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h?.close(); });

  it('list with ?labelSelector= that does not parse: 400 BadRequest, the selector and the problem in the message', async () => {
    for (const [selector, why] of [['app in (web', 'unbalanced parentheses'], ['tier notin ()', 'needs at least one value']] as const) {
      const r = await h.raw(`/api/v1/namespaces/default/configmaps?labelSelector=${encodeURIComponent(selector)}`, { token: h.token });
      expect(r.status).toBe(400);
      const status = JSON.parse(r.body) as { kind: string; reason: string; code: number; message: string };
      expect(status).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
      expect(status.message).toContain(`"${selector}"`);
      expect(status.message).toContain(why);
    }
  });
});

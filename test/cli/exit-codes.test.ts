import { describe, expect, it } from 'vitest';
import { usageStatus } from '../../src/cli/exit-codes.js';

describe('the CLI\'s exit code for a daemon error status', () => {
  it('404 and 400 (NotFound, Invalid) are usage errors (exit 2); every other status a failure (exit 1), as before', () => {
    const usage = [400, 401, 404, 409, 413, 415, 422, 500, 501, 503].filter(usageStatus);
    expect(usage).toEqual([400, 404]);
  });
});

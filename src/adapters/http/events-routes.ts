import { Router, type NextFunction, type Request, type Response } from 'express';
import type { TugboatApi } from '../../app/api.js';
import { invalid } from '../../core/errors.js';

/**
 * `GET /api/v1/applications/:app/events` (SPEC §4): the cluster's events about the app's objects and
 * Tugboat's own (synced, pruned, healed, rollback, rollout steps), newest first. `?limit=N` (default 500).
 */
export function eventsRoutes(api: TugboatApi): Router {
  const r = Router();
  r.get('/api/v1/applications/:app/events', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const raw = typeof req.query.limit === 'string' ? Number(req.query.limit) : 500;
      if (!Number.isInteger(raw) || raw < 1) {
        throw invalid('limit must be a positive integer');
      }
      res.json({ items: await api.events(String(req.params.app), Math.min(raw, 5000)) });
    } catch (err) {
      next(err);
    }
  });
  return r;
}

import { Router, type NextFunction, type Request, type Response } from 'express';
import type { TugboatApi } from '../../app/api.js';
import { invalid } from '../../core/errors.js';
import { objectYaml } from '../../app/views/live-object.js';

/**
 * `GET /api/v1/applications/:app/resource?group=&kind=&namespace=&name=&format=json|yaml`: one live
 * object of the app's resource tree (what the UI opens from a tree node), Secret values masked.
 */
export function resourceRoutes(api: TugboatApi): Router {
  const r = Router();
  r.get('/api/v1/applications/:app/resource', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const q = (k: string): string => (typeof req.query[k] === 'string' ? (req.query[k] as string) : '');
      const format = q('format') || 'json';
      if (format !== 'json' && format !== 'yaml') {
        throw invalid('format must be json or yaml');
      }
      if (!q('kind') || !q('name')) {
        throw invalid('kind and name are required (group and namespace as the object has them)');
      }
      const obj = await api.liveObject(String(req.params.app), { group: q('group'), kind: q('kind'), namespace: q('namespace'), name: q('name') });
      if (format === 'yaml') res.type('application/yaml; charset=utf-8').send(objectYaml(obj));
      else res.json(obj);
    } catch (err) {
      next(err);
    }
  });
  return r;
}

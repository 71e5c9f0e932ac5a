import type { ChartTools } from '../core/ports.js';
import { isChartArchive, unpackChartArchive } from './chart-archives.js';
import { validateJsonSchema } from './json-schema.js';
import { systemTemplateClock } from './template-clock.js';

/** What the render service needs to render charts (core/ports.ts `ChartTools`): gzip archives, ajv, the system clock. */
export const chartTools: ChartTools = {
  isChartArchive,
  unpackChartArchive,
  validateSchema: validateJsonSchema,
  clock: systemTemplateClock,
};

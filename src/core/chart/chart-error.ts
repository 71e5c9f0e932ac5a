/** A chart that cannot be rendered: bad Chart.yaml, missing dependency, invalid values, template errors. */
export class ChartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChartError';
  }
}

/**
 * Template errors reworded the way `helm template` words them (Helm v4):
 *  - parse errors:            `parse error at (chart/templates/x.yaml:3): <last part of Go's message>`
 *  - `fail` and `required`:   `execution error at (chart/templates/x.yaml:3:6): <the message given>`
 *  - errors the executor raises (nil pointer, bad field, wrong args, missing template), through any
 *    number of `include`s: a trace, one block per template:
 *        chart/templates/x.yaml:3:6
 *          executing "chart/templates/x.yaml" at <include "inner" .>:
 *            error calling include:
 *        chart/templates/_helpers.tpl:2:5
 *          executing "inner" at <.Values.a.b>:
 *            nil pointer evaluating interface {}.b
 *  - an error raised by another function (index, len, tpl…): Go's one-line message as is.
 * The location (template, line, column) of the outermost template is kept for status reports.
 */
import { ChartError } from './chart-error.js';

export class TemplateRenderError extends ChartError {
  readonly template: string;
  readonly line: number;
  readonly column: number | undefined;
  constructor(message: string, template: string, line: number, column?: number) {
    super(message);
    this.name = 'TemplateRenderError';
    this.template = template;
    this.line = line;
    this.column = column;
  }
}

const LOCATION = /^template: (.+?):(\d+)(?::(\d+))?: /;

function located(message: string, goMessage: string): TemplateRenderError | ChartError {
  const at = LOCATION.exec(goMessage);
  if (!at) return new ChartError(message);
  return new TemplateRenderError(message, at[1]!, Number(at[2]), at[3] === undefined ? undefined : Number(at[3]));
}

/** A Go parse error (`template: NAME:LINE: message`) as Helm reports it. */
export function parseErrorAsHelm(goMessage: string): TemplateRenderError | ChartError {
  const tokens = goMessage.split(': ');
  if (tokens.length === 1) return new ChartError(goMessage);
  return located(`parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`, goMessage);
}

const FAIL = /error calling (?:fail|required): /g;
const TRACE = /^template: ([^\n]+?:\d+:\d+): executing "((?:[^"\\]|\\.)*)" at <([^\n]*?)>: /;
const INCLUDE = 'error calling include: ';

/** A Go execution error (`template: NAME:LINE:COL: executing "T" at <node>: message`) as Helm reports it. */
export function execErrorAsHelm(goMessage: string): TemplateRenderError | ChartError {
  const tokens = goMessage.split(': ');
  if (tokens.length < 3) return new ChartError(goMessage);
  let lastFail = -1;
  for (const m of goMessage.matchAll(FAIL)) lastFail = m.index + m[0].length;
  if (lastFail >= 0) return located(`execution error at (${tokens[1]}): ${goMessage.slice(lastFail)}`, goMessage);

  const blocks: string[] = [];
  let rest = goMessage;
  for (;;) {
    const m = TRACE.exec(rest);
    if (!m) break;
    rest = rest.slice(m[0].length);
    const head = `${m[1]}\n  executing "${m[2]}" at <${m[3]}>:\n    `;
    if (rest.startsWith(INCLUDE)) {
      blocks.push(head + INCLUDE.trimEnd());
      rest = rest.slice(INCLUDE.length);
      continue;
    }
    // Only errors the executor raises itself get the trace; other functions' errors stay as Go says them.
    if (rest.startsWith('error calling ')) return located(goMessage, goMessage);
    blocks.push(head + rest);
    rest = '';
    break;
  }
  if (blocks.length === 0 || rest.startsWith('rendering template has a nested reference')) return located(goMessage, goMessage);
  if (rest !== '') blocks.push(rest);
  return located(blocks.join('\n'), goMessage);
}

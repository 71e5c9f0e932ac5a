/**
 * Error types of the Go text/template engine. Messages follow Go's text exactly:
 *  - parse errors:  `template: NAME:LINE: message`
 *  - exec errors:   `template: NAME:LINE:COL: executing "TMPL" at <NODE>: message`
 *                   or `template: TMPL: message` when no node is known.
 */

/** Base class of every error thrown by the template engine. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** A template failed to parse (Go's parse package error). */
export class TemplateParseError extends TemplateError {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateParseError';
  }
}

/** Execution failed (Go's `template.ExecError`). `templateName` is the template executing. */
export class TemplateExecError extends TemplateError {
  readonly templateName: string;
  constructor(templateName: string, message: string) {
    super(message);
    this.name = 'TemplateExecError';
    this.templateName = templateName;
  }
}

/**
 * Thrown by template functions to report an error the Go way: the executor wraps it as
 * `error calling NAME: <message>`. Any other thrown Error is wrapped the same way
 * (Go recovers panics in functions likewise).
 */
export class GoFuncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoFuncError';
  }
}

/** Internal: output limit exceeded. */
export class OutputLimitError extends TemplateError {
  constructor(message: string) {
    super(message);
    this.name = 'OutputLimitError';
  }
}

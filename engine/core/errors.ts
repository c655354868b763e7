// One error type for the whole engine. Codes are `area.snake_reason`; the HTTP
// status and the human message come from the catalog in messages.ts, so a code
// means the same thing everywhere it is raised.

/** A located problem: JSON pointer into the input, stable code, message. */
export interface Issue {
  /** File the issue was found in (load errors only). */
  file?: string;
  /** JSON pointer into the block / request body ("" = the whole document). */
  path: string;
  code: string;
  /** Japanese message (default language). */
  message: string;
  /** English message. */
  messageEn?: string;
  /** 1-based line/column in `file`, when known. */
  line?: number;
  column?: number;
}

import './catalog';
import { statusOf } from './messages';

export type ErrorDetails = Record<string, unknown>;

export class EngineError extends Error {
  readonly code: string;
  readonly details: ErrorDetails;
  readonly issues?: Issue[];

  constructor(code: string, details: ErrorDetails = {}, opts: { issues?: Issue[]; cause?: unknown } = {}) {
    // A refusal (4xx) is an answer to the request, not a fault: its stack is never
    // logged, and capturing it was a large share of the CPU of a booking rush.
    const limit = Error.stackTraceLimit;
    if (statusOf(code) < 500) Error.stackTraceLimit = 0;
    super(code, opts.cause === undefined ? undefined : { cause: opts.cause });
    Error.stackTraceLimit = limit;
    this.name = 'EngineError';
    this.code = code;
    this.details = details;
    if (opts.issues) this.issues = opts.issues;
  }
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}

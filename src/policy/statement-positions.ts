/**
 * Where each statement of a policy document sits, as the IAM policy simulator reports it in
 * `MatchedStatements` (`StartPosition` / `EndPosition`, each a 1-based `Line` and `Column`).
 *
 * AWS's positions, worked out from recorded simulator answers (AWS CLI reference examples,
 * LocalStack's recorded AWS snapshot of SimulatePrincipalPolicy, and published outputs for
 * AdministratorAccess, AmazonS3ReadOnlyAccess and compact documents):
 * - `EndPosition` is just after the statement's closing `}`;
 * - in a `Statement` array, the first statement starts just after the `[`, and each later one just
 *   after the previous statement's `}` (so at the `,` between them);
 * - a `Statement` that is a single object starts just after its `{`.
 * Lines are counted from 1 (a `\r\n` pair ends one line); columns count characters from 1.
 */

import type { CompiledPolicy } from './types.js';

export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

export interface StatementSpan {
  readonly start: TextPosition;
  readonly end: TextPosition;
}

/**
 * The span of each statement, in document order; empty when the text is not a JSON object with a
 * `Statement` array or object (the document was validated before, so that does not happen for a
 * compiled policy's text).
 */
export function statementPositions(text: string): readonly StatementSpan[] {
  const scanner = new Scanner(text);
  try {
    return scanner.statements();
  } catch (err) {
    if (err instanceof ScanError) return [];
    throw err;
  }
}

/** Each compiled policy's statement spans, found once. */
const spansByPolicy = new WeakMap<CompiledPolicy, readonly StatementSpan[]>();

/** The spans of a compiled policy's statements (of its text), by statement index. */
export function policyStatementPositions(policy: CompiledPolicy): readonly StatementSpan[] {
  let spans = spansByPolicy.get(policy);
  if (spans === undefined) {
    spans = statementPositions(policy.text);
    spansByPolicy.set(policy, spans);
  }
  return spans;
}

class ScanError extends Error {}

class Scanner {
  readonly #text: string;
  #i = 0;
  #line = 1;
  #column = 1;

  constructor(text: string) {
    this.#text = text;
  }

  statements(): StatementSpan[] {
    this.#space();
    this.#expect('{');
    for (;;) {
      this.#space();
      if (this.#peek() === '}') return [];
      const key = this.#string();
      this.#space();
      this.#expect(':');
      this.#space();
      if (key === 'Statement') return this.#statementValue();
      this.#skipValue();
      this.#space();
      if (this.#peek() === ',') this.#advance();
    }
  }

  #statementValue(): StatementSpan[] {
    const c = this.#peek();
    if (c === '{') {
      this.#advance();
      const start = this.#position();
      this.#skipObjectBody();
      return [{ start, end: this.#position() }];
    }
    if (c !== '[') throw new ScanError();
    this.#advance();
    const spans: StatementSpan[] = [];
    let start = this.#position();
    for (;;) {
      this.#space();
      const next = this.#peek();
      if (next === ']') return spans;
      if (next === ',') {
        this.#advance();
        continue;
      }
      if (next !== '{') throw new ScanError();
      this.#advance();
      this.#skipObjectBody();
      const end = this.#position();
      spans.push({ start, end });
      start = end;
    }
  }

  #position(): TextPosition {
    return { line: this.#line, column: this.#column };
  }

  #peek(): string {
    if (this.#i >= this.#text.length) throw new ScanError();
    return this.#text[this.#i]!;
  }

  #advance(): void {
    const c = this.#text[this.#i];
    this.#i++;
    if (c === '\n' || (c === '\r' && this.#text[this.#i] !== '\n')) {
      this.#line++;
      this.#column = 1;
    } else {
      this.#column++;
    }
  }

  #expect(c: string): void {
    if (this.#peek() !== c) throw new ScanError();
    this.#advance();
  }

  #space(): void {
    while (this.#i < this.#text.length && ' \t\n\r'.includes(this.#text[this.#i]!)) this.#advance();
  }

  #string(): string {
    this.#expect('"');
    let out = '';
    for (;;) {
      const c = this.#peek();
      this.#advance();
      if (c === '"') return out;
      if (c === '\\') {
        const escaped = this.#peek();
        this.#advance();
        out += escaped === 'u' ? this.#unicodeEscape() : (ESCAPES[escaped] ?? escaped);
      } else out += c;
    }
  }

  #unicodeEscape(): string {
    let hex = '';
    for (let k = 0; k < 4; k++) {
      hex += this.#peek();
      this.#advance();
    }
    return String.fromCharCode(parseInt(hex, 16));
  }

  /** After the `{` of an object: up to and including its `}`. */
  #skipObjectBody(): void {
    let depth = 1;
    while (depth > 0) {
      const c = this.#peek();
      if (c === '"') {
        this.#string();
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
      this.#advance();
    }
  }

  #skipValue(): void {
    const c = this.#peek();
    if (c === '"') {
      this.#string();
      return;
    }
    if (c === '{' || c === '[') {
      this.#advance();
      this.#skipObjectBody();
      return;
    }
    while (this.#i < this.#text.length && !',}] \t\n\r'.includes(this.#text[this.#i]!)) this.#advance();
  }
}

const ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

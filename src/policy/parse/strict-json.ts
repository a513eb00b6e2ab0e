/**
 * JSON as IAM reads a policy document: RFC 8259, exactly one top-level value, and no object with the
 * same key twice (grammar notes: "Individual elements must not contain multiple instances of the
 * same key"; troubleshoot_policies.md: two `Statement` or two `Effect` elements are refused).
 * `JSON.parse` accepts duplicate keys (the last wins), so IAM's documents are parsed here.
 */
import type { Json } from '../types.js';

export type StrictJsonResult =
  | { readonly ok: true; readonly value: Json }
  | { readonly ok: false; readonly problem: string; readonly offset: number };

class JsonProblem extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
/**
 * Arrays and objects nested deeper than this are refused (as a syntax error) instead of
 * exhausting the stack: a policy document nests a handful of levels, a hostile one thousands.
 */
const MAX_DEPTH = 256;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Parses `text` strictly; the problem says what and where, for explanations. */
export function parseStrictJson(text: string): StrictJsonResult {
  const parser = new Parser(text);
  try {
    parser.skipWhitespace();
    const value = parser.value();
    parser.skipWhitespace();
    if (!parser.atEnd()) throw new JsonProblem('more than one top-level value', parser.pos);
    return { ok: true, value };
  } catch (e) {
    if (e instanceof JsonProblem) return { ok: false, problem: e.message, offset: e.offset };
    throw e;
  }
}

class Parser {
  pos = 0;
  #depth = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipWhitespace(): void {
    while (!this.atEnd() && WHITESPACE.has(this.text[this.pos] ?? '')) this.pos++;
  }

  value(): Json {
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.nested(() => this.object());
      case '[':
        return this.nested(() => this.array());
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        return this.number();
    }
  }

  private nested(parse: () => Json): Json {
    if (++this.#depth > MAX_DEPTH) throw new JsonProblem(`nested deeper than ${MAX_DEPTH} levels`, this.pos);
    try {
      return parse();
    } finally {
      this.#depth--;
    }
  }

  private expect(c: string): void {
    if (this.text[this.pos] !== c) throw new JsonProblem(`expected '${c}'`, this.pos);
    this.pos++;
  }

  private object(): Json {
    const start = this.pos;
    this.expect('{');
    const out: { [key: string]: Json } = {};
    const seen = new Set<string>();
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      const keyAt = this.pos;
      const key = this.string();
      if (seen.has(key)) throw new JsonProblem(`duplicate key "${key}" in the object at ${start}`, keyAt);
      seen.add(key);
      this.skipWhitespace();
      this.expect(':');
      this.skipWhitespace();
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect('}');
      return out;
    }
  }

  private array(): Json {
    this.expect('[');
    const out: Json[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      out.push(this.value());
      this.skipWhitespace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return out;
    }
  }

  private string(): string {
    this.expect('"');
    let out = '';
    for (;;) {
      if (this.atEnd()) throw new JsonProblem('unterminated string', this.pos);
      const c = this.text[this.pos] ?? '';
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c < ' ') throw new JsonProblem('control character in string', this.pos);
      if (c === '\\') {
        const e = this.text[this.pos + 1] ?? '';
        if (e === 'u') {
          const hex = this.text.slice(this.pos + 2, this.pos + 6);
          if (!HEX4.test(hex)) throw new JsonProblem('bad \\u escape', this.pos);
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
          continue;
        }
        const decoded = ESCAPES[e];
        if (decoded === undefined) throw new JsonProblem('bad escape', this.pos);
        out += decoded;
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
  }

  private literal(word: string, value: Json): Json {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    throw new JsonProblem('unexpected token', this.pos);
  }

  private number(): Json {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (m === null) throw new JsonProblem(this.atEnd() ? 'unexpected end' : 'unexpected token', this.pos);
    this.pos += m[0].length;
    return Number(m[0]);
  }
}

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RequestParser, type ParseStep } from './request-parser.js';

const LIMITS = { maxHeaderBytes: 1024, maxBodyBytes: 100 };

function parse(...pieces: (string | Buffer)[]): ParseStep[] {
  const p = new RequestParser(LIMITS);
  const steps: ParseStep[] = [];
  for (const piece of pieces) {
    p.push(typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece);
    for (;;) {
      const step = p.next();
      steps.push(step);
      if (step.kind === 'incomplete' || step.kind === 'failed') break;
    }
  }
  return steps;
}

function requests(steps: ParseStep[]): { method: string; target: string; body: string; keepAlive: boolean; headers: Record<string, string | string[]> }[] {
  return steps.flatMap((s) => (s.kind === 'request' ? [{ method: s.request.method, target: s.request.target, body: s.request.body.toString('latin1'), keepAlive: s.request.keepAlive, headers: s.request.headers }] : []));
}

function failure(steps: ParseStep[]): number | undefined {
  const f = steps.find((s) => s.kind === 'failed');
  return f?.kind === 'failed' ? f.failure.status : undefined;
}

void describe('RequestParser', () => {
  void it('reads a request with a Content-Length body, in one piece or byte by byte', () => {
    const text = 'POST /?a=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello';
    const whole = requests(parse(text));
    assert.deepEqual(whole.map((r) => [r.method, r.target, r.body, r.keepAlive]), [['POST', '/?a=1', 'hello', true]]);
    const bytewise = requests(parse(...text.split('')));
    assert.deepEqual(bytewise.map((r) => [r.method, r.target, r.body]), [['POST', '/?a=1', 'hello']]);
  });

  void it('reads pipelined requests one at a time, in order', () => {
    const two = 'GET /one HTTP/1.1\r\nHost: x\r\n\r\nPOST /two HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /three HTTP/1.1\r\n\r\n';
    assert.deepEqual(requests(parse(two)).map((r) => [r.target, r.body]), [['/one', ''], ['/two', 'abc'], ['/three', '']]);
  });

  void it('joins repeated fields as Node does, keeping the first of those Node keeps once', () => {
    const [r] = requests(parse('GET / HTTP/1.1\r\nX-A: 1\r\nx-a: 2\r\nUser-Agent: first\r\nUser-Agent: second\r\nSet-Cookie: c\r\n\r\n'));
    assert.deepEqual(r?.headers, { 'x-a': '1, 2', 'user-agent': 'first', 'set-cookie': ['c'] });
    const p = new RequestParser(LIMITS);
    p.push(Buffer.from('GET / HTTP/1.1\r\nX-A:  1 \r\nx-a: 2\r\n\r\n'));
    const step = p.next();
    assert.equal(step.kind, 'request');
    if (step.kind === 'request') assert.deepEqual(step.request.headersDistinct.get('x-a'), ['1', '2']);
  });

  void it('decodes chunked bodies with extensions and trailers, across pieces', () => {
    const body = '4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n';
    const head = 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n';
    assert.deepEqual(requests(parse(head + body)).map((r) => r.body), ['Wikipedia']);
    assert.deepEqual(requests(parse(head, ...body.split(''))).map((r) => r.body), ['Wikipedia']);
    assert.deepEqual(requests(parse(`${head}0\r\n\r\nGET /next HTTP/1.1\r\n\r\n`)).map((r) => [r.target, r.body]), [['/', ''], ['/next', '']]);
  });

  void it('keeps HTTP/1.0 connections only when asked, and closes HTTP/1.1 ones when asked', () => {
    assert.deepEqual(requests(parse('GET / HTTP/1.0\r\n\r\n')).map((r) => r.keepAlive), [false]);
    assert.deepEqual(requests(parse('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n')).map((r) => r.keepAlive), [true]);
    assert.deepEqual(requests(parse('GET / HTTP/1.1\r\nConnection: Close\r\n\r\n')).map((r) => r.keepAlive), [false]);
  });

  void it('asks for the body once when the client expects 100-continue', () => {
    const steps = parse('POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n', 'o', 'k');
    assert.deepEqual(
      steps.map((s) => s.kind),
      ['continue', 'incomplete', 'incomplete', 'request', 'incomplete'],
    );
  });

  void it('refuses what could be read two ways, and malformed heads, with 400', () => {
    const bad = [
      'POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n',
      'POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n',
      'POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n',
      'POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n',
      'GET / HTTP/1.1\r\nBad Name: x\r\n\r\n',
      'GET / HTTP/1.1\r\nName : x\r\n\r\n',
      'GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n',
      'GET / HTTP/1.1\r\nX: a\x01b\r\n\r\n',
      'GET  / HTTP/1.1\r\n\r\n',
      'GET /\r\n\r\n',
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n',
    ];
    for (const text of bad) assert.equal(failure(parse(text)), 400, JSON.stringify(text));
    assert.equal(failure(parse('POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc')), undefined, 'equal repeats are one length');
  });

  void it('answers other codings with 501, other versions with 505, and sizes over the limits with 413 and 431', () => {
    assert.equal(failure(parse('POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n')), 501);
    assert.equal(failure(parse('GET / HTTP/2.0\r\n\r\n')), 505);
    assert.equal(failure(parse('POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n')), 413);
    assert.equal(failure(parse(`POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n${'a'.repeat(64)}\r\n40\r\n`)), 413);
    assert.equal(failure(parse(`GET / HTTP/1.1\r\nX: ${'a'.repeat(1100)}`)), 431, 'a head that never ends');
    assert.equal(failure(parse(`GET / HTTP/1.1\r\nX: ${'a'.repeat(1100)}\r\n\r\n`)), 431);
  });

  void it('takes field values as Latin-1, with obs-text allowed', () => {
    const [r] = requests(parse(Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nX: '), Buffer.from([0xff, 0xfe]), Buffer.from('\r\n\r\n')])));
    assert.equal(r?.headers.x, '\u00ff\u00fe');
  });
});

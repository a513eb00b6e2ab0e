/**
 * `gatehouse/policy` as a library: the package's `exports` resolve it for Node and for
 * TypeScript (types emitted by tsc), its public types hold no engine internals (RequestView, the
 * compiled matchers), the command (`bin`) still runs, and the package's other paths still import.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const execFileP = promisify(execFile);

/** Type-checks `source` as a file of this package (so `gatehouse/...` is a self-reference); returns the diagnostics. */
function typeCheck(source: string): string[] {
  const file = join(ROOT, 'examples', '__api-probe.ts');
  const options: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, types: ['node'], skipLibCheck: true };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === file ? source : readFile(name));
  host.fileExists = (name) => name === file || fileExists(name);
  host.getSourceFile = (name, version, onError, create) => (name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, onError, create));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('gatehouse/policy as a library', () => {
  it('is exported with its type declarations', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }>; bin: Record<string, string> };
    const entry = pkg.exports['./policy']!;
    assert.ok(existsSync(join(ROOT, entry.types)), `${entry.types} is emitted`);
    assert.ok(existsSync(join(ROOT, entry.default)), `${entry.default} is emitted`);
  });

  it('imports by its package name in Node, with the engine and its helpers', async () => {
    const lib = (await import('gatehouse/policy')) as Record<string, unknown>;
    for (const name of ['parsePolicy', 'evaluate', 'explain', 'explainBrief', 'decide', 'policiesForPrincipal', 'classifyPrincipalArn', 'requestPrincipal', 'policyContextKeys', 'statementPositions']) {
      assert.equal(typeof lib[name], 'function', name);
    }
    assert.equal(lib.RequestView, undefined);
  });

  it('type-checks a user of the public API, and keeps the engine internals out of its types', () => {
    assert.deepEqual(
      typeCheck(`
        import { parsePolicy, evaluate, explain, type CompiledPolicy, type RequestContext } from 'gatehouse/policy';
        const r = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, 'identity', 'p');
        if (r.ok) {
          const p: CompiledPolicy = r.policy;
          const req: RequestContext = { principal: { type: 'user', arn: 'arn:aws:iam::111122223333:user/a', accountId: '111122223333' }, action: 's3:GetObject', resource: '*', context: {} };
          const d: string = evaluate({ identity: [p] }, req).decision;
          const m: string | undefined = explain({ identity: [p] }, req).message;
          const sid: string | undefined = p.statements[0]?.sid;
          void d; void m; void sid;
        }
      `),
      [],
    );
    const internals = typeCheck(`
      import type { RequestView } from 'gatehouse/policy';
      import { parsePolicy } from 'gatehouse/policy';
      const r = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, 'identity', 'p');
      if (r.ok) {
        r.policy.candidates('s3:getobject');
        r.policy.statements[0]?.matchResource;
        r.policy.statements[0]?.conditions[0]?.test;
      }
      export type V = RequestView;
    `);
    assert.equal(internals.length, 4, internals.join('\n'));
    assert.ok(internals.some((m) => m.includes('RequestView')));
    assert.ok(internals.some((m) => m.includes("'candidates'")));
    assert.ok(internals.some((m) => m.includes("'matchResource'")));
    assert.ok(internals.some((m) => m.includes("'test'")));
  });

  it("leaves the package's other paths importable and the command running", async () => {
    const server = (await import('gatehouse/dist/src/server/gatehouse-server.js')) as Record<string, unknown>;
    assert.equal(typeof server.startGatehouse, 'function');
    // By its exported path (read, not imported: importing JSON would make tsc copy package.json into dist/).
    const pkgPath = fileURLToPath(import.meta.resolve('gatehouse/package.json'));
    assert.equal(pkgPath, join(ROOT, 'package.json'));
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { name: string; bin: Record<string, string> };
    assert.equal(pkg.name, 'gatehouse');
    const { stdout } = await execFileP(process.execPath, [join(ROOT, pkg.bin.gatehouse!), '--help'], { timeout: 30_000 });
    assert.match(stdout, /serve/);
  });
});

/**
 * Makes (or reads, when another process made it first) the data directory's certificate authority
 * in a worker thread: making one loads the certificate-building code, and a server that has just
 * started answers requests meanwhile instead of waiting for it.
 */
import { isMainThread, parentPort, workerData, Worker } from 'node:worker_threads';
import { openCertificateAuthority } from './ca-files.js';
import { packageFile } from '../../package-files.js';
import { CertificateAuthority, type AuthorityOptions } from './certificate-authority.js';

interface Job {
  readonly dataDir: string;
  readonly nowMs: number;
}

interface Made {
  readonly certPem: string;
  readonly keyPem: string;
}

/** The data directory's authority, made in a worker thread when it has none yet. */
export function openCertificateAuthorityInWorker(dataDir: string, o: AuthorityOptions = {}): Promise<CertificateAuthority> {
  const job: Job = { dataDir, nowMs: (o.clock ?? (() => new Date()))().getTime() };
  return new Promise<Made>((ok, fail) => {
    const worker = new Worker(packageFile('dist', 'src', 'server', 'tls', 'ca-worker.js'), { workerData: job });
    worker.once('message', (made: Made) => ok(made));
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`the certificate authority could not be made (worker exited with ${code})`)));
  }).then((made) => CertificateAuthority.fromPem(made.certPem, made.keyPem, o));
}

if (!isMainThread && parentPort !== null) {
  const job = workerData as Job;
  const ca = await openCertificateAuthority(job.dataDir, { clock: () => new Date(job.nowMs) });
  parentPort.postMessage({ certPem: ca.certPem, keyPem: ca.exportPrivateKeyPem() } satisfies Made);
}

/**
 * kubectl sends `SelfSubjectReview` and `SelfSubjectAccessReview` bodies as
 * `application/vnd.kubernetes.protobuf` when it can: the `k8s\0` envelope around a
 * `runtime.Unknown` (typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2), whose raw bytes are the
 * review (metadata = 1, spec = 2; a SelfSubjectReview has only status = 2). This reads the few fields the review endpoints use into the
 * JSON shape (`spec.resourceAttributes` {namespace 1, verb 2, group 3, version 4, resource 5,
 * subresource 6, name 7}, `spec.nonResourceAttributes` {path 1, verb 2}); undefined when the
 * bytes are not such a message.
 */

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Fields = Map<number, Buffer[]>;

/** The length-delimited fields of a message (others are skipped); undefined when malformed. */
function fields(buf: Buffer): Fields | undefined {
  const out: Fields = new Map();
  let i = 0;
  const varint = (): number | undefined => {
    let value = 0;
    let shift = 0;
    while (i < buf.length && shift < 35) {
      const b = buf[i++]!;
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
      shift += 7;
    }
    return undefined;
  };
  while (i < buf.length) {
    const key = varint();
    if (key === undefined) return undefined;
    const wire = key & 7;
    const field = Math.floor(key / 8);
    if (wire === 0) {
      if (varint() === undefined) return undefined;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else if (wire === 2) {
      const len = varint();
      if (len === undefined || i + len > buf.length) return undefined;
      const list = out.get(field) ?? [];
      list.push(buf.subarray(i, i + len));
      out.set(field, list);
      i += len;
    } else return undefined;
    if (i > buf.length) return undefined;
  }
  return out;
}

function text(f: Fields, n: number): string | undefined {
  const b = f.get(n)?.[0];
  return b === undefined ? undefined : b.toString('utf8');
}

function strings(b: Buffer | undefined, names: readonly string[]): Record<string, string> | undefined {
  if (b === undefined) return undefined;
  const f = fields(b);
  if (f === undefined) return undefined;
  const out: Record<string, string> = {};
  names.forEach((name, i) => {
    const v = text(f, i + 1);
    if (v !== undefined && v !== '') out[name] = v;
  });
  return out;
}

export function isProtobufBody(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/vnd.kubernetes.protobuf';
}

/** A review sent as protobuf, in its JSON shape. */
export function reviewFromProtobuf(body: Buffer): Record<string, unknown> | undefined {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const unknown = fields(body.subarray(MAGIC.length));
  const typeMeta = unknown?.get(1)?.[0];
  const raw = unknown?.get(2)?.[0];
  if (unknown === undefined || raw === undefined) return undefined;
  const meta = typeMeta !== undefined ? fields(typeMeta) : undefined;
  const review = fields(raw);
  if (review === undefined) return undefined;
  const kind = meta !== undefined ? text(meta, 2) : undefined;
  // A SelfSubjectReview's second field is its status; it has no spec.
  const specBytes = kind === 'SelfSubjectReview' ? undefined : review.get(2)?.[0];
  const spec = specBytes !== undefined ? fields(specBytes) : new Map<number, Buffer[]>();
  if (spec === undefined) return undefined;
  const resourceAttributes = strings(spec.get(1)?.[0], ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name']);
  const nonResourceAttributes = strings(spec.get(2)?.[0], ['path', 'verb']);
  return {
    ...(meta !== undefined && text(meta, 1) !== undefined ? { apiVersion: text(meta, 1) } : {}),
    ...(kind !== undefined ? { kind } : {}),
    spec: { ...(resourceAttributes !== undefined ? { resourceAttributes } : {}), ...(nonResourceAttributes !== undefined ? { nonResourceAttributes } : {}) },
  };
}

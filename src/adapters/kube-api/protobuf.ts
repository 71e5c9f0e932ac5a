/**
 * The protobuf bodies `kubectl create namespace` sends (no way to ask it for JSON): the "k8s\0" magic,
 * then a runtime.Unknown {1: TypeMeta{1 apiVersion, 2 kind}, 2: raw}. Only what a Namespace carries is
 * read from raw (ObjectMeta name, generateName, labels, annotations); other kinds are refused with 415.
 */
import { ClusterError } from '../../core/ports.js';
import type { KubeObject } from '../../core/model/kube-object.js';

type Field = { no: number; wire: number; value: number | Buffer };

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (i >= buf.length) throw new Error('truncated varint');
      const b = buf[i++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const tag = varint();
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) out.push({ no, wire, value: varint() });
    else if (wire === 2) {
      const len = varint();
      if (i + len > buf.length) throw new Error('truncated field');
      out.push({ no, wire, value: buf.subarray(i, i + len) });
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

const text = (f: Field | undefined) => (f && Buffer.isBuffer(f.value) ? f.value.toString('utf8') : undefined);
const sub = (fs: Field[], no: number) => fs.filter((f) => f.no === no && Buffer.isBuffer(f.value)).map((f) => f.value as Buffer);

function stringMap(entries: Buffer[]): Record<string, string> | undefined {
  if (entries.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    const fs = fields(e);
    out[text(fs.find((f) => f.no === 1)) ?? ''] = text(fs.find((f) => f.no === 2)) ?? '';
  }
  return out;
}

export function decodeProtobufObject(body: Buffer): KubeObject {
  const unsupported = (why: string) => new ClusterError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (${why})`);
  if (body.length < 4 || body.subarray(0, 4).toString('latin1') !== 'k8s\0') throw unsupported('missing k8s protobuf prefix');
  try {
    const unknown = fields(body.subarray(4));
    const typeMeta = fields(sub(unknown, 1)[0] ?? Buffer.alloc(0));
    const apiVersion = text(typeMeta.find((f) => f.no === 1)) ?? '';
    const kind = text(typeMeta.find((f) => f.no === 2)) ?? '';
    if (apiVersion !== 'v1' || kind !== 'Namespace') throw unsupported(`protobuf ${kind || 'objects'} are not supported; send JSON`);
    const raw = fields(sub(unknown, 2)[0] ?? Buffer.alloc(0));
    const meta = fields(sub(raw, 1)[0] ?? Buffer.alloc(0));
    const metadata: KubeObject['metadata'] = { name: text(meta.find((f) => f.no === 1)) ?? '' };
    const generateName = text(meta.find((f) => f.no === 2));
    if (generateName) metadata.generateName = generateName;
    const labels = stringMap(sub(meta, 11));
    if (labels) metadata.labels = labels;
    const annotations = stringMap(sub(meta, 12));
    if (annotations) metadata.annotations = annotations;
    return { apiVersion, kind, metadata };
  } catch (err) {
    if (err instanceof ClusterError) throw err;
    throw new ClusterError(400, 'BadRequest', `invalid protobuf body: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Reading and decoding request bodies: JSON (also when Content-Type is missing), YAML for apply, protobuf for Namespaces. */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ClusterError } from '../../core/ports.js';
import { decodeProtobufObject } from './protobuf.js';

/** The API server's request size limit. */
export const MAX_BODY = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new ClusterError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export function mediaType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

export function decodeBody(body: Buffer, type: string): unknown {
  if (type === 'application/vnd.kubernetes.protobuf') return decodeProtobufObject(body);
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    if (type === 'application/apply-patch+yaml' || type === 'application/yaml') {
      // JSON is YAML, and clients (client-node, Tugboat) send it: the JSON parser is many times faster
      if (/^\s*\{/.test(text)) {
        try {
          return JSON.parse(text);
        } catch {
          // YAML flow syntax that is not JSON: the YAML parser decides
        }
      }
      return parseYaml(text);
    }
    return JSON.parse(text);
  } catch (err) {
    throw new ClusterError(400, 'BadRequest', `the body of the request could not be decoded: ${err instanceof Error ? err.message : String(err)}`);
  }
}

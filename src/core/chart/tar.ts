/**
 * Reads a tar stream (POSIX ustar, with GNU long names and pax `path` records, as `helm package`
 * and GNU tar write them): regular files only, by path. Links, devices and directories are skipped.
 */
export interface TarEntry {
  path: string;
  data: Uint8Array;
}

export class TarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarError';
  }
}

const decoder = new TextDecoder();

function text(block: Uint8Array, from: number, length: number): string {
  let end = from;
  while (end < from + length && block[end] !== 0) end++;
  return decoder.decode(block.subarray(from, end));
}

function octal(block: Uint8Array, from: number, length: number): number {
  const s = text(block, from, length).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new TarError(`bad number in tar header: ${JSON.stringify(s)}`);
  return Number.parseInt(s, 8);
}

/** `path` from pax extended header records (`LEN path=VALUE\n`). */
function paxPath(data: Uint8Array): string | undefined {
  const records = decoder.decode(data);
  let at = 0;
  while (at < records.length) {
    const space = records.indexOf(' ', at);
    if (space < 0) break;
    const len = Number.parseInt(records.slice(at, space), 10);
    if (!(len > 0)) break;
    const record = records.slice(space + 1, at + len - 1);
    if (record.startsWith('path=')) return record.slice('path='.length);
    at += len;
  }
  return undefined;
}

export function untar(bytes: Uint8Array): TarEntry[] {
  const out: TarEntry[] = [];
  let at = 0;
  let longName: string | undefined;
  while (at + 512 <= bytes.length) {
    const header = bytes.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 48);
    const dataStart = at + 512;
    if (dataStart + size > bytes.length) throw new TarError('truncated tar archive');
    const data = bytes.subarray(dataStart, dataStart + size);
    at = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = text(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (type === 'g') continue;
    const prefix = text(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = undefined;
    if (type === '0' || type === '7') out.push({ path: name, data });
  }
  return out;
}

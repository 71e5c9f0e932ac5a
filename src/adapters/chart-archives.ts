/**
 * Packaged subcharts (`charts/<name>-<version>.tgz`, as `helm dependency build` leaves them) are
 * unpacked into the in-memory chart before rendering: the archive's files appear under
 * `charts/<archive file name>/`, with the archive's top folder (the chart's name) removed.
 * Archives inside archives are unpacked the same way. Entries that would leave the chart (`..`,
 * absolute paths) and archives that inflate beyond a limit are refused.
 */
import { untar } from '../core/chart/tar.js';
import { ChartError } from '../core/chart/chart-error.js';

/** An archive may not inflate beyond this (a gzip bomb fails fast instead of eating memory). */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

export function isChartArchive(path: string): boolean {
  return /(^|\/)charts\/[^/]+\.tgz$/.test(path);
}

/** A packaged chart (`helm package`'s .tgz) as path → text, its packaged subcharts unpacked in place. */
export function readChartArchive(gz: Uint8Array): Map<string, string> {
  const files = new Map<string, string>();
  unpackInto(files, '', 'chart archive', gz);
  if (files.size === 0) throw new ChartError('chart archive: no chart files found in the archive');
  return files;
}

/** Adds the files of one packaged subchart found at `path` (relative to the chart root) to `files`. */
export function unpackChartArchive(files: Map<string, string>, path: string, gz: Uint8Array): void {
  unpackInto(files, `${path}/`, path, gz);
}

function unpackInto(files: Map<string, string>, mount: string, path: string, gz: Uint8Array): void {
  let tar: Buffer;
  try {
    // node:zlib loads only for charts that hold packaged subcharts.
    tar = process.getBuiltinModule('node:zlib').gunzipSync(gz, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (err) {
    const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /larger than|too large/i.test((err as Error).message);
    throw new ChartError(tooBig ? `${path}: archive unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MiB` : `${path}: not a gzip archive: ${(err as Error).message}`);
  }
  let entries;
  try {
    entries = untar(tar);
  } catch (err) {
    throw new ChartError(`${path}: ${(err as Error).message}`);
  }
  for (const e of entries) {
    const parts = e.path.split('/').filter((p) => p !== '' && p !== '.');
    if (e.path.startsWith('/') || parts.includes('..')) throw new ChartError(`${path}: entry ${JSON.stringify(e.path)} points outside the chart`);
    if (parts.length < 2) continue; // files beside the chart folder are not part of the chart
    const inner = parts.slice(1).join('/');
    const target = mount + inner;
    if (isChartArchive(inner)) unpackChartArchive(files, target, e.data);
    else if (!e.data.includes(0)) files.set(target, Buffer.from(e.data).toString('utf8'));
  }
}

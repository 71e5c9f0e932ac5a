import type { ChartTools, FileChange, PreparedFileCache, RepoReader, TreeEntry } from '../../core/ports.js';
import { isManifestFile, parseManifestFile } from '../../core/render/manifest-parse.js';
import { assemble, digestOf, prepareFile, type AssembledApp, type PreparedFile } from '../../core/render/assemble.js';
import type { AppSpec } from '../../core/reconcile/app-spec.js';
import { parseInWorkers } from './parse-pool.js';
import { isChartPath, renderChartApp } from './chart-app.js';
import type { LookupSource } from './chart-lookup.js';

/** Below this many files missing from memory, the persistent cache is not worth a read. */
const PERSISTED_THRESHOLD = 200;

/** Called once the number of files to parse is known; returns the tick to call as files are parsed. */
export type RenderProgress = (files: number) => (n?: number) => void;

export interface RenderOutcome {
  revision: string;
  rendered: AssembledApp;
  /** Keys of objects in files that changed since the previous render (old and new); undefined = everything. */
  changedKeys?: Set<string>;
}

/**
 * Renders an app's plain manifests at a revision, incrementally: files are identified by blob id, each
 * blob is parsed once, and a new commit costs only the files it changed under the app's path.
 */
export class AppRenderer {
  private revision: string | undefined;
  /** path → blob id at `revision`. */
  private files = new Map<string, string>();
  /** blob id → prepared objects (parsed once per blob). */
  private readonly cache = new Map<string, PreparedFile>();
  private last: AssembledApp | undefined;
  /** path → prepared file at `revision`. */
  private lastPrepared = new Map<string, PreparedFile>();
  /** key → position in `last.objects`. */
  private index = new Map<string, number>();

  private readonly opts: { app: string; namespace: string };

  /**
   * `cluster` answers the charts' `lookup` calls; without it they find nothing, as in `helm template`.
   * `persisted` keeps prepared files across restarts (a restart reads them instead of parsing YAML again).
   * `tools` unpack chart archives, check values schemas and give templates the clock (the wiring's
   * adapters/chart-tools.ts); without them a chart's archives are skipped and a values schema cannot be checked.
   */
  constructor(private readonly app: AppSpec, private readonly repo: RepoReader, private readonly cluster?: LookupSource, private readonly persisted?: PreparedFileCache, private readonly tools?: ChartTools) {
    this.opts = { app: app.name, namespace: app.namespace };
  }

  get lastRendered(): { revision: string; rendered: AssembledApp } | undefined {
    return this.revision && this.last ? { revision: this.revision, rendered: this.last } : undefined;
  }

  /**
   * Where each key sits in `rendered.objects`, when `rendered` is this renderer's last manifest render (the
   * index it keeps anyway); undefined otherwise (a chart, a detached render): the caller indexes it itself.
   */
  positionsIn(rendered: AssembledApp): ReadonlyMap<string, number> | undefined {
    return rendered === this.last && this.chartMode === false && this.index.size === rendered.objects.length ? this.index : undefined;
  }

  /** Set once the app's path is known to hold a chart: rendered whole on every change under the path. */
  private chartMode: boolean | undefined;

  async render(revision: string, progress?: RenderProgress): Promise<RenderOutcome> {
    if (revision === this.revision && this.last) return { revision, rendered: this.last, changedKeys: new Set() };
    // What changed under the app's path since the last render (read once per pass).
    let changes: FileChange[] | undefined;
    if (this.revision && this.last) {
      try {
        changes = await this.repo.changedFiles(this.revision, revision, this.app.path);
      } catch (err) {
        // The repository was re-created with new history (or rewritten and gc'd): the revision the
        // incremental state stands on is gone. Render the new revision from scratch.
        if (await this.repo.resolve(this.revision)) throw err;
        changes = undefined;
        this.reset();
      }
      // Chart.yaml appearing or going away turns the app into a chart or back: start over.
      const chartFile = this.app.path === '.' || this.app.path === '' ? 'Chart.yaml' : `${this.app.path}/Chart.yaml`;
      if (changes?.some((c) => c.path === chartFile && (c.blob === undefined) !== (this.chartMode === false))) {
        changes = undefined;
        this.reset();
      }
    }
    if (this.chartMode !== false) {
      if (this.chartMode === undefined) {
        this.chartMode = isChartPath((await this.repo.listTree(revision, this.app.path)).map((e) => e.path), this.app.path);
      }
      if (this.chartMode) {
        if (this.last && changes && changes.length === 0) {
          this.revision = revision;
          return { revision, rendered: this.last, changedKeys: new Set() };
        }
        this.last = await renderChartApp(this.repo, revision, this.app, this.cluster, this.tools);
        this.revision = revision;
        return { revision, rendered: this.last };
      }
    }
    // Everything below works on copies and takes effect only once the render is complete: a step that
    // throws (a blob read, a parse) must leave the renderer at the previous revision, or the next
    // commit is diffed against files that were never rendered.
    if (changes && this.last) {
      const files = new Map(this.files);
      const lastPrepared = new Map(this.lastPrepared);
      const relevant = changes.filter((c) => isManifestFile(c.path));
      const changedKeys = new Set<string>();
      const prepared: PreparedFile[] = [];
      for (const c of relevant) {
        const oldBlob = files.get(c.path);
        if (oldBlob) for (const o of this.cache.get(oldBlob)?.objects ?? []) changedKeys.add(o.key);
        if (c.blob) files.set(c.path, c.blob);
        else files.delete(c.path);
      }
      const oldFiles = relevant.map((c) => lastPrepared.get(c.path));
      for (const c of relevant) {
        if (!c.blob) {
          lastPrepared.delete(c.path);
          continue;
        }
        const p = await this.prepared(c.path, c.blob);
        lastPrepared.set(c.path, p);
        prepared.push(p);
        for (const o of p.objects) changedKeys.add(o.key);
      }
      if (files.size === 0) {
        const missing = await this.pathError(revision);
        if (missing) {
          this.reset();
          return { revision, rendered: missing };
        }
      }
      let next = { rendered: this.last, lastPrepared, index: this.index };
      if (relevant.length > 0) {
        const swapped = this.replaceInPlace(this.last, oldFiles, prepared);
        next = swapped ? { rendered: swapped, lastPrepared, index: this.index } : await this.assembleAll(files, progress);
      }
      this.commit(revision, files, next);
      return { revision, rendered: next.rendered, changedKeys };
    }
    const entries = await this.repo.listTree(revision, this.app.path);
    const missing = await this.pathErrorOf(revision, entries);
    if (missing) {
      this.reset();
      return { revision, rendered: missing };
    }
    const files = new Map(entries.filter((e) => isManifestFile(e.path)).map((e) => [e.path, e.blob]));
    const full = await this.assembleAll(files, progress);
    this.commit(revision, files, full);
    return { revision, rendered: full.rendered };
  }

  /** pathError() when the listing of the app's path is empty or is the path itself as a link. */
  private pathErrorOf(revision: string, entries: readonly TreeEntry[]): Promise<AssembledApp | undefined> | undefined {
    const onlyLink = entries.length === 1 && entries[0]!.symlink && entries[0]!.path === this.app.path;
    return entries.length === 0 || onlyLink ? this.pathError(revision) : undefined;
  }

  /**
   * An app path that does not exist or is a symbolic link is an error, not an app without objects:
   * rendered empty, it would prune everything the app deployed. Nothing is applied or pruned until the
   * path is back. Undefined when the path is a folder (perhaps without manifests) or a file.
   */
  private async pathError(revision: string): Promise<AssembledApp | undefined> {
    const path = this.app.path;
    if (!path || path === '.') return undefined;
    const p = await this.repo.pathKind(revision, path);
    if (p.kind === 'tree' || p.kind === 'blob') return undefined;
    const rev = revision.slice(0, 12);
    let message: string;
    if (p.kind === 'missing') {
      message = p.at === path ? `the app's path ${path} does not exist at revision ${rev}` : `the app's path ${path} does not exist at revision ${rev} (${p.at} is not a folder there)`;
    } else {
      const target = p.blob ? (await this.repo.readBlob(p.blob)).toString('utf8') : '';
      const what = p.at === path ? `the app's path ${path} is a symbolic link` : `the app's path ${path} is inside ${p.at}, a symbolic link`;
      message = `${what}${target ? ` (to ${target})` : ''} at revision ${rev}: the path must be a folder committed in git, not a link`;
    }
    return { objects: [], errors: [{ file: path, line: 0, message }], digest: '' };
  }

  /** Forgets the incremental state: the next render reads the whole path. */
  private reset(): void {
    this.revision = undefined;
    this.last = undefined;
    this.chartMode = undefined;
    this.files = new Map();
    this.lastPrepared = new Map();
    this.index = new Map();
  }

  /** Makes a finished render the renderer's state, all fields at once. */
  private commit(revision: string, files: Map<string, string>, next: { rendered: AssembledApp; lastPrepared: Map<string, PreparedFile>; index: Map<string, number> }): void {
    this.revision = revision;
    this.files = files;
    this.last = next.rendered;
    this.lastPrepared = next.lastPrepared;
    this.index = next.index;
    this.evict();
  }

  /** Renders another revision without disturbing the incremental state (diffs, history views). */
  async renderDetached(revision: string): Promise<AssembledApp> {
    const entries = await this.repo.listTree(revision, this.app.path);
    const missing = await this.pathErrorOf(revision, entries);
    if (missing) return missing;
    if (isChartPath(entries.map((e) => e.path), this.app.path)) return renderChartApp(this.repo, revision, this.app, this.cluster, this.tools);
    const files: PreparedFile[] = [];
    for (const e of entries) if (isManifestFile(e.path)) files.push(await this.parseBlob(e.path, e.blob));
    return assemble(files);
  }

  /**
   * The common commit edits objects without adding, removing or renaming any: swap the changed objects
   * into the previous result instead of re-assembling the whole app. Returns undefined when that does
   * not apply (keys changed, or errors involved) and the caller assembles from scratch.
   */
  private replaceInPlace(prev: AssembledApp, oldFiles: Array<PreparedFile | undefined>, newFiles: PreparedFile[]): AssembledApp | undefined {
    if (prev.errors.length > 0 || oldFiles.some((f) => !f || f.errors.length > 0) || newFiles.some((f) => f.errors.length > 0)) return undefined;
    if (oldFiles.length !== newFiles.length) return undefined;
    const oldKeys = oldFiles.flatMap((f) => f!.objects.map((o) => o.key)).sort();
    const newKeys = newFiles.flatMap((f) => f.objects.map((o) => o.key)).sort();
    if (oldKeys.length !== newKeys.length || oldKeys.some((k, i) => k !== newKeys[i]) || new Set(newKeys).size !== newKeys.length) return undefined;
    const objects = prev.objects.slice();
    for (const f of newFiles) {
      for (const o of f.objects) {
        const idx = this.index.get(o.key);
        if (idx === undefined) return undefined;
        objects[idx] = o;
      }
    }
    return { objects, errors: [], digest: digestOf(objects) };
  }

  private async assembleAll(fileMap: Map<string, string>, progress?: RenderProgress): Promise<{ rendered: AssembledApp; lastPrepared: Map<string, PreparedFile>; index: Map<string, number> }> {
    const files: PreparedFile[] = [];
    let missing: Array<[string, string]> = [];
    for (const [path, blob] of fileMap) {
      const hit = this.cache.get(blob);
      if (hit && hit.path === path) files.push(hit);
      else missing.push([path, blob]);
    }
    // After a restart: the files as prepared before it, by path and blob id, instead of parsing them again.
    if (this.persisted && missing.length >= PERSISTED_THRESHOLD) {
      const stored = this.loadPersisted(new Map(missing));
      if (stored.size > 0) {
        missing = missing.filter(([path, blob]) => {
          const f = stored.get(path);
          if (!f) return true;
          this.cache.set(blob, f);
          files.push(f);
          return false;
        });
      }
    }
    // Read missing blobs through one cat-file process and parse them (on worker threads when many).
    const tick = progress?.(missing.length);
    const parsed = (await parseInWorkers(missing.map(([path, blob]) => ({ path, read: () => this.repo.readBlob(blob) })), this.opts, tick)) ??
      await this.parseInline(missing, tick);
    missing.forEach(([, blob], i) => {
      const p = parsed[i]!;
      this.cache.set(blob, p);
      files.push(p);
    });
    this.savePersisted(missing.map(([, blob], i) => ({ blob, file: parsed[i]! })), fileMap);
    const rendered = assemble(files);
    return {
      rendered,
      lastPrepared: new Map(files.map((f) => [f.path, f])),
      index: new Map(rendered.objects.map((o, i) => [o.key, i])),
    };
  }

  private async parseInline(missing: Array<[string, string]>, tick?: (n?: number) => void): Promise<PreparedFile[]> {
    const texts = await Promise.all(missing.map(([, blob]) => this.repo.readBlob(blob)));
    return missing.map(([path], i) => {
      const p = prepareFile(path, parseManifestFile(path, texts[i]!.toString('utf8')), this.opts);
      tick?.();
      return p;
    });
  }

  private async prepared(path: string, blob: string): Promise<PreparedFile> {
    const hit = this.cache.get(blob);
    if (hit && hit.path === path) return hit;
    const p = await this.parseBlob(path, blob);
    this.cache.set(blob, p);
    this.savePersisted([{ blob, file: p }]);
    return p;
  }

  private loadPersisted(files: ReadonlyMap<string, string>): Map<string, PreparedFile> {
    try {
      return this.persisted!.load(this.app.name, this.app.namespace, files);
    } catch {
      return new Map(); // the cache is an optimisation: unreadable means parse
    }
  }

  /** Remembers freshly parsed files for the next start (only those that survive a JSON round trip). */
  private savePersisted(parsed: ReadonlyArray<{ blob: string; file: PreparedFile }>, keep?: ReadonlyMap<string, string>): void {
    if (!this.persisted || (parsed.length === 0 && !keep)) return;
    try {
      this.persisted.store(this.app.name, this.app.namespace, parsed.filter((p) => jsonSafe(p.file)), keep);
    } catch {
      // a full disk or a read-only cache only costs a parse at the next start
    }
  }

  private async parseBlob(path: string, blob: string): Promise<PreparedFile> {
    const hit = this.cache.get(blob);
    if (hit && hit.path === path) return hit;
    const text = (await this.repo.readBlob(blob)).toString('utf8');
    return prepareFile(path, parseManifestFile(path, text), this.opts);
  }

  /** Keeps the cache to the current files plus a bounded number of older blobs (fast reverts). */
  private evict(): void {
    const keep = 256;
    if (this.cache.size <= this.files.size + keep * 2) return;
    const live = new Set(this.files.values());
    const extra = [...this.cache.keys()].filter((b) => !live.has(b));
    for (const b of extra.slice(0, Math.max(0, extra.length - keep))) this.cache.delete(b);
  }
}

/** True when JSON keeps the value as it is: no NaN, ±Infinity or -0 (YAML's .nan and .inf), no undefined. */
function jsonSafe(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (Array.isArray(v)) return v.every(jsonSafe);
  if (typeof v === 'object') {
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return false;
    for (const k in v) if (!jsonSafe((v as Record<string, unknown>)[k])) return false;
    return true;
  }
  return false;
}

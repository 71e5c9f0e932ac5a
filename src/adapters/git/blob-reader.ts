import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

interface Pending {
  id: string;
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
}

/**
 * Reads blobs through one long-lived `git cat-file --batch` process: a whole tree is read about ten
 * times faster than a checkout, and files are read at the exact commit, never from a working tree.
 */
export class BlobReader {
  private proc: ChildProcessWithoutNullStreams | undefined;
  private queue: Pending[] = [];
  private buf: Buffer = Buffer.alloc(0);
  /** Output received but not yet joined into `buf`, and how many bytes the next object needs. */
  private chunks: Buffer[] = [];
  private pending = 0;
  private needed = 0;

  constructor(private readonly gitDir: string) {}

  private outgoing: string[] = [];

  read(id: string): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      this.ensure();
      this.queue.push({ id, resolve, reject });
      // Requests made in the same tick go out in one write.
      if (this.outgoing.push(id) === 1) queueMicrotask(() => this.flush());
    });
  }

  private flush(): void {
    const ids = this.outgoing;
    this.outgoing = [];
    if (ids.length > 0 && this.proc) this.proc.stdin.write(ids.join('\n') + '\n');
  }

  close(): void {
    if (this.proc) {
      this.proc.stdin.end();
      this.proc.kill();
      this.proc = undefined;
    }
  }

  private ensure(): ChildProcessWithoutNullStreams {
    if (this.proc) return this.proc;
    const proc = spawn('git', ['--git-dir', this.gitDir, 'cat-file', '--batch'], { stdio: 'pipe' });
    proc.stdout.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.pending += chunk.length;
      // Join only when the next object is complete (or its header can be read), not on every chunk.
      if (this.pending >= this.needed) {
        this.buf = this.chunks.length === 1 && this.buf.length === 0 ? chunk : Buffer.concat([this.buf, ...this.chunks]);
        this.chunks = [];
        this.pending = 0;
        this.drain();
      }
    });
    const fail = (err: Error) => {
      const pending = this.queue;
      this.queue = [];
      this.buf = Buffer.alloc(0);
      this.chunks = [];
      this.pending = 0;
      this.needed = 0;
      this.outgoing = [];
      this.proc = undefined;
      for (const p of pending) p.reject(err);
    };
    proc.on('error', fail);
    proc.on('exit', (code) => {
      if (this.queue.length > 0) fail(new Error(`git cat-file exited with ${code}`));
      this.proc = undefined;
    });
    proc.stdin.on('error', () => undefined);
    this.proc = proc;
    return proc;
  }

  private drain(): void {
    this.needed = 0;
    for (;;) {
      const head = this.queue[0];
      if (!head) return;
      const nl = this.buf.indexOf(10);
      if (nl < 0) return;
      const header = this.buf.subarray(0, nl).toString('utf8');
      if (header.endsWith(' missing')) {
        this.buf = this.buf.subarray(nl + 1);
        this.queue.shift();
        head.reject(new Error(`git object ${head.id} is missing`));
        continue;
      }
      const size = Number(header.split(' ')[2]);
      if (!Number.isFinite(size)) {
        this.queue.shift();
        head.reject(new Error(`unexpected cat-file header: ${header}`));
        this.buf = this.buf.subarray(nl + 1);
        continue;
      }
      if (this.buf.length < nl + 1 + size + 1) {
        this.needed = nl + 1 + size + 1 - this.buf.length;
        return;
      }
      const body = Buffer.from(this.buf.subarray(nl + 1, nl + 1 + size));
      this.buf = this.buf.subarray(nl + 1 + size + 1);
      this.queue.shift();
      head.resolve(body);
    }
  }
}

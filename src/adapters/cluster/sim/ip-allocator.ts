/** Hands out addresses from a CIDR (pod IPs from 10.244.0.0/16, cluster IPs from 10.96.0.0/12). */
export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export class IpAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly used = new Set<number>();
  private cursor: number;

  /** `first` is the offset of the first address handed out (skips network/gateway-style addresses). */
  constructor(cidr: string, private readonly first = 2) {
    const [ip, bits] = cidr.split('/');
    this.base = ipToInt(ip!);
    this.size = 2 ** (32 - Number(bits));
    this.cursor = first;
  }

  contains(ip: string): boolean {
    const n = ipToInt(ip) - this.base;
    return n >= 0 && n < this.size;
  }

  markUsed(ip: unknown): void {
    if (typeof ip === 'string' && this.contains(ip)) this.used.add(ipToInt(ip) - this.base);
  }

  release(ip: unknown): void {
    if (typeof ip === 'string' && this.contains(ip)) this.used.delete(ipToInt(ip) - this.base);
  }

  isUsed(ip: string): boolean {
    return this.used.has(ipToInt(ip) - this.base);
  }

  /** The next free address; `commit` false only peeks (dry runs). */
  allocate(commit = true): string {
    for (let i = 0; i < this.size; i++) {
      const off = this.first + ((this.cursor - this.first + i) % (this.size - this.first - 1));
      if (!this.used.has(off)) {
        if (commit) {
          this.used.add(off);
          this.cursor = off + 1;
        }
        return intToIp(this.base + off);
      }
    }
    throw new Error('IP range exhausted');
  }
}

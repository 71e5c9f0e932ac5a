/**
 * Go's net.ParseIP (netip.ParseAddr rules: IPv4 dotted decimal without leading zeros,
 * IPv6 with `::` and a trailing embedded IPv4, no zones) and IP.To4 for certificate SANs.
 */

function parseIPv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return null;
    const v = Number(p);
    if (v > 255) return null;
    out.push(v);
  }
  return out;
}

function parseIPv6(s: string): number[] | null {
  const ip: number[] = [];
  let ellipsis = -1;
  let i = 0;
  if (s.startsWith('::')) {
    ellipsis = 0;
    i = 2;
  }
  while (i < s.length) {
    const m = /^[0-9a-fA-F]*/.exec(s.slice(i))?.[0] ?? '';
    if (s[i + m.length] === '.') {
      // Embedded IPv4: must be the last 32 bits.
      if ((ellipsis < 0 && ip.length !== 12) || ip.length + 4 > 16) return null;
      const v4 = parseIPv4(s.slice(i));
      if (!v4) return null;
      ip.push(...v4);
      i = s.length;
      break;
    }
    if (m.length === 0 || m.length > 4) return null;
    const v = parseInt(m, 16);
    ip.push(v >> 8, v & 0xff);
    i += m.length;
    if (i === s.length) break;
    if (s[i] !== ':' || i + 1 === s.length) return null;
    i++;
    if (s[i] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = ip.length;
      i++;
    }
    if (ip.length === 16) return null;
  }
  if (ip.length > 16) return null;
  if (ip.length < 16) {
    if (ellipsis < 0) return null;
    ip.splice(ellipsis, 0, ...new Array<number>(16 - ip.length).fill(0));
  } else if (ellipsis >= 0) {
    return null;
  }
  return ip;
}

/** The SAN bytes of an IP address: 4 bytes for IPv4 (and IPv4-mapped IPv6), else 16; null if invalid. */
export function parseIP(s: string): Uint8Array | null {
  const first = /[.:%]/.exec(s)?.[0];
  if (first === '.') {
    const v4 = parseIPv4(s);
    return v4 && Uint8Array.from(v4);
  }
  if (first !== ':') return null;
  const v6 = parseIPv6(s);
  if (!v6) return null;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return Uint8Array.from(mapped ? v6.slice(12) : v6);
}

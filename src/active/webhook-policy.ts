import { isIP } from 'node:net';

/**
 * Where alert webhooks may go. `ROOTLINE_WEBHOOK_HOSTS` (comma-separated host names; `*.example.com`
 * for a domain's subdomains) limits them to those hosts; unset, any host may be named. Link-local
 * addresses (169.254.0.0/16 and fe80::/10, where cloud metadata services answer) are refused
 * whatever the list says: a subscription must not turn the server into a way to read them.
 */
export interface WebhookPolicy {
  /** Allowed host patterns (lower case); null for any host. */
  hosts: readonly string[] | null;
}

export function webhookPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookPolicy {
  const list = (env.ROOTLINE_WEBHOOK_HOSTS ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter((host) => host !== '');
  return { hosts: list.length > 0 ? list : null };
}

/** Why `url` may not receive alerts under `policy`, or null when it may. */
export function webhookRefusal(url: string, policy: WebhookPolicy): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return 'is not a URL';
  }
  if (isIP(host) !== 0 && isLinkLocal(host)) return `points at a link-local address (${host}), which is never allowed`;
  if (policy.hosts && !policy.hosts.some((pattern) => hostMatches(host, pattern))) {
    return `names host ${host}, which is not in ROOTLINE_WEBHOOK_HOSTS (${policy.hosts.join(', ')})`;
  }
  return null;
}

function hostMatches(host: string, pattern: string): boolean {
  if (!pattern.startsWith('*.')) return host === pattern;
  const domain = pattern.slice(1);
  return host.endsWith(domain) && host.length > domain.length;
}

/** True for IPv4 169.254.0.0/16 and IPv6 fe80::/10, IPv4-mapped forms included. */
export function isLinkLocal(address: string): boolean {
  const lower = address.toLowerCase();
  const v4 = mappedIpv4(lower) ?? lower;
  if (isIP(v4) === 4) return v4.startsWith('169.254.');
  if (isIP(lower) !== 6) return false;
  const first = Number.parseInt(lower.split(':')[0] || '0', 16);
  return (first & 0xffc0) === 0xfe80;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:1.2.3.4` or `::ffff:102:304`). */
function mappedIpv4(address: string): string | null {
  if (!address.startsWith('::ffff:')) return null;
  const rest = address.slice(7);
  if (isIP(rest) === 4) return rest;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(rest);
  if (!hex) return null;
  const high = Number.parseInt(hex[1] ?? '0', 16);
  const low = Number.parseInt(hex[2] ?? '0', 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

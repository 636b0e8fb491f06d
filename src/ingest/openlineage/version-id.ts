import { sha256 } from '../../model/canonical-json.js';

/**
 * A name-based UUID (RFC 9562 version 8, SHA-256 of the parts joined by NUL). The same parts give
 * the same id, so replaying or re-deriving a version never invents a second one.
 */
export function deterministicUuid(...parts: readonly string[]): string {
  const hex = sha256(parts.join('\u0000'));
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

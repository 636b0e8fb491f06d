import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-rootline-signature';
export const TIMESTAMP_HEADER = 'x-rootline-timestamp';

/**
 * The webhook signature: `sha256=` and the hex HMAC-SHA256, keyed with the subscription's secret,
 * of `TIMESTAMP.BODY` (the timestamp header's value, a dot, the raw body). Signing the timestamp
 * lets receivers refuse replays of old deliveries.
 */
export function signPayload(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Checks a signature as a receiver would, in constant time. */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

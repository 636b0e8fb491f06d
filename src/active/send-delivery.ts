import { spawn } from 'node:child_process';
import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Target } from './rules.js';
import { SIGNATURE_HEADER, signPayload, TIMESTAMP_HEADER } from './sign-payload.js';
import { isLinkLocal, webhookPolicyFromEnv, webhookRefusal } from './webhook-policy.js';

export interface SendResult {
  ok: boolean;
  responseStatus: number | null;
  error: string | null;
}

/**
 * Sends one alert body to a target, giving up after `timeoutMs`: a webhook gets a signed POST
 * (2xx counts as delivered), a command gets the body on its standard input (exit 0 counts) with
 * the signature and timestamp in ROOTLINE_SIGNATURE and ROOTLINE_TIMESTAMP.
 */
export async function sendDelivery(
  target: Target,
  secret: string,
  body: string,
  timeoutMs: number,
): Promise<SendResult> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = signPayload(secret, timestamp, body);
  return target.kind === 'webhook'
    ? postWebhook(target.url, body, { signature, timestamp }, timeoutMs)
    : runCommand(target.command, body, { signature, timestamp }, timeoutMs);
}

function postWebhook(
  url: string,
  body: string,
  signed: { signature: string; timestamp: string },
  timeoutMs: number,
): Promise<SendResult> {
  const refusal = webhookRefusal(url, webhookPolicyFromEnv());
  if (refusal) return Promise.resolve({ ok: false, responseStatus: null, error: `the webhook URL ${refusal}` });
  return new Promise((resolve) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'rootline-alerts',
          [SIGNATURE_HEADER]: signed.signature,
          [TIMESTAMP_HEADER]: signed.timestamp,
        },
        // Checked on the address actually connected to, so a name that resolves (or is rebound)
        // to a link-local address cannot slip past the check of the URL.
        lookup: linkLocalRefusingLookup,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        resolve({ ok, responseStatus: status, error: ok ? null : `HTTP ${status}` });
      },
    );
    request.on('error', (error) => {
      const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
      resolve({
        ok: false,
        responseStatus: null,
        error: timedOut ? `timeout: no answer within ${timeoutMs} ms` : error.message,
      });
    });
    request.end(body);
  });
}

function linkLocalRefusingLookup(
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  lookup(hostname, options, (error, address, family) => {
    if (error) return callback(error, '');
    const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
    const refused = addresses.find((a) => isLinkLocal(a));
    if (refused)
      return callback(
        Object.assign(new Error(`${hostname} resolves to a link-local address (${refused})`), { code: 'EREFUSED' }),
        '',
      );
    callback(null, address, family);
  });
}

function runCommand(
  command: string,
  body: string,
  signed: { signature: string; timestamp: string },
  timeoutMs: number,
): Promise<SendResult> {
  return new Promise((resolve) => {
    const child = spawn(command, {
      shell: true,
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: timeoutMs,
      env: { ...process.env, ROOTLINE_SIGNATURE: signed.signature, ROOTLINE_TIMESTAMP: signed.timestamp },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 500) stderr += chunk.toString();
    });
    child.on('error', (error) => resolve({ ok: false, responseStatus: null, error: error.message }));
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ ok: true, responseStatus: null, error: null });
      else {
        const why = signal ? `killed by ${signal}` : `exit code ${code}`;
        resolve({ ok: false, responseStatus: null, error: `${why}${stderr ? `: ${stderr.trim()}` : ''}` });
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(body);
  });
}

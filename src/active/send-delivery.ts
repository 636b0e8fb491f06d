import { spawn } from 'node:child_process';
import type { Target } from './rules.js';
import { SIGNATURE_HEADER, signPayload, TIMESTAMP_HEADER } from './sign-payload.js';

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

async function postWebhook(
  url: string,
  body: string,
  signed: { signature: string; timestamp: string },
  timeoutMs: number,
): Promise<SendResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'rootline-alerts',
        [SIGNATURE_HEADER]: signed.signature,
        [TIMESTAMP_HEADER]: signed.timestamp,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { ok, responseStatus: response.status, error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    const reason =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return { ok: false, responseStatus: null, error: reason };
  }
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

import { expect, it } from 'vitest';
import { isLinkLocal, webhookPolicyFromEnv, webhookRefusal } from '../../src/active/webhook-policy.js';

it('knows link-local addresses in every spelling, and nothing else', () => {
  for (const address of ['169.254.169.254', '169.254.0.1', '::ffff:169.254.169.254', 'fe80::1', 'FEBF::1']) {
    expect(isLinkLocal(address), address).toBe(true);
  }
  for (const address of ['127.0.0.1', '10.0.0.1', '::1', 'fec0::1', '2001:db8::1', 'example.com']) {
    expect(isLinkLocal(address), address).toBe(false);
  }
});

it('allows any host without a list, only listed hosts and subdomains with one', () => {
  const open = webhookPolicyFromEnv({});
  expect(open.hosts).toBeNull();
  expect(webhookRefusal('https://hooks.example/x', open)).toBeNull();
  expect(webhookRefusal('http://169.254.169.254/latest', open)).toContain('link-local');
  expect(webhookRefusal('http://[::ffff:a9fe:a9fe]/', open)).toContain('link-local');

  const listed = webhookPolicyFromEnv({ ROOTLINE_WEBHOOK_HOSTS: ' Hooks.Example , *.alerts.example,' });
  expect(listed.hosts).toEqual(['hooks.example', '*.alerts.example']);
  expect(webhookRefusal('https://HOOKS.example:8443/x', listed)).toBeNull();
  expect(webhookRefusal('https://pager.alerts.example/x', listed)).toBeNull();
  expect(webhookRefusal('https://alerts.example/x', listed)).toContain('not in ROOTLINE_WEBHOOK_HOSTS');
  expect(webhookRefusal('https://evilalerts.example/x', listed)).toContain('evilalerts.example');
  expect(webhookRefusal('not a url', listed)).toBe('is not a URL');
});

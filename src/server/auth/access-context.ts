import { AsyncLocalStorage } from 'node:async_hooks';
import type { Access } from './access.js';

const storage = new AsyncLocalStorage<Access>();

/**
 * Runs `fn` (and everything it awaits) with `access` as the current request's access. The server
 * enters it just before each handler, so every store call the handler makes, however deep in
 * analysis code, is checked against the same access without passing it along.
 */
export function runWithAccess<T>(access: Access, fn: () => T): T {
  return storage.run(access, fn);
}

/** The access of the request being handled, or undefined outside one. */
export function currentAccess(): Access | undefined {
  return storage.getStore();
}

/**
 * Binds `fn` to the current request's access. Use it for callbacks another request will invoke
 * (a live-event subscription fed by ingests): unbound, they would run with the access of the
 * request that triggered them, not of the one that subscribed.
 */
export function bindToCurrentAccess<F extends (...args: never[]) => unknown>(fn: F): F {
  return AsyncLocalStorage.bind(fn);
}

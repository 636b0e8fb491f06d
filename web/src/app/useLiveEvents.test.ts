import { afterEach, describe, expect, it } from 'vitest';
import { onLiveEvent } from './useLiveEvents.js';

class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readonly listeners = new Map<string, () => void>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, listener);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string): void {
    this.listeners.get(type)?.();
  }
}

describe('live events', () => {
  const original = globalThis.EventSource;
  afterEach(() => {
    globalThis.EventSource = original;
    FakeEventSource.opened = [];
  });

  it('shares one stream between listeners, filters by type and closes it when the last listener goes', () => {
    Object.assign(globalThis, { EventSource: FakeEventSource });
    const runs: string[] = [];
    const incidents: string[] = [];
    const stopRuns = onLiveEvent(['run', 'version'], () => runs.push('x'));
    const stopIncidents = onLiveEvent(['incident'], () => incidents.push('x'));
    expect(FakeEventSource.opened).toHaveLength(1);
    const stream = FakeEventSource.opened[0];
    expect(stream?.url).toBe('/api/v2/events/stream');
    stream?.emit('run');
    stream?.emit('version');
    stream?.emit('incident');
    stream?.emit('alert');
    expect(runs).toHaveLength(2);
    expect(incidents).toHaveLength(1);
    stopRuns();
    expect(stream?.closed).toBe(false);
    stopIncidents();
    expect(stream?.closed).toBe(true);
  });
});

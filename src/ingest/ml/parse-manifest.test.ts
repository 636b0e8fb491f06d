import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { formatPath, parseManifest, readManifestText } from './parse-manifest.js';

describe('parseManifest', () => {
  it('formats zod paths as document paths', () => {
    expect(formatPath(['trainingSets', 0, 'features', 2])).toBe('trainingSets[0].features[2]');
  });

  it('fills defaults and turns numeric versions into strings', () => {
    const manifest = parseManifest(
      readManifestText(
        'models:\n  - namespace: m\n    name: churn\n    versions:\n      - version: 3\n        createdAt: "2026-10-02T06:00:00Z"\n        trainingSet: { namespace: f, name: t, version: 3 }\n',
      ),
    );
    expect(manifest.models[0]?.versions[0]).toMatchObject({
      version: '3',
      params: {},
      metrics: {},
      trainingSet: { version: '3' },
    });
    expect(manifest.featureViews).toEqual([]);
  });

  it('names every unknown or missing key with its path', () => {
    const error = (() => {
      try {
        parseManifest({ featureView: [], deployments: [{ namespace: 's', name: 'd' }] });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues.map((i) => i.path).sort()).toEqual(['', 'deployments[0].modelVersion']);
  });

  it('rejects a document that is not an object, and text that is not YAML', () => {
    expect(() => parseManifest([])).toThrow(InputError);
    expect(() => readManifestText('a: [1, 2')).toThrow(/neither valid YAML nor JSON/);
  });
});

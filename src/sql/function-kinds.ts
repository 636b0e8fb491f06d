import type { TransformKey } from './lineage-set.js';
import { AGGREGATION, MASKED_AGGREGATION, MASKED_TRANSFORMATION, TRANSFORMATION } from './lineage-set.js';

/**
 * Which functions aggregate and which hide the value they read (hashes, counts). Names are
 * compared lower-cased without underscores, so parser node kinds (`count_if`, `list_agg`) and
 * function names as written (`COUNTIF`, `LISTAGG`) meet.
 */
const AGGREGATES = new Set(
  [
    'sum',
    'avg',
    'mean',
    'min',
    'max',
    'stddev',
    'stddevpop',
    'stddevsamp',
    'variance',
    'varpop',
    'varsamp',
    'arrayagg',
    'groupconcat',
    'stringagg',
    'listagg',
    'collectlist',
    'collectset',
    'median',
    'mode',
    'percentilecont',
    'percentiledisc',
    'percentile',
    'approxpercentile',
    'approxquantiles',
    'anyvalue',
    'arbitrary',
    'booland',
    'boolor',
    'every',
    'logicaland',
    'logicalor',
    'bitand',
    'bitor',
    'bitxor',
    'corr',
    'covarpop',
    'covarsamp',
    'kurtosis',
    'skewness',
    'maxby',
    'minby',
    'argmax',
    'argmin',
    'arrayconcatagg',
    'objectagg',
    'jsonagg',
    'jsonobjectagg',
    'jsonarrayagg',
    'xmlagg',
    'first',
    'last',
    'sumdistinct',
    'product',
  ].map((n) => n),
);

const MASKED_AGGREGATES = new Set([
  'count',
  'countif',
  'countdistinct',
  'approxdistinct',
  'approxcountdistinct',
  'hllcountinit',
  'hllcountmerge',
  'ndv',
  'countbig',
]);

const MASKING = new Set([
  'md5',
  'md5hex',
  'md5binary',
  'md5number',
  'sha',
  'sha1',
  'sha1hex',
  'sha1binary',
  'sha2',
  'sha2hex',
  'sha2binary',
  'sha256',
  'sha512',
  'hash',
  'hashbytes',
  'hashagg',
  'farmfingerprint',
  'crc32',
  'xxhash64',
  'xxhash',
  'murmurhash',
  'murmurhash3',
  'standardhash',
  'orahash',
  'mask',
  'maskfirstn',
  'masklastn',
  'maskshowfirstn',
  'maskshowlastn',
  'maskhash',
  'checksum',
  'binarychecksum',
  'encrypt',
  'aesencrypt',
  'sha224',
  'sha384',
  'keccak256',
  'cityhash64',
  'siphash64',
  'bigqueryhash',
  'fingerprint',
]);

function normalize(name: string): string {
  return name.toLowerCase().replaceAll('_', '');
}

/** True when the function reduces many rows to one. */
export function isAggregateFunction(name: string): boolean {
  const n = normalize(name);
  return AGGREGATES.has(n) || MASKED_AGGREGATES.has(n);
}

const byName = new Map<string, TransformKey>();

/** The direct transformation a function applies to its arguments. */
export function functionTransform(name: string): TransformKey {
  let key = byName.get(name);
  if (key === undefined) {
    key = classify(name);
    if (byName.size < 10_000) byName.set(name, key);
  }
  return key;
}

function classify(name: string): TransformKey {
  const n = normalize(name);
  if (MASKED_AGGREGATES.has(n)) return MASKED_AGGREGATION;
  if (AGGREGATES.has(n)) return AGGREGATION;
  if (MASKING.has(n)) return MASKED_TRANSFORMATION;
  return TRANSFORMATION;
}

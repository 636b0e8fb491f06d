import { z } from 'zod';

/**
 * The JSON `feast registry-dump` prints: the registry protos of one project as protobuf JSON
 * (camelCase keys). Only what lineage needs is read; every object stays loose so newer Feast
 * versions with more fields still parse.
 */

const tags = z.record(z.string(), z.string()).optional();

export const feastDataSourceSchema = z.looseObject({
  name: z.string().default(''),
  type: z.string().optional(),
  description: z.string().optional(),
  owner: z.string().optional(),
  tags,
  timestampField: z.string().optional(),
  /** Source column -> feature name. */
  fieldMapping: z.record(z.string(), z.string()).optional(),
  fileOptions: z.looseObject({ uri: z.string().optional(), fileFormat: z.unknown().optional() }).optional(),
  bigqueryOptions: z.looseObject({ table: z.string().optional(), query: z.string().optional() }).optional(),
  snowflakeOptions: z
    .looseObject({ database: z.string().optional(), schema: z.string().optional(), table: z.string().optional() })
    .optional(),
  redshiftOptions: z
    .looseObject({ database: z.string().optional(), schema: z.string().optional(), table: z.string().optional() })
    .optional(),
  sparkOptions: z.looseObject({ table: z.string().optional(), path: z.string().optional() }).optional(),
  trinoOptions: z.looseObject({ table: z.string().optional() }).optional(),
  customOptions: z.unknown().optional(),
});

const featureSchema = z.looseObject({
  name: z.string(),
  valueType: z.string().optional(),
  description: z.string().optional(),
});

const metaSchema = z
  .looseObject({ createdTimestamp: z.string().optional(), lastUpdatedTimestamp: z.string().optional() })
  .optional();

export const feastFeatureViewSchema = z.looseObject({
  spec: z.looseObject({
    name: z.string(),
    entities: z.array(z.string()).default([]),
    features: z.array(featureSchema).default([]),
    entityColumns: z.array(featureSchema).optional(),
    batchSource: feastDataSourceSchema.optional(),
    streamSource: feastDataSourceSchema.optional(),
    description: z.string().optional(),
    owner: z.string().optional(),
    tags,
    ttl: z.string().optional(),
  }),
  meta: metaSchema,
});

export const feastEntitySchema = z.looseObject({
  spec: z.looseObject({
    name: z.string(),
    joinKey: z.string().optional(),
    valueType: z.string().optional(),
    description: z.string().optional(),
  }),
});

export const feastFeatureServiceSchema = z.looseObject({
  spec: z.looseObject({
    name: z.string(),
    description: z.string().optional(),
    owner: z.string().optional(),
    tags,
    features: z
      .array(
        z.looseObject({
          featureViewName: z.string(),
          featureColumns: z.array(featureSchema).default([]),
        }),
      )
      .default([]),
  }),
  meta: metaSchema,
});

export const feastRegistrySchema = z.looseObject({
  project: z.string().optional(),
  entities: z.array(feastEntitySchema).default([]),
  dataSources: z.array(feastDataSourceSchema).default([]),
  featureViews: z.array(feastFeatureViewSchema).default([]),
  streamFeatureViews: z.array(feastFeatureViewSchema).default([]),
  featureServices: z.array(feastFeatureServiceSchema).default([]),
});

export type FeastRegistry = z.infer<typeof feastRegistrySchema>;
export type FeastDataSource = z.infer<typeof feastDataSourceSchema>;

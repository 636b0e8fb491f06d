import { describe, expect, it } from 'vitest';
import { type RenderContext, renderDbtSql } from './render-jinja.js';

const context: RenderContext = {
  self: '"db"."analytics"."orders"',
  ref: (name, packageName) =>
    name === 'stg_orders' && packageName !== 'other' ? '"db"."analytics"."stg_orders"' : null,
  source: (sourceName, table) => (sourceName === 'shop' && table === 'raw_orders' ? '"db"."raw"."orders"' : null),
};

describe('renderDbtSql', () => {
  it('renders ref, source, this and config as dbt compiles them', () => {
    const raw = [
      "{{ config(materialized='table', tags=['a', 'b']) }}",
      "{# a comment #}select o.id from {{ ref('stg_orders') }} o",
      "join {{ source('shop', 'raw_orders') }} r on r.id = o.id",
      'where o.id not in (select id from {{ this }})',
    ].join('\n');
    const rendered = renderDbtSql(raw, context);
    expect(rendered.complete).toBe(true);
    expect(rendered.diagnostics).toEqual([]);
    expect(rendered.sql).toBe(
      'select o.id from "db"."analytics"."stg_orders" o\njoin "db"."raw"."orders" r on r.id = o.id\nwhere o.id not in (select id from "db"."analytics"."orders")',
    );
  });

  it('accepts whitespace control, double quotes and a package argument', () => {
    const rendered = renderDbtSql('select * from {{- ref("jaffle", "stg_orders") -}}', context);
    expect(rendered.complete).toBe(true);
    expect(rendered.sql).toMatch(/^select \* from\s*"db"."analytics"."stg_orders"$/);
  });

  it('drops is_incremental blocks, rendering a full refresh', () => {
    const raw =
      "select * from {{ ref('stg_orders') }}\n{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}";
    const rendered = renderDbtSql(raw, context);
    expect(rendered.complete).toBe(true);
    expect(rendered.sql).toBe('select * from "db"."analytics"."stg_orders"');
  });

  it('leaves other macros in place with a diagnostic naming them', () => {
    const rendered = renderDbtSql(
      "select {{ dbt_utils.star(ref('stg_orders')) }} from {{ ref('stg_orders') }}",
      context,
    );
    expect(rendered.complete).toBe(false);
    expect(rendered.diagnostics).toHaveLength(1);
    expect(rendered.diagnostics[0]).toMatchObject({ code: 'dbt.unrendered-jinja', severity: 'warning' });
    expect(rendered.diagnostics[0]?.message).toContain("dbt_utils.star(ref('stg_orders'))");
  });

  it('reports statements it does not render', () => {
    const rendered = renderDbtSql('{% set x = 1 %}select 1', context);
    expect(rendered.complete).toBe(false);
    expect(rendered.diagnostics[0]?.message).toContain('{% set x = 1 %}');
  });

  it('treats a ref to an unknown model as unrendered', () => {
    const rendered = renderDbtSql("select * from {{ ref('nope') }}", context);
    expect(rendered.complete).toBe(false);
  });
});

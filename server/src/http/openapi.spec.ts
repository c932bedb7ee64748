/** The committed docs/openapi.yaml must be what the code generates: `npm run openapi` rewrites it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument, openApiYaml } from './openapi.js';

describe('OpenAPI document', () => {
  it('is committed as generated', () => {
    const committed = readFileSync(join(import.meta.dirname, '../../../docs/openapi.yaml'), 'utf8');
    expect(committed, 'docs/openapi.yaml is stale: run npm run openapi').toBe(openApiYaml());
  });

  it('describes the bed-state ingest with every error status of the fixed interface', () => {
    const post = openApiDocument().paths?.['/api/v1/bed-states']?.post;
    expect(Object.keys(post?.responses ?? {})).toEqual(expect.arrayContaining(['202', '400', '401', '403', '409', '413', '422']));
  });
});

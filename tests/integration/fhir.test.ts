/**
 * The FHIR R4 read API against a real app (Redis, PGlite and PostgreSQL): bed states posted
 * through the REST API come back as ward Locations with their counts and operationalStatus;
 * search by organisation, type and physical type; scope filtering; OperationOutcome errors.
 * Every response body is validated against the FHIR R4 structure (tests/support/fhir-validator.ts).
 */
import type { OrgDirectory } from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirProblems } from '../support/fhir-validator.js';
import { bedState, engines, eventually, postJson, startTestApp, type TestApp } from '../support/test-app.js';

const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';

describe.each(engines())('FHIR R4 read API on %s', (engine) => {
  let app: TestApp;
  let rx4Key: string;
  let rx3Key: string;
  let org: OrgDirectory;
  const observedAt = new Date(Date.now() - 60_000).toISOString().replace('Z', '+00:00');

  /** GET under /fhir/r4; asserts the FHIR content type and that the body is valid R4. */
  async function fhir(path: string, key: string | undefined = rx4Key, headers: Record<string, string> = {}) {
    const response = await fetch(`${app.url}/fhir/r4${path}`, {
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    });
    const body = (await response.json()) as any;
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(fhirProblems(body), `${path}: ${JSON.stringify(body).slice(0, 300)}`).toEqual([]);
    return { status: response.status, body };
  }
  const counts = (location: any) =>
    Object.fromEntries(
      location.extension[0].extension.map((part: any) => [
        part.url,
        part.valueUnsignedInt ?? part.valueDecimal ?? part.valueCode,
      ]),
    );

  beforeAll(async () => {
    app = await startTestApp({ engine });
    rx4Key = await app.createKey(['RX4'], ['ingest', 'read']);
    rx3Key = await app.createKey(['RX3'], ['read']);
    // Anonymous in demo mode: every trust.
    org = (await (await fetch(`${app.url}/api/v1/org`)).json()) as OrgDirectory;
    const states = [
      // Full: every open bed occupied or held for leave.
      bedState('RX4-W01', { observedAt, commissioned: 20, closed: 2, occupied: 16, onLeave: 2 }),
      // Every bed closed.
      bedState('RX4-W02', { observedAt, commissioned: 12, closed: 12, occupied: 0, onLeave: 0, clinicallyReadyForDischarge: 0 }),
      // The PICU with a vacant bed.
      bedState('RX4-W03', { observedAt, commissioned: 10, closed: 0, closedReason: undefined, occupied: 7, onLeave: 1 }),
    ];
    expect((await postJson(`${app.url}/api/v1/bed-states`, { events: states }, rx4Key)).status).toBe(202);
    await eventually(async () => {
      const { body } = await fhir('/Location?organization=RX4&operational-status=O,U,C');
      return body.total === 3 ? true : undefined;
    });
  });
  afterAll(() => app?.close());

  it('describes itself in a CapabilityStatement, to anyone', async () => {
    const { status, body } = await fhir('/metadata', undefined);
    expect(status).toBe(200);
    expect(body).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance' });
    expect(body.format).toContain('json');
    const location = body.rest[0].resource.find((resource: any) => resource.type === 'Location');
    expect(location.interaction.map((interaction: any) => interaction.code)).toEqual(['read', 'search-type']);
    expect(location.searchParam.map((param: any) => param.name)).toEqual(
      expect.arrayContaining(['organization', 'type', 'physical-type', 'operational-status', 'identifier']),
    );
  });

  it('reads a ward as a UK Core Location with its bed counts, status and trust', async () => {
    const { status, body } = await fhir('/Location/RX4-W01');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      resourceType: 'Location',
      id: 'RX4-W01',
      meta: {
        profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Location'],
        lastUpdated: new Date(observedAt).toISOString(),
      },
      identifier: [{ system: 'https://wardpulse.nhs.uk/fhir/Id/ward', value: 'RX4-W01' }],
      status: 'active',
      operationalStatus: { system: 'http://terminology.hl7.org/CodeSystem/v2-0116', code: 'O' },
      mode: 'instance',
      physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'wa' }] },
      managingOrganization: { reference: 'Organization/RX4', identifier: { system: ODS, value: 'RX4' } },
    });
    expect(counts(body)).toMatchObject({ commissioned: 20, closed: 2, open: 18, occupied: 16, onLeave: 2, vacant: 0 });
    expect(counts(body).occupancyIncludingLeave).toBe(1);

    const closed = (await fhir('/Location/RX4-W02')).body;
    expect(closed).toMatchObject({ status: 'suspended', operationalStatus: { code: 'C' } });
    const picu = (await fhir('/Location/RX4-W03')).body;
    expect(picu.operationalStatus.code).toBe('U');
    expect(picu.type[0].coding).toContainEqual(expect.objectContaining({ code: 'picu' }));
    expect(counts(picu)).toMatchObject({ open: 10, occupied: 7, onLeave: 1, vacant: 2 });

    const organization = (await fhir('/Organization/RX4')).body;
    expect(organization).toMatchObject({ resourceType: 'Organization', id: 'RX4', identifier: [{ system: ODS, value: 'RX4' }] });
  });

  it('searches wards by organisation, type and physical type in a searchset Bundle', async () => {
    const picus = org.wards.filter((ward) => ward.trustOds === 'RX4' && ward.type === 'picu');
    const { body } = await fhir('/Location?organization=Organization/RX4&type=picu&physical-type=wa');
    expect(body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: picus.length });
    expect(body.link[0]).toEqual({ relation: 'self', url: expect.stringContaining('/fhir/r4/Location?organization=') });
    expect(body.entry.map((entry: any) => entry.resource.id).sort()).toEqual(picus.map((ward) => ward.id).sort());
    for (const entry of body.entry) {
      expect(entry.fullUrl).toBe(`${app.url}/fhir/r4/Location/${entry.resource.id}`);
      expect(entry.search).toEqual({ mode: 'match' });
    }
    const vacant = (await fhir('/Location?organization=RX4&operational-status=U')).body;
    expect(vacant.entry.map((entry: any) => entry.resource.id)).toEqual(['RX4-W03']);
    expect((await fhir('/Location?physical-type=bd')).body.total).toBe(0);
    const byIdentifier = (await fhir('/Location?identifier=https://wardpulse.nhs.uk/fhir/Id/ward|RX4-W02')).body;
    expect(byIdentifier.entry.map((entry: any) => entry.resource.id)).toEqual(['RX4-W02']);
  });

  it('pages with _count and next links', async () => {
    const wards = org.wards.filter((ward) => ward.trustOds === 'RX4').length;
    const first = (await fhir('/Location?organization=RX4&_count=5')).body;
    expect(first.total).toBe(wards);
    expect(first.entry).toHaveLength(5);
    const next = first.link.find((link: any) => link.relation === 'next').url as string;
    const second = (await fhir(next.slice(next.indexOf('/fhir/r4') + '/fhir/r4'.length))).body;
    expect(second.entry).toHaveLength(Math.min(5, wards - 5));
    const ids = [...first.entry, ...second.entry].map((entry: any) => entry.resource.id);
    expect(new Set(ids).size).toBe(ids.length);
    const totalOnly = (await fhir('/Location?organization=RX4&_count=0')).body;
    expect(totalOnly.total).toBe(wards);
    // FHIR JSON has no empty arrays.
    expect(totalOnly).not.toHaveProperty('entry');
  });

  it('shows only the trusts the caller may read', async () => {
    const rx3Wards = org.wards.filter((ward) => ward.trustOds === 'RX3').length;
    const all = (await fhir('/Location?_count=1000', rx3Key)).body;
    expect(all.total).toBe(rx3Wards);
    expect(new Set(all.entry.map((entry: any) => entry.resource.managingOrganization.reference))).toEqual(
      new Set(['Organization/RX3']),
    );
    expect((await fhir('/Location?organization=RX4', rx3Key)).body.total).toBe(0);
    expect((await fhir('/Organization', rx3Key)).body.entry.map((entry: any) => entry.resource.id)).toEqual(['RX3']);
    const refused = await fhir('/Location/RX4-W01', rx3Key);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] });
    expect((await fhir('/Organization/RX4', rx3Key)).status).toBe(403);
    // The demo's anonymous read, as the live API allows it.
    expect((await fhir('/Location?organization=RX3&_count=1', undefined)).status).toBe(200);
  });

  it('answers errors as OperationOutcome with the right status', async () => {
    const unknownParameter = await fhir('/Location?organisation=RX4');
    expect(unknownParameter.status).toBe(400);
    expect(unknownParameter.body.issue[0]).toMatchObject({
      code: 'not-supported',
      diagnostics: expect.stringContaining('"organisation"'),
    });
    expect((await fhir('/Location?_count=many')).body.issue[0].diagnostics).toContain('_count');
    expect((await fhir('/Location?type:text=picu')).status).toBe(400);
    expect((await fhir('/Location/RX4-W99')).status).toBe(404);
    expect((await fhir('/Organization/ZZZ')).status).toBe(404);
    expect((await fhir('/Patient')).status).toBe(404);
    expect((await fhir('/Location?_format=xml')).status).toBe(406);
    expect((await fhir('/Location', rx4Key, { accept: 'application/fhir+xml' })).status).toBe(406);
    const badKey = await fhir('/Location', 'wpk_not_a_key');
    expect(badKey.status).toBe(401);
    expect(badKey.body.issue[0].code).toBe('login');
    const post = await fetch(`${app.url}/fhir/r4/Location`, { method: 'POST', headers: { authorization: `Bearer ${rx4Key}` } });
    expect(post.status).toBe(405);
    expect(fhirProblems(await post.json())).toEqual([]);
    // application/json and _format=json are accepted too.
    expect((await fhir('/Location/RX4-W01?_format=json', rx4Key, { accept: 'application/json' })).status).toBe(200);
  });
});

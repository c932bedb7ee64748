import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { orgDirectorySchema, readOrgImportJson, validateOrgImport, type OrgDirectory } from '@wardpulse/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORG_CSV_HEADER, readOrgImportCsv } from './org-csv.js';

const docs = fileURLToPath(new URL('../../../docs/', import.meta.url));
const empty: OrgDirectory = {
  regions: [],
  collaboratives: [],
  trusts: [],
  sites: [],
  wards: [],
  s136Suites: [],
  crisisServices: [],
};
const HEADER = ORG_CSV_HEADER.join(',');
/** A row of the layout: the record kind and the named cells, the rest blank. */
const row = (cells: Record<string, string>) => ORG_CSV_HEADER.map((column) => cells[column] ?? '').join(',');

async function problemsOf(text: string) {
  const read = await readOrgImportCsv(text);
  const validated = validateOrgImport(read.entries, empty);
  return [...read.problems, ...(validated.ok ? [] : validated.problems)].map(({ path, message }) => ({ path, message }));
}

describe('organisation import: CSV layout', () => {
  it('the example CSV and the example JSON of docs/ describe the same organisation', async () => {
    const csv = await readOrgImportCsv(readFileSync(join(docs, 'org-import-example.csv'), 'utf8'));
    const json = readOrgImportJson(JSON.parse(readFileSync(join(docs, 'org-import-example.json'), 'utf8')));
    expect(csv.problems).toEqual([]);
    expect(json.problems).toEqual([]);
    const fromCsv = validateOrgImport(csv.entries, empty);
    const fromJson = validateOrgImport(json.entries, empty);
    expect(fromCsv.ok && fromJson.ok).toBe(true);
    if (!fromCsv.ok || !fromJson.ok) return;
    expect(fromCsv.file).toEqual(fromJson.file);
    expect(fromCsv.file.wards).toHaveLength(5);
    expect(fromCsv.file.collaboratives.find((c) => c.id === 'se-secure')).toEqual({
      id: 'se-secure',
      name: 'South East Adult Secure',
      kind: 'specialised',
      regionCode: 'Y59',
      trustOds: ['RX2', 'RW1'],
      serviceLines: { RX2: ['adult-secure-low'], RW1: ['adult-secure-low', 'adult-secure-medium'] },
    });
    expect(fromCsv.file.s136Suites[0]).toMatchObject({ id: 'RX2-136-1', commissioned: true });
  });

  it('names every bad row by its line and column, a broken quote costing one row', async () => {
    const text = [
      HEADER,
      row({ record: 'trust', id: 'rx2', name: 'Sussex', regionCode: 'Y59' }),
      row({ record: 'site', id: 'RX2-S1', name: 'Mill View', trust: 'RX2' }),
      row({
        record: 'ward',
        id: 'RX2-W01',
        name: 'A',
        trust: 'RX2',
        site: 'RX2-S1',
        type: 'picu',
        sex: 'male',
        commissionedBeds: 'ten',
      }),
      row({
        record: 'ward',
        id: 'RX2-W02',
        name: 'B',
        trust: 'RX2',
        site: 'RX2-S1',
        type: 'picu',
        sex: 'male',
        commissionedBeds: '4',
        kind: 'x',
      }),
      row({ record: 'wardd', id: 'RX2-W03' }),
      'ward,RX2-W04,"Broken,,,,,,,,,,,,,',
      row({ record: 'member', collaborative: 'nowhere', trust: 'RX2' }),
      row({ record: 'region', id: 'Y59', name: 'South East' }),
    ].join('\r\n');
    expect(await problemsOf(text)).toEqual([
      { path: 'line 4: commissionedBeds', message: 'must be a whole number' },
      { path: 'line 5: kind', message: 'is not used by a ward row: leave it blank' },
      { path: 'line 6: record', message: expect.stringContaining('"wardd" is not one of') },
      { path: 'line 7: (row)', message: 'a quoted field is not closed' },
      { path: 'line 8: collaborative', message: expect.stringContaining('no collaborative row "nowhere"') },
    ]);
  });

  it('region and trust codes are named by their column, id; a specialised member without types is named', async () => {
    const text = [
      HEADER,
      row({ record: 'region', id: 'Y99', name: 'Atlantis' }),
      row({ record: 'trust', id: 'RX2', name: 'Sussex', regionCode: 'Y59' }),
      row({ record: 'trust', id: 'RX2', name: 'Sussex again', regionCode: 'Y59' }),
      row({ record: 'collaborative', id: 'sec', name: 'Secure', kind: 'specialised' }),
      row({ record: 'member', collaborative: 'sec', trust: 'RX2' }),
    ].join('\n');
    expect(await problemsOf(text)).toEqual([
      { path: 'line 2: id', message: expect.stringContaining('not an NHS England region') },
      { path: 'line 4: id', message: 'trust "RX2" is also at line 3' },
      { path: 'line 6: wardTypes', message: expect.stringContaining('specialised') },
    ]);
  });

  it('refuses an unknown header column and an empty file', async () => {
    expect(await problemsOf('record,id,colour\nward,X,red\n')).toEqual([
      { path: 'line 1: colour', message: expect.stringContaining('is not a column of the layout') },
    ]);
    expect(await problemsOf('')).toEqual([{ path: '(file)', message: expect.stringContaining('is empty') }]);
  });

  it('never throws: any text gives problems or an organisation the directory schema accepts', async () => {
    const cell = fc.oneof(
      fc.constantFrom(
        'ward',
        'site',
        'trust',
        'member',
        'region',
        'collaborative',
        's136-suite',
        'RX2',
        'RX2-S1',
        'Y59',
        '12',
        '-1',
        'yes',
        '"',
        'picu;camhs',
        '',
      ),
      fc.string({ maxLength: 8 }),
    );
    const line = fc.array(cell, { maxLength: 17 }).map((cells) => cells.join(','));
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(line, { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        async (header, lines, eol) => {
          const text = (header ? [HEADER, ...lines] : lines).join(eol);
          const read = await readOrgImportCsv(text);
          const validated = validateOrgImport(read.entries, empty);
          if (read.problems.length === 0 && validated.ok) expect(orgDirectorySchema.safeParse(validated.file).success).toBe(true);
          else
            for (const problem of [...read.problems, ...(validated.ok ? [] : validated.problems)]) {
              expect(typeof problem.path).toBe('string');
              expect(problem.message.length).toBeGreaterThan(0);
            }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('JSON: any value gives problems or an organisation the directory schema accepts', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), fc.record({ wards: fc.array(fc.anything()), trusts: fc.array(fc.object()) })),
        (value) => {
          const read = readOrgImportJson(value);
          const validated = validateOrgImport(read.entries, empty);
          if (read.problems.length === 0 && validated.ok) expect(orgDirectorySchema.safeParse(validated.file).success).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});

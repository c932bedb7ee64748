import { describe, expect, it } from 'vitest';
import {
  collaborativeCoversTrust,
  collaborativeCoversWard,
  describeServiceLines,
  serviceLinesOf,
  specialisedCoverageNote,
} from './org.js';
import type { Collaborative } from './org.js';

/** PROSPECT (domain.md): adult low and medium secure across its members; here RW4 and a second trust. */
const prospect: Collaborative = {
  id: 'prospect',
  name: 'PROSPECT adult secure',
  kind: 'specialised',
  trustOds: ['RW4', 'RXA'],
  serviceLines: { RW4: ['adult-secure-medium', 'adult-secure-low'], RXA: ['adult-secure-low'] },
};
const nenc: Collaborative = { id: 'nenc', name: 'NENC', kind: 'place-based', trustOds: ['RX3', 'RX4'], serviceLines: {} };

describe('service lines', () => {
  it('lists the ward types named over all members, in the KH03 order of WARD_TYPES', () => {
    expect(serviceLinesOf(prospect)).toEqual(['adult-secure-low', 'adult-secure-medium']);
    expect(serviceLinesOf(nenc)).toEqual([]);
    expect(describeServiceLines(prospect)).toBe('Low secure and Medium secure');
  });

  it('decide which wards and trusts a collaborative covers', () => {
    expect(collaborativeCoversWard(prospect, { trustOds: 'RXA', type: 'adult-secure-low' })).toBe(true);
    expect(collaborativeCoversWard(prospect, { trustOds: 'RXA', type: 'adult-secure-medium' })).toBe(false);
    expect(collaborativeCoversWard(prospect, { trustOds: 'RX4', type: 'adult-secure-low' })).toBe(false);
    expect(collaborativeCoversTrust(prospect, 'RW4')).toBe(false);
    expect(collaborativeCoversTrust(nenc, 'RX4')).toBe(true);
  });

  it("say on a specialised collaborative's board what it covers", () => {
    expect(specialisedCoverageNote(prospect)).toBe(
      "Covers Low secure and Medium secure wards of 2 trusts; trust-wide figures are on each trust's board",
    );
    expect(specialisedCoverageNote({ ...prospect, trustOds: ['RW4'], serviceLines: { RW4: ['camhs'] } })).toBe(
      "Covers CAMHS inpatient wards of 1 trust; trust-wide figures are on each trust's board",
    );
    expect(specialisedCoverageNote(nenc)).toBeUndefined();
  });
});

import type { OrgDirectory } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { describeGrant, describeGrants } from './grant-text.js';

const directory: Pick<OrgDirectory, 'regions' | 'collaboratives' | 'trusts'> = {
  regions: [{ code: 'Y62', name: 'North West' }],
  collaboratives: [
    { id: 'nenc', name: 'North East and North Cumbria', kind: 'place-based', trustOds: ['RX4', 'RX3'], serviceLines: {} },
  ],
  trusts: [{ ods: 'RX3', name: 'Tees, Esk and Wear Valleys NHS Foundation Trust' }],
};

describe('grants in words', () => {
  it('names the role and the scope', () => {
    expect(describeGrant({ role: 'admin', scope: { kind: 'all' } }, directory)).toBe('Administrator for every trust');
    expect(describeGrant({ role: 'bed-manager', scope: { kind: 'collaborative', id: 'nenc' } }, directory)).toBe(
      'Bed manager for North East and North Cumbria (collaborative)',
    );
    expect(describeGrant({ role: 'viewer', scope: { kind: 'trust', id: 'RX3' } }, directory)).toBe(
      'Viewer for Tees, Esk and Wear Valleys NHS Foundation Trust (RX3)',
    );
    expect(describeGrant({ role: 'executive', scope: { kind: 'region', id: 'Y62' } }, directory)).toBe(
      'Executive for region: North West',
    );
  });

  it('falls back to ids when the directory does not know the name', () => {
    expect(describeGrant({ role: 'on-call', scope: { kind: 'trust', id: 'RX9' } }, directory)).toBe(
      'On-call manager for trust RX9',
    );
    expect(describeGrant({ role: 'executive', scope: { kind: 'collaborative', id: 'x' } }, null)).toBe(
      'Executive for collaborative x',
    );
    expect(describeGrant({ role: 'viewer', scope: { kind: 'region', id: 'Y58' } }, directory)).toBe('Viewer for region: Y58');
  });

  it('says when there is no access at all', () => {
    expect(describeGrants([], directory)).toEqual(['No access']);
  });
});

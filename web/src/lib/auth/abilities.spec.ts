import type { Grant } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { adminSections, reachOf } from './abilities.js';

const grant = (role: Grant['role'], scope: Grant['scope'] = { kind: 'all' }): Grant => ({ role, scope });

describe('admin sections', () => {
  it('gives an administrator over everything every section', () => {
    expect(adminSections([grant('admin')])).toEqual(['people', 'api-keys', 'display-tokens', 'organisation', 'hl7', 'audit']);
  });

  it('gives a trust administrator keys, tokens and the organisation, but not people or the audit log', () => {
    expect(adminSections([grant('admin', { kind: 'trust', id: 'RX4' })])).toEqual([
      'api-keys',
      'display-tokens',
      'organisation',
      'hl7',
    ]);
  });

  it('gives viewers, executives and bed managers nothing', () => {
    expect(adminSections([grant('viewer', { kind: 'trust', id: 'RX3' })])).toEqual([]);
    expect(adminSections([grant('executive'), grant('bed-manager', { kind: 'collaborative', id: 'nenc' })])).toEqual([]);
    expect(adminSections([])).toEqual([]);
  });

  it('measures how far an ability reaches', () => {
    expect(reachOf([grant('viewer', { kind: 'trust', id: 'RX3' }), grant('admin')], 'manage-org')).toBe('everything');
    expect(reachOf([grant('admin', { kind: 'collaborative', id: 'nenc' })], 'manage-org')).toBe('some');
    expect(reachOf([grant('executive')], 'manage-org')).toBe('none');
  });
});

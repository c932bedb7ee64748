import { OrgIndex, type Grant, type OrgDirectory } from '@wardpulse/shared';
import { describe, expect, it } from 'vitest';
import { alertScopeOptions, mayOverScope } from './alert-access.js';

const directory: OrgDirectory = {
  regions: [],
  collaboratives: [
    { id: 'nenc', name: 'North East and North Cumbria', kind: 'place-based', trustOds: ['RX4', 'RX3'], serviceLines: {} },
    { id: 'south', name: 'South', kind: 'place-based', trustOds: ['RV5'], serviceLines: {} },
  ],
  trusts: [
    { ods: 'RX4', name: 'Cumbria, Northumberland, Tyne and Wear' },
    { ods: 'RX3', name: 'Tees, Esk and Wear Valleys' },
    { ods: 'RV5', name: 'South London and Maudsley' },
  ],
  sites: [],
  wards: [],
  s136Suites: [],
  crisisServices: [],
} as unknown as OrgDirectory;
const org = new OrgIndex(directory);

describe('mayOverScope', () => {
  it('needs the ability over every trust the scope shows', () => {
    const grants: Grant[] = [{ role: 'on-call', scope: { kind: 'trust', id: 'RX4' } }];
    expect(mayOverScope(grants, 'respond-alerts', 'trust:RX4', org)).toBe(true);
    expect(mayOverScope(grants, 'respond-alerts', 'collaborative:nenc', org)).toBe(false);
    expect(mayOverScope(grants, 'manage-alerts', 'trust:RX4', org)).toBe(false);
    const both: Grant[] = [...grants, { role: 'on-call', scope: { kind: 'trust', id: 'RX3' } }];
    expect(mayOverScope(both, 'respond-alerts', 'collaborative:nenc', org)).toBe(true);
  });

  it('refuses unknown scopes and an unloaded organisation', () => {
    const admin: Grant[] = [{ role: 'admin', scope: { kind: 'all' } }];
    expect(mayOverScope(admin, 'manage-alerts', 'trust:ZZZ', org)).toBe(false);
    expect(mayOverScope(admin, 'manage-alerts', 'trust:RX4', null)).toBe(false);
  });
});

describe('alertScopeOptions', () => {
  it('lists the collaboratives then trusts the person may act on', () => {
    const grants: Grant[] = [{ role: 'admin', scope: { kind: 'collaborative', id: 'nenc' } }];
    expect(alertScopeOptions(grants, 'manage-alerts', directory)).toEqual([
      { value: 'collaborative:nenc', label: 'North East and North Cumbria (collaborative)' },
      { value: 'trust:RX4', label: 'Cumbria, Northumberland, Tyne and Wear' },
      { value: 'trust:RX3', label: 'Tees, Esk and Wear Valleys' },
    ]);
    expect(alertScopeOptions([], 'manage-alerts', directory)).toEqual([]);
    expect(alertScopeOptions(grants, 'manage-alerts', null)).toEqual([]);
  });
});

/**
 * What a signed-in person may do, worked out from their grants with the shared role table, so the
 * interface can hide what they cannot do. The server decides for real on every request; this only
 * spares people links that would be refused.
 */
import { ROLE_ABILITIES, type Ability, type Grant } from '@wardpulse/shared';

/** How far an ability reaches: over everything, over some trusts or collaboratives, or not at all. */
export type Reach = 'everything' | 'some' | 'none';

export function reachOf(grants: readonly Grant[], ability: Ability): Reach {
  let reach: Reach = 'none';
  for (const grant of grants) {
    if (!ROLE_ABILITIES[grant.role].includes(ability)) continue;
    if (grant.scope.kind === 'all') return 'everything';
    reach = 'some';
  }
  return reach;
}

export const ADMIN_SECTIONS = ['people', 'api-keys', 'display-tokens', 'organisation', 'hl7', 'audit'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

export const ADMIN_SECTION_LABELS: Record<AdminSection, string> = {
  people: 'People',
  'api-keys': 'API keys',
  'display-tokens': 'Display tokens',
  organisation: 'Organisation',
  hl7: 'HL7 feeds',
  audit: 'Audit log',
};

export const ADMIN_SECTION_DESCRIPTIONS: Record<AdminSection, string> = {
  people: 'Add people, change what they may do and where, disable accounts.',
  'api-keys': 'Keys for feeds that send data, and for systems that read it.',
  'display-tokens': 'Links that open a wall board on a screen without signing in.',
  organisation: 'Sites and wards of each trust, with their commissioned beds.',
  hl7: 'Which ward each location of an HL7 feed counts on, and the locations not mapped yet.',
  audit: 'Every sign-in and every change to access and the organisation.',
};

/**
 * The admin sections these grants reach, mirroring the server's rules: people and the audit log need
 * `manage-access` / `view-audit` over everything; keys and tokens need `manage-access` over the trusts
 * they cover; the organisation and HL7 feeds need `manage-org` over the trust concerned.
 */
export function adminSections(grants: readonly Grant[]): AdminSection[] {
  const access = reachOf(grants, 'manage-access');
  const sections: AdminSection[] = [];
  if (access === 'everything') sections.push('people');
  if (access !== 'none') sections.push('api-keys', 'display-tokens');
  if (reachOf(grants, 'manage-org') !== 'none') sections.push('organisation', 'hl7');
  if (reachOf(grants, 'view-audit') === 'everything') sections.push('audit');
  return sections;
}

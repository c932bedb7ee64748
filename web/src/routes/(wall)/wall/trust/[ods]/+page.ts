import { error } from '@sveltejs/kit';
import { parseScope } from '@wardpulse/shared';
import type { PageLoad } from './$types';

export const load = (({ params }) => {
  // ODS codes are upper case; accept a hand-typed lower-case address too.
  const parsed = parseScope(`trust:${params.ods.toUpperCase()}`);
  if (!parsed.ok) error(404, `There is no trust board for "${params.ods}": ${parsed.message}`);
  return { scope: parsed.scope };
}) satisfies PageLoad;

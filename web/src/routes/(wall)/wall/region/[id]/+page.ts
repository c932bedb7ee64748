import { error } from '@sveltejs/kit';
import { parseScope } from '@wardpulse/shared';
import type { PageLoad } from './$types';

export const load = (({ params }) => {
  const parsed = parseScope(`region:${params.id}`);
  if (!parsed.ok) error(404, `There is no region board for "${params.id}": ${parsed.message}`);
  return { scope: parsed.scope };
}) satisfies PageLoad;

/**
 * HL7 feeds' location mappings (`manage-org` over the feed's trust): list the feeds, their mappings
 * and the locations they sent that no mapping covers; map a location (point of care, or one room
 * or bed of it) to a ward of the trust; remove a mapping. Every change is audited, and the feed's
 * admitted visits are placed again, so the wards' censuses follow at once.
 */
import { Hl7MappingConflict, JobName, type Hl7FeedConfig, type Hl7MappingRepository, type JobQueues } from '@wardpulse/jobs';
import { createHl7MappingRequestSchema, type Hl7FeedsResponse, type OrgIndex } from '@wardpulse/shared';
import { Router, type Request } from 'express';
import { actorOf, authorise, type AccessPolicy, type Principal } from '../../auth/access.js';
import type { AuditLog } from '../../auth/audit.js';
import { describeFeed } from '../../hl7/hl7-feeds.js';
import { requireAccess, SOMEWHERE } from '../authenticate.js';
import { HttpError } from '../errors.js';
import { parseRequest } from '../validate.js';

export interface AdminHl7Deps {
  feeds: readonly Hl7FeedConfig[];
  /** MLLP ports bound, by feed id (`common` for the common port). */
  mllpPorts: () => Map<string, number>;
  mappings: Hl7MappingRepository;
  queues: JobQueues;
  audit: AuditLog;
  org: () => OrgIndex;
  policy: AccessPolicy;
}

export function adminHl7Route(deps: AdminHl7Deps): Router {
  const router = Router();
  const feeds = new Map(deps.feeds.map((feed) => [feed.id, feed]));
  const manages = (principal: Principal, feed: Hl7FeedConfig) =>
    authorise(principal, 'manage-org', { kind: 'trusts', trusts: [feed.trustOds] }, deps.org(), deps.policy).allowed;
  /** The feed named in the path, once the caller may manage its trust (refusal before anything is revealed). */
  const feedFor = (req: Request): { feed: Hl7FeedConfig; principal: Principal } => {
    requireAccess(req, 'manage-org', SOMEWHERE, deps.org(), deps.policy);
    const feed = feeds.get(String(req.params.feed));
    if (!feed) throw new HttpError(404, 'not_found', 'no such HL7 feed');
    const principal = requireAccess(req, 'manage-org', { kind: 'trusts', trusts: [feed.trustOds] }, deps.org(), deps.policy);
    return { feed, principal };
  };
  const audited = (req: Request, principal: Principal, feed: Hl7FeedConfig, detail: Record<string, unknown>) =>
    deps.audit.record({
      actor: actorOf(principal),
      action: 'org-changed',
      target: `hl7-feed:${feed.id}`,
      detail,
      ip: req.ip ?? null,
    });
  const remap = (feedId: string) =>
    deps.queues.enqueue(JobName.Hl7Remap, { feedId }, `${JobName.Hl7Remap}-${feedId}-${Date.now()}`).catch(() => undefined);

  router.get('/admin/hl7/feeds', async (req, res) => {
    const principal = requireAccess(req, 'manage-org', SOMEWHERE, deps.org(), deps.policy);
    const visible = deps.feeds.filter((feed) => manages(principal, feed));
    const ids = visible.map((feed) => feed.id);
    const [mappings, unmapped] = await Promise.all([deps.mappings.mappings(ids), deps.mappings.unmapped(ids)]);
    const ports = deps.mllpPorts();
    const body: Hl7FeedsResponse = {
      feeds: visible.map((feed) => ({
        feed: describeFeed(
          feed,
          ports.get(feed.id) ?? (feed.mllpPort === undefined && feed.allowFrom.length > 0 ? ports.get('common') : undefined),
        ),
        mappings: mappings.filter((mapping) => mapping.feedId === feed.id),
        unmapped: unmapped.filter((location) => location.feedId === feed.id),
      })),
    };
    res.json(body);
  });

  router.post('/admin/hl7/feeds/:feed/mappings', async (req, res) => {
    const { feed, principal } = feedFor(req);
    const body = parseRequest(createHl7MappingRequestSchema, req.body, 'location mapping');
    if (body.bed && !body.room)
      throw new HttpError(400, 'malformed', 'a bed is mapped within a room', [{ path: 'room', message: 'is needed with a bed' }]);
    const ward = deps.org().wardsById.get(body.wardId);
    if (!ward || ward.trustOds !== feed.trustOds) {
      throw new HttpError(422, 'invalid', 'the ward is not one of the feed’s trust', [
        { path: 'wardId', message: `no ward "${body.wardId}" in ${feed.trustOds}` },
      ]);
    }
    let mapping;
    try {
      mapping = await deps.mappings.create(feed.id, body);
    } catch (error) {
      if (error instanceof Hl7MappingConflict)
        throw new HttpError(409, 'conflict', error.message, [
          { path: 'pointOfCare', message: 'this location is already mapped' },
        ]);
      throw error;
    }
    await audited(req, principal, feed, { mapped: mapping });
    await remap(feed.id);
    res.status(201).json(mapping);
  });

  router.delete('/admin/hl7/feeds/:feed/mappings/:id', async (req, res) => {
    const { feed, principal } = feedFor(req);
    const mapping = await deps.mappings.mapping(String(req.params.id));
    if (!mapping || mapping.feedId !== feed.id) throw new HttpError(404, 'not_found', 'no such mapping of this feed');
    await deps.mappings.delete(mapping.id);
    await audited(req, principal, feed, { unmapped: mapping });
    await remap(feed.id);
    res.status(204).end();
  });
  return router;
}

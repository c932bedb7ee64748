/**
 * A signed-in person's own contact points: where they hear about alerts, per severity
 * (issue #6, item 4). Only people have contact points; each sees and changes only their own.
 * Secrets (webhook secrets, push keys) are stored, never returned. "Send test" is rate-limited
 * per person, and why a webhook or push delivery failed is for administrators only
 * (`delivery-errors.ts`): together they keep a person from scanning the network with tests.
 */
import { publicContactPoint, type Alerting, type StoredContactPoint } from '@wardpulse/jobs';
import { contactPointInputSchema, contactPointUpdateSchema } from '@wardpulse/shared';
import { Router, type Request } from 'express';
import type { AuditLog } from '../../auth/audit.js';
import { principalOf } from '../authenticate.js';
import { seesDeliveryReasons, shownContactPoint } from '../delivery-errors.js';
import { HttpError } from '../errors.js';
import type { RateLimits } from '../rate-limits.js';
import { parseRequest } from '../validate.js';
import type { ScopeAccessDeps } from './alert-access.js';

export interface ContactPointsRouteDeps extends ScopeAccessDeps {
  alerting: Alerting;
  audit: AuditLog;
  rateLimits: RateLimits;
  /** The VAPID public key browsers subscribe with. */
  webPushPublicKey: () => Promise<string>;
}

function requirePerson(req: Request) {
  const principal = principalOf(req);
  if (principal.kind === 'user') return principal.user;
  throw principal.kind === 'anonymous'
    ? new HttpError(401, 'unauthenticated', 'sign in to manage your notifications')
    : new HttpError(403, 'forbidden', 'only people have notification settings');
}

export function contactPointsRoute(deps: ContactPointsRouteDeps): Router {
  const router = Router();
  const store = deps.alerting.contactPoints;
  const audit = (req: Request, userId: string, target: string, detail: Record<string, unknown>) =>
    deps.audit.record({ actor: `user:${userId}`, action: 'contact-point-changed', target, detail, ip: req.ip ?? null });

  /** The contact point as this person may see it: secrets never, a delivery's reasons if an administrator. */
  const shown = (req: Request, point: StoredContactPoint) =>
    shownContactPoint(publicContactPoint(point), seesDeliveryReasons(principalOf(req), deps.org(), deps.policy));

  const ownContactPoint = async (req: Request) => {
    const person = requirePerson(req);
    const point = await store.get(String(req.params.id));
    // Someone else's contact point is as good as absent.
    if (!point || point.personId !== person.id) throw new HttpError(404, 'not_found', 'no such contact point');
    return { person, point };
  };

  router.get('/me/contact-points', async (req, res) => {
    const person = requirePerson(req);
    res.json({ contactPoints: (await store.list(person.id)).map((point) => shown(req, point)) });
  });

  router.post('/me/contact-points', async (req, res) => {
    const person = requirePerson(req);
    const input = parseRequest(contactPointInputSchema, req.body, 'contact point');
    const point = await store.create(person.id, input);
    await audit(req, person.id, `contact-point:${point.id}`, {
      created: { kind: point.kind, label: point.label, severities: point.severities, summary: point.summary },
    });
    res.status(201).json(shown(req, point));
  });

  router.patch('/me/contact-points/:id', async (req, res) => {
    const { person, point } = await ownContactPoint(req);
    const update = parseRequest(contactPointUpdateSchema, req.body, 'contact point change');
    const updated = (await store.update(point.id, update))!;
    await audit(req, person.id, `contact-point:${point.id}`, { changed: update });
    res.json(shown(req, updated));
  });

  router.delete('/me/contact-points/:id', async (req, res) => {
    const { person, point } = await ownContactPoint(req);
    await store.delete(point.id);
    await audit(req, person.id, `contact-point:${point.id}`, { deleted: { kind: point.kind, label: point.label } });
    res.status(204).end();
  });

  router.post('/me/contact-points/:id/test', async (req, res) => {
    const { person, point } = await ownContactPoint(req);
    await deps.rateLimits.testNotification(person.id);
    const notificationId = await deps.alerting.queueTest(person.id, point.id);
    res.status(202).json({ notificationId });
  });

  router.get('/web-push/public-key', async (req, res) => {
    requirePerson(req);
    res.json({ publicKey: await deps.webPushPublicKey() });
  });

  return router;
}

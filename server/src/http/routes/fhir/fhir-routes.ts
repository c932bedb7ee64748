/**
 * The FHIR R4 read API under /fhir/r4: CapabilityStatement, Location (wards) and Organization
 * (trusts), read and search. The same principals and the same authorise() as the REST API: a
 * search shows only the trusts the caller may read, a read of another trust's ward is refused.
 * Every answer is application/fhir+json; every error an OperationOutcome.
 */
import type { LiveStateRepository } from '@wardpulse/jobs';
import type { ErrorCode, OrgIndex, Trust, Ward } from '@wardpulse/shared';
import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { mayAccessTrusts, mayOnWard, type AccessPolicy } from '../../../auth/access.js';
import type { Authenticator } from '../../../auth/authenticator.js';
import type { Metrics } from '../../../metrics.js';
import { authenticate, principalOf, requireAccess, SOMEWHERE } from '../../authenticate.js';
import { countRejection, HttpError, httpErrorOf } from '../../errors.js';
import { capabilityStatement } from './capability-statement.js';
import {
  FHIR_BASE_PATH,
  FHIR_JSON,
  fhirIdOfWard,
  operationOutcome,
  organizationResource,
  searchsetBundle,
  wardLocation,
  type FhirResource,
  type IssueCode,
} from './resources.js';
import { LOCATION_SEARCH, ORGANIZATION_SEARCH, parseSearch, type SearchParam } from './search.js';

export interface FhirRouteDeps {
  live: LiveStateRepository;
  org: () => OrgIndex;
  policy: AccessPolicy;
  authenticator: Authenticator;
  allowedOrigins: readonly string[];
  metrics: Metrics;
  /** WARDPULSE_PUBLIC_URL: the base of fullUrl and links; otherwise the request's own host. */
  /** The base of the links handed out (http/public-origin.ts). */
  originOf: (req: Request) => string;
}

/** An error whose FHIR issue code says more than the HTTP status (not-supported, invalid…). */
class FhirError extends HttpError {
  constructor(
    status: number,
    code: ErrorCode,
    readonly issues: { code: IssueCode; diagnostics: string }[],
  ) {
    super(status, code, issues.map((issue) => issue.diagnostics).join('; '));
  }
}

const ISSUE_CODES: Record<ErrorCode, IssueCode> = {
  malformed: 'invalid',
  invalid: 'invalid',
  unauthenticated: 'login',
  forbidden: 'forbidden',
  csrf: 'forbidden',
  misdirected: 'invalid',
  not_found: 'not-found',
  unknown_scope: 'not-found',
  too_large: 'invalid',
  conflict: 'invalid',
  rate_limited: 'throttled',
  unavailable: 'transient',
  internal: 'exception',
};

const JSON_FORMATS = ['json', 'application/json', FHIR_JSON];

function send(res: Response, status: number, body: unknown): void {
  res.status(status).type(`${FHIR_JSON}; charset=utf-8`).set('Cache-Control', 'no-store').json(body);
}

export function fhirRoute(deps: FhirRouteDeps): Router {
  const router = Router();
  const baseOf = (req: Request) => `${deps.originOf(req).replace(/\/$/, '')}${FHIR_BASE_PATH}`;

  router.use(authenticate(deps.authenticator, deps.allowedOrigins));
  // JSON only: _format or Accept may ask for it by any of its names; XML and the rest are not produced.
  router.use((req, _res, next) => {
    const format = req.query._format;
    if (format !== undefined && !JSON_FORMATS.includes(String(format))) {
      throw new FhirError(406, 'malformed', [
        { code: 'not-supported', diagnostics: `_format "${String(format)}" is not supported: use json (${FHIR_JSON})` },
      ]);
    }
    if (format === undefined && req.get('accept') && !req.accepts([FHIR_JSON, 'application/json'])) {
      throw new FhirError(406, 'malformed', [
        { code: 'not-supported', diagnostics: `Accept "${req.get('accept')}" is not supported: use ${FHIR_JSON}` },
      ]);
    }
    next();
  });

  router.get('/metadata', (req, res) => {
    send(res, 200, capabilityStatement(baseOf(req)));
  });

  /** The trusts the caller may read, after refusing one who may read nothing (401/403). */
  function readableTrusts(req: Request, org: OrgIndex): Trust[] {
    requireAccess(req, 'read', SOMEWHERE, org, deps.policy);
    const principal = principalOf(req);
    return org.directory.trusts.filter((trust) => mayAccessTrusts(principal, 'read', [trust.ods], org, deps.policy).allowed);
  }

  async function wardLocations(org: OrgIndex, wards: readonly Ward[]) {
    const states = await deps.live.readWardStates(wards.map((ward) => ward.id));
    const sites = new Map(org.directory.sites.map((site) => [site.id, site]));
    return wards.map((ward) =>
      wardLocation({
        ward,
        trust: org.trustsByOds.get(ward.trustOds) ?? { ods: ward.trustOds, name: ward.trustOds },
        site: sites.get(ward.siteId),
        state: states.get(ward.id) ?? null,
      }),
    );
  }

  function searchset<R extends FhirResource>(req: Request, res: Response, resources: R[], params: readonly SearchParam<R>[]) {
    const parsed = parseSearch(req.query as Record<string, unknown>, params);
    if (!parsed.ok)
      throw new FhirError(
        400,
        'malformed',
        parsed.problems.map(({ code, message }) => ({ code, diagnostics: message })),
      );
    const { matches, count, offset } = parsed.search;
    const matching = resources.filter(matches).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const base = baseOf(req);
    const pageUrl = (pageOffset: number) => {
      const url = new URL(`${base}${req.path}`);
      for (const [key, value] of Object.entries(req.query as Record<string, string | string[]>)) {
        if (key === '_offset') continue;
        for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(key, one);
      }
      if (pageOffset > 0) url.searchParams.set('_offset', String(pageOffset));
      return url.toString();
    };
    const page = matching.slice(offset, offset + count);
    send(
      res,
      200,
      searchsetBundle({
        self: pageUrl(offset),
        ...(count > 0 && offset + count < matching.length ? { next: pageUrl(offset + count) } : {}),
        total: matching.length,
        entries: page.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource })),
        now: Date.now(),
      }),
    );
  }

  router.get('/Location', async (req, res) => {
    const org = deps.org();
    requireAccess(req, 'read', SOMEWHERE, org, deps.policy);
    const principal = principalOf(req);
    const locations = await wardLocations(
      org,
      org.directory.wards.filter((ward) => mayOnWard(principal, 'read', ward, org, deps.policy).allowed),
    );
    searchset(req, res, locations, LOCATION_SEARCH);
  });

  router.get('/Location/:id', async (req, res) => {
    const org = deps.org();
    requireAccess(req, 'read', SOMEWHERE, org, deps.policy);
    const id = String(req.params.id);
    const ward = org.directory.wards.find((candidate) => fhirIdOfWard(candidate.id) === id);
    if (!ward) throw new FhirError(404, 'not_found', [{ code: 'not-found', diagnostics: `Location/${id} is not known` }]);
    requireAccess(req, 'read', { kind: 'wards', wards: [ward] }, org, deps.policy);
    const [location] = await wardLocations(org, [ward]);
    send(res, 200, location);
  });

  router.get('/Organization', (req, res) => {
    searchset(req, res, readableTrusts(req, deps.org()).map(organizationResource), ORGANIZATION_SEARCH);
  });

  router.get('/Organization/:id', (req, res) => {
    const org = deps.org();
    requireAccess(req, 'read', SOMEWHERE, org, deps.policy);
    const trust = org.trustsByOds.get(String(req.params.id));
    if (!trust)
      throw new FhirError(404, 'not_found', [{ code: 'not-found', diagnostics: `Organization/${req.params.id} is not known` }]);
    requireAccess(req, 'read', { kind: 'trusts', trusts: [trust.ods] }, org, deps.policy);
    send(res, 200, organizationResource(trust));
  });

  router.use((req) => {
    const known = /^\/(Location|Organization)(\/[^/]+)?$/.test(req.path) || req.path === '/metadata';
    throw known
      ? new FhirError(405, 'malformed', [
          { code: 'not-supported', diagnostics: `${req.method} is not supported: this API is read-only` },
        ])
      : new FhirError(404, 'not_found', [
          { code: 'not-supported', diagnostics: `no FHIR interaction ${req.method} ${FHIR_BASE_PATH}${req.path}` },
        ]);
  });

  const toOperationOutcome: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const httpError = httpErrorOf(error, req);
    countRejection(deps.metrics, req, httpError);
    res.set(httpError.headers);
    const issues =
      httpError instanceof FhirError ? httpError.issues : [{ code: ISSUE_CODES[httpError.code], diagnostics: httpError.message }];
    send(res, httpError.status, operationOutcome(issues));
  };
  router.use(toOperationOutcome);
  return router;
}

/**
 * Fuzzing of every ingest endpoint (issue #4; delayed discharges and crisis capacity, #17): thousands of malformed payloads per endpoint
 * against one real WardPulse (PGlite, real Redis and BullMQ workers), sent a few at a time.
 *
 * Each payload is a valid fact broken on purpose — a required field dropped, a value of the wrong
 * type or format, an unknown field, a well-formed but impossible combination, another trust's
 * data — alone or hidden among good facts in a batch, or whole-body junk (any JSON value, non-JSON
 * text, random bytes, wrong content types, charsets and encodings, oversized or deeply nested
 * bodies). Every mutation breaks something, so every request must be refused.
 *
 * What the server does is predicted from the wire bytes alone, with the shared schemas and
 * violation functions (the same definitions the server uses): the status (400 malformed, 403 not
 * the key's trust, 413 too large, 415 charset or encoding, 422 impossible) and the paths named in
 * the error details. Every response must be that 4xx in the one error shape, never a 5xx, never a
 * 202; nothing of any of it may reach the event log or the live state; the server must still be
 * healthy and still accept good facts afterwards.
 */
import { brotliCompressSync, brotliDecompressSync, deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import {
  addDays,
  APPROPRIATE_REASONS,
  bedStateBatchSchema,
  bedStateSchema,
  bedStateViolations,
  CONSULTATION_MECHANISMS,
  crisisCapacityBatchSchema,
  crisisCapacityReportSchema,
  crisisCapacityViolations,
  type CrisisService,
  DELAY_REASON_CODES,
  dischargeDelaySchema,
  dischargeDelaysBatchSchema,
  dischargeDelaysSnapshotSchema,
  dischargeDelaysViolations,
  eventIdSchema,
  type ErrorDetail,
  formatPath,
  INAPPROPRIATE_REASONS,
  londonDateOf,
  MAX_DELAYS_PER_WARD,
  mergePlacementEvent,
  type PlacementEvent,
  type PlacementRecord,
  placementBatchSchema,
  placementEventSchema,
  placementViolations,
  REFERRAL_COUNT_FIELDS,
  REFERRAL_SERVICES,
  REFERRAL_SOURCE_CODES,
  referralBatchSchema,
  referralDaySchema,
  referralDayViolations,
  videoConsultationBatchSchema,
  videoConsultationDaySchema,
  videoDayViolations,
  WAITING_SERVICE_IDS,
  WAITING_SERVICES,
  waitingListBatchSchema,
  waitingListSnapshotSchema,
  waitingListViolations,
  zodIssuesToDetails,
} from '@wardpulse/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bedState,
  crisisCapacityReport,
  placementEvent,
  referralDay,
  startTestApp,
  type TestApp,
  videoDay,
  waitingListSnapshot,
} from '../support/test-app.js';

/** The trust the payloads are about, and a well-formed trust code the key is scoped to but nobody knows (→ 422). */
const TRUST = 'RX4';
const UNKNOWN_TRUST = 'ZZ9';
const KEY_TRUSTS = [TRUST, UNKNOWN_TRUST];
/** The server's body limit (DEFAULT_BODY_LIMIT). */
const BODY_LIMIT = 1024 * 1024;
/** Requests in flight at once, and property runs: RUNS × CONCURRENCY payloads per endpoint and property. */
const CONCURRENCY = 8;
/** WARDPULSE_FUZZ_RUNS raises the runs for a longer hunt (each run is CONCURRENCY payloads). */
const RUNS = Number(process.env.WARDPULSE_FUZZ_RUNS ?? 125);
const TRANSPORT_RUNS = 50;

type Json = any;
type Path = (string | number)[];
interface Parser {
  safeParse(value: unknown): { success: true; data: any } | { success: false; error: { issues: any[] } };
}

// ---------------------------------------------------------------------------------------------
// Wire format: raw JSON fragments (NaN, 1e400, deep nesting, …) travel inside values as tokens.

const RAW = /"@@raw@@([A-Za-z0-9+/=]*)@@"/g;
const raw = (text: string) => `@@raw@@${Buffer.from(text).toString('base64')}@@`;

function toWire(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text.replace(RAW, (_match, base64: string) => Buffer.from(base64, 'base64').toString());
}

type ServerView = { ok: true; value: Json } | { ok: false };

/** What express.json (strict) makes of the bytes: body-parser's empty-body and first-character rules, then JSON.parse. */
function parseLikeServer(bytes: Uint8Array): ServerView {
  let text = Buffer.from(bytes).toString('utf8');
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.length === 0) return { ok: true, value: {} };
  const first = text.replace(/^[ \t\n\r]*/, '').charAt(0);
  if (first !== '{' && first !== '[') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** A value as the server sees it once embedded in a JSON body (NaN → null, undefined → absent, raw fragments parsed). */
function serverValue(value: unknown): { ok: true; value: Json } | { ok: false } {
  if (value === undefined) return { ok: true, value: undefined };
  const view = parseLikeServer(Buffer.from(`{"v":${toWire(value)}}`));
  return view.ok ? { ok: true, value: view.value.v } : { ok: false };
}

/** A value the leaf schema refuses, wherever it is put (or that breaks the JSON around it). */
const invalidFor = (schema: Parser, candidates: fc.Arbitrary<unknown>) =>
  candidates.filter((value) => {
    const view = serverValue(value);
    // Undefined vanishes from the JSON: dropping a field is a mutation of its own.
    if (view.ok && view.value === undefined) return false;
    return !view.ok || !schema.safeParse(view.value).success;
  });

// ---------------------------------------------------------------------------------------------
// Junk values.

const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 12,
});
const longStrings = fc
  .tuple(fc.integer({ min: 65, max: 20_000 }), fc.constantFrom('x', 'é', '😀', '\u0000', 'RX4-', ' ', '\u202e', '9'))
  .map(([length, unit]) => unit.repeat(length));
const weirdStrings = fc.constantFrom(
  '',
  ' ',
  '\t',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  'true',
  '0',
  '-1',
  '1.5',
  '1e3',
  '0x10',
  '١٢٣',
  '２０',
  'RX4\u0000',
  'rx4',
  'RX4 ',
  ' RX4',
  'ＲＸ４',
  'RX4-W01\n',
  'RX4‐W01',
  '<script>alert(1)</script>',
  "'; drop table event_log; --",
  '{{7*7}}',
  '${process.exit()}',
  '%s%n%x',
  '\u202eRX4',
  '\ud800',
  '\udfff\ud800',
  'ﬁ',
  'İ',
  '../../etc/passwd',
  '__proto__',
);
/** Valid-looking values of the string fields, slightly wrong. */
const nearMisses = fc
  .tuple(
    fc.constantFrom(
      'RX4',
      'RX4-W01',
      'staffing',
      'adult-acute',
      'no-bed-available',
      'independent',
      'started',
      'ended',
      'talking-therapies',
      '6-weeks',
      '2024-05-01',
      '2024-05-01T10:00:00.000Z',
      'test-0123456789abcdef-1',
    ),
    fc.constantFrom(
      (text: string) => text.toUpperCase(),
      (text: string) => text.toLowerCase(),
      (text: string) => `${text} `,
      (text: string) => ` ${text}`,
      (text: string) => `${text}\u0000`,
      (text: string) => `${text}\u200b`,
      (text: string) => text.replace('-', '‐'),
      (text: string) => text.slice(0, -1),
      (text: string) => `${text}é`,
      (text: string) => text.replace(/[0-9]/, '٣'),
      (text: string) => text.repeat(20),
      (text: string) => text.replace('T', ' '),
      (text: string) => text.replace('Z', ''),
    ),
  )
  .map(([text, change]) => change(text));
const strings = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  controlChars,
  longStrings,
  weirdStrings,
  nearMisses,
);
const numbers = fc.oneof(
  fc.constantFrom(
    -1,
    -0.5,
    0.5,
    1.5,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53),
    2 ** 63,
    1e21,
    -1e21,
    1e308,
    -1e308,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.EPSILON,
    1001,
    1_000_001,
    -1e9,
  ),
  fc.double(),
  fc.integer(),
  fc.maxSafeInteger(),
);
const rawFragments = fc
  .oneof(
    fc.constantFrom(
      'NaN',
      'Infinity',
      '-Infinity',
      'undefined',
      '1e400',
      '-1e400',
      '1e-400',
      '0x1F',
      '01',
      '.5',
      '1.',
      '+1',
      "'single'",
      '"\\ud800"',
      '"\\u0000"',
      '"a\u0000b"',
      '[1,]',
      '{"a":1,}',
      '{"a" 1}',
      'tru',
      '"unterminated',
      '123456789012345678901234567890',
      '-123456789012345678901234567890.5',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
    ),
    fc.integer({ min: 1, max: 50_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
    fc.integer({ min: 1, max: 5_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  )
  .map(raw);
const badDates = fc.oneof(
  fc.constantFrom(
    '2024-01-01',
    '2024-01-01T00:00:00',
    '2024-01-01 00:00:00Z',
    '2024-01-01T00:00:00.000',
    '01/02/2024',
    '2024/01/02',
    '20240101T000000Z',
    '2024-13-01T00:00:00Z',
    '2024-02-30T00:00:00Z',
    '2023-02-29',
    '2024-02-30',
    '2024-1-1',
    '24-01-01',
    '2024-01-01T25:00:00Z',
    '2024-01-01T00:60:00Z',
    '2024-01-01T00:00:00+24:00',
    'yesterday',
    'now',
    'Mon, 01 Jan 2024 00:00:00 GMT',
    '1700000000000',
    '２０２４-01-01',
    '2024-W01-1',
    '2024-001',
    '+002024-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
  ),
  fc.date({ noInvalidDate: true }).map((date) => date.toString()),
  fc.date({ noInvalidDate: true }).map((date) => date.getTime()),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString().replace('T', ' ')),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 19)),
);
const structures = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 5 }),
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 5 }),
);
const junk: fc.Arbitrary<unknown> = fc.oneof(strings, numbers, rawFragments, badDates, structures);

/** Keys no schema knows, including the ones that are special to JavaScript objects. */
const unknownKeys = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'EVENTID',
    'event_id',
    ' eventId',
    'id',
    '$where',
  ),
);

// ---------------------------------------------------------------------------------------------
// Mutations of one valid event: each op on its own leaves the event invalid.

type Op =
  { op: 'set'; path: Path; value: unknown } | { op: 'drop'; path: Path } | { op: 'wrap'; path: Path; into: 'array' | 'object' };
interface Mutation {
  label: string;
  /** What this mutation alone must get; undefined where the oracle alone decides. */
  intended?: 400 | 403 | 422;
  /** The field the 4xx must name (400 only). */
  named?: Path;
  ops: Op[];
}

const isContainer = (value: unknown): value is Record<string | number, unknown> => typeof value === 'object' && value !== null;

function applyOps(event: Json, ops: readonly Op[]): Json {
  let result = structuredClone(event);
  for (const op of ops) {
    if (op.path.length === 0) {
      if (op.op === 'set') result = structuredClone(op.value);
      else if (op.op === 'wrap') result = op.into === 'array' ? [result] : { value: result };
      continue;
    }
    let parent: unknown = result;
    for (const key of op.path.slice(0, -1)) parent = isContainer(parent) ? parent[key] : undefined;
    // A parent already replaced or dropped by an earlier op: the event is already broken there.
    if (!isContainer(parent)) continue;
    const key = op.path.at(-1)!;
    if (op.op === 'drop') delete parent[key];
    else {
      const value = op.op === 'set' ? structuredClone(op.value) : op.into === 'array' ? [parent[key]] : { value: parent[key] };
      // defineProperty: "__proto__" must become an own field, as JSON.parse makes it on the server.
      Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return result;
}

interface Leaf {
  path: Path;
  schema: Parser;
  required: boolean;
  /** Whether it is a strict object (unknown keys refused). */
  object: boolean;
}

/** The fields of an object schema (or of an optional one); undefined for anything else. */
const shapeOf = (schema: any): Record<string, Parser> | undefined =>
  schema.def.type === 'object' ? schema.shape : schema.def.type === 'optional' ? shapeOf(schema.unwrap()) : undefined;

/** Every field of a strict-object schema, nested objects included. */
function leavesOf(schema: any, path: Path = []): Leaf[] {
  const shape = shapeOf(schema);
  if (!shape) return [];
  return Object.entries(shape).flatMap(([key, child]: [string, any]) => {
    const leaf: Leaf = {
      path: [...path, key],
      schema: child,
      required: !child.safeParse(undefined).success,
      object: shapeOf(child) !== undefined,
    };
    return [leaf, ...leavesOf(child, [...path, key])];
  });
}

/** Generic mutations from the schema: drop a required field, put junk in a field, wrap it, add an unknown field. */
function schemaMutations(schema: any, alsoRequired: Path[] = []): fc.Arbitrary<Mutation> {
  const leaves = leavesOf(schema);
  const required = leaves.filter(
    (leaf) => leaf.required || alsoRequired.some((path) => formatPath(path) === formatPath(leaf.path)),
  );
  const objects = [{ path: [] as Path, schema }, ...leaves.filter((leaf) => leaf.object)];
  const drop = fc.constantFrom(...required).map((leaf): Mutation => ({
    label: `drop ${formatPath(leaf.path)}`,
    intended: 400,
    named: leaf.path,
    ops: [{ op: 'drop', path: leaf.path }],
  }));
  const set = fc
    .constantFrom(...leaves)
    .chain((leaf) => invalidFor(leaf.schema, junk).map((value) => ({ leaf, value })))
    .map(({ leaf, value }): Mutation => ({
      label: `junk in ${formatPath(leaf.path)}`,
      intended: 400,
      named: leaf.path,
      ops: [{ op: 'set', path: leaf.path, value }],
    }));
  const wrap = fc
    .tuple(fc.constantFrom(...required), fc.constantFrom('array' as const, 'object' as const))
    .map(([leaf, into]): Mutation => ({
      label: `${formatPath(leaf.path)} wrapped in ${into === 'array' ? 'an array' : 'an object'}`,
      intended: 400,
      named: leaf.path,
      ops: [{ op: 'wrap', path: leaf.path, into }],
    }));
  const extra = fc
    .constantFrom(...objects)
    .chain((object) =>
      fc.tuple(
        fc.constant(object),
        unknownKeys.filter((key) => !Object.hasOwn(shapeOf(object.schema)!, key)),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    )
    .map(([object, key, value]): Mutation => ({
      label: `unknown field ${formatPath([...object.path, key])}`,
      intended: 400,
      named: [...object.path, key],
      ops: [{ op: 'set', path: [...object.path, key], value }],
    }));
  return fc.oneof(
    { arbitrary: set, weight: 5 },
    { arbitrary: drop, weight: 2 },
    { arbitrary: wrap, weight: 1 },
    { arbitrary: extra, weight: 2 },
  );
}

const sets = (label: string, intended: 400 | 403 | 422, fields: [Path | string, unknown][]): Mutation => ({
  label,
  intended,
  ops: fields.map(([path, value]) => ({ op: 'set', path: typeof path === 'string' ? [path] : path, value })),
});

const minutes = 60_000;
/** An instant well past the 5-minute clock-skew allowance, however long the request takes. */
const futureInstant = fc
  .tuple(fc.integer({ min: 10 * minutes, max: 50 * 365 * 24 * 60 * minutes }), fc.constantFrom('Z', '+00:00', '+05:30', '-08:00'))
  .map(([ahead, offset]) => {
    const at = Date.now() + ahead;
    if (offset === 'Z') return new Date(at).toISOString();
    // The same instant written in another offset: the wall-clock time shifted by it.
    const [hours, mins] = offset.slice(1).split(':').map(Number) as [number, number];
    const shift = (offset.startsWith('-') ? -1 : 1) * (hours * 60 + mins) * minutes;
    return new Date(at + shift).toISOString().replace('Z', offset);
  });
/** A date-time in year 0000: well-formed ISO 8601, but PostgreSQL has no year 0. */
const yearZero = fc
  .tuple(
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    fc.integer({ min: 0, max: 86_399 }),
    fc.constantFrom('Z', '+00:00', '+14:00', '-12:00'),
  )
  .map(([month, day, second, offset]) => {
    const two = (n: number) => String(n).padStart(2, '0');
    return `0000-${two(month)}-${two(day)}T${two(Math.floor(second / 3600))}:${two(Math.floor(second / 60) % 60)}:${two(second % 60)}${offset}`;
  });
const unstorableAt = (field: string) =>
  yearZero.map((at): Mutation => ({
    label: `${field} in year 0000`,
    named: [field],
    ops: [{ op: 'set', path: [field], value: at }],
  }));
const negative = fc.oneof(fc.integer({ min: -1_000_000_000, max: -1 }), fc.constant(-(2 ** 53 - 1)));
const above = (max: number) => fc.integer({ min: max + 1, max: Number.MAX_SAFE_INTEGER });

// ---------------------------------------------------------------------------------------------
// The endpoints: valid facts, impossible ones, and the server's rules as an oracle.

interface Org {
  trusts: Set<string>;
  wardTrust: Map<string, string>;
  crisisServices: Map<string, CrisisService>;
}

interface Endpoint {
  name: string;
  path: string;
  schema: Parser;
  batchSchema: Parser;
  valid: fc.Arbitrary<Json>;
  mutations: fc.Arbitrary<Mutation>;
  /** Batches that are impossible only as a whole (events of one batch contradicting each other). */
  impossibleBatches?: fc.Arbitrary<Json[]>;
  /**
   * Values PostgreSQL cannot store (year 0000, NUL, lone surrogates), refused by the shared rules
   * themselves: the server refuses them with a 4xx naming the field, like any bad input.
   */
  unstorable: fc.Arbitrary<Mutation>;
  trustOf(event: Json): { ods: string; field: string } | undefined;
  violations(events: Json[], prefix: (index: number) => Path, now: number): ErrorDetail[];
}

let uniqueCounter = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++uniqueCounter}`;

function endpoints(org: Org): Endpoint[] {
  const unknownTrust = (ods: string, path: Path): ErrorDetail[] =>
    org.trusts.has(ods) ? [] : [{ path: formatPath(path), message: `unknown trust "${ods}"` }];
  const ourWards = [...org.wardTrust].filter(([, trust]) => trust === TRUST).map(([ward]) => ward);
  const otherWards = [...org.wardTrust].filter(([, trust]) => trust !== TRUST).map(([ward]) => ward);
  const otherTrusts = [...org.trusts].filter((trust) => trust !== TRUST);
  const forbiddenTrust = (field: string) =>
    fc.constantFrom(...otherTrusts).map((ods) => sets(`another trust's ${field}`, 403, [[field, ods]]));

  // A ward's facts (bed states, delay lists): its trust is the ward's, an unknown ward is 422 before any other rule.
  const wardTrustOf = (event: Json) => {
    const trust = org.wardTrust.get(event.wardId);
    return trust ? { ods: trust, field: 'wardId' } : undefined;
  };
  const wardViolations =
    (rules: (event: Json, now: number, prefix: Path) => ErrorDetail[]) =>
    (events: Json[], prefix: (index: number) => Path, now: number) =>
      events.flatMap((event, index) =>
        org.wardTrust.has(event.wardId)
          ? rules(event, now, prefix(index))
          : [{ path: formatPath([...prefix(index), 'wardId']), message: 'unknown ward' }],
      );
  const wrongWards = [
    fc
      .stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/)
      .filter((ward) => !org.wardTrust.has(ward))
      .map((ward) => sets('an unknown ward', 422, [['wardId', ward]])),
    fc.constantFrom(...otherWards).map((ward) => sets("another trust's ward", 403, [['wardId', ward]])),
  ];

  // Bed states ---------------------------------------------------------------------------------
  const countFields = ['commissioned', 'closed', 'occupied', 'onLeave', 'pendingAdmissions', 'clinicallyReadyForDischarge'];
  const bedImpossible = fc.oneof(
    fc.tuple(fc.constantFrom(...countFields), negative).map(([field, value]) => sets(`negative ${field}`, 422, [[field, value]])),
    fc.tuple(fc.constantFrom(...countFields), above(1000)).map(([field, value]) => sets(`huge ${field}`, 422, [[field, value]])),
    fc
      .integer({ min: 0, max: 999 })
      .chain((commissioned) => fc.tuple(fc.constant(commissioned), fc.integer({ min: commissioned + 1, max: 1000 })))
      .map(([commissioned, closed]) =>
        sets('closed above commissioned', 422, [
          ['commissioned', commissioned],
          ['closed', closed],
          ['occupied', 0],
          ['onLeave', 0],
          ['clinicallyReadyForDischarge', 0],
        ]),
      ),
    fc
      .integer({ min: 0, max: 999 })
      .chain((commissioned) => fc.tuple(fc.constant(commissioned), fc.integer({ min: 0, max: commissioned })))
      .chain(([commissioned, closed]) =>
        fc.tuple(fc.constant(commissioned), fc.constant(closed), fc.integer({ min: commissioned - closed + 1, max: 1000 })),
      )
      .map(([commissioned, closed, occupied]) =>
        sets('more patients present than open beds', 422, [
          ['commissioned', commissioned],
          ['closed', closed],
          ['occupied', occupied],
          ['clinicallyReadyForDischarge', 0],
        ]),
      ),
    fc
      .tuple(fc.integer({ min: 0, max: 18 }), fc.integer({ min: 0, max: 500 }))
      .chain(([occupied, onLeave]) =>
        fc.tuple(fc.constant(occupied), fc.constant(onLeave), fc.integer({ min: occupied + onLeave + 1, max: 1000 })),
      )
      .map(([occupied, onLeave, ready]) =>
        sets('more ready for discharge than inpatients', 422, [
          ['commissioned', 20],
          ['closed', 2],
          ['occupied', occupied],
          ['onLeave', onLeave],
          ['clinicallyReadyForDischarge', ready],
        ]),
      ),
    futureInstant.map((at) => sets('observed in the future', 422, [['observedAt', at]])),
    ...wrongWards,
  );
  const beds: Endpoint = {
    name: 'bed-states',
    path: '/api/v1/bed-states',
    schema: bedStateSchema,
    batchSchema: bedStateBatchSchema,
    valid: fc
      .constantFrom(...ourWards)
      .map((ward) => bedState(ward, { observedAt: new Date(Date.now() - 60_000).toISOString() })),
    mutations: fc.oneof({ arbitrary: schemaMutations(bedStateSchema), weight: 3 }, { arbitrary: bedImpossible, weight: 2 }),
    unstorable: unstorableAt('observedAt'),
    trustOf: wardTrustOf,
    violations: wardViolations(bedStateViolations),
  };

  // Out-of-area placements ---------------------------------------------------------------------
  const placementValid = fc
    .constantFrom('started' as const, 'updated' as const)
    .map((kind) => placementEvent(unique('fuzz-oap'), kind, { occurredAt: new Date(Date.now() - 3_600_000).toISOString() }));
  const outside = (min: number, max: number) =>
    fc.oneof(
      // Below the minimum, and never -0 (it arrives as 0).
      fc.double({ max: min === 0 ? -Number.MIN_VALUE : min, maxExcluded: min !== 0, noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: max, minExcluded: true, noNaN: true, noDefaultInfinity: true }),
    );
  const placementImpossible = fc.oneof(
    fc
      .constantFrom(...INAPPROPRIATE_REASONS.filter((reason) => !(APPROPRIATE_REASONS as readonly string[]).includes(reason)))
      .map((reason) =>
        sets('an appropriate placement for want of a bed', 422, [
          [['details', 'appropriate'], true],
          [['details', 'reason'], reason],
        ]),
      ),
    fc
      .constantFrom(...APPROPRIATE_REASONS.filter((reason) => !(INAPPROPRIATE_REASONS as readonly string[]).includes(reason)))
      .map((reason) =>
        sets('an inappropriate placement for an appropriate reason', 422, [
          [['details', 'appropriate'], false],
          [['details', 'reason'], reason],
        ]),
      ),
    outside(0, 2000).map((km) => sets('an impossible distance', 422, [[['details', 'distanceKm'], km]])),
    outside(0, 10_000).map((cost) => sets('an impossible daily cost', 422, [[['details', 'dailyCost'], cost]])),
    futureInstant.map((at) => sets('occurred in the future', 422, [['occurredAt', at]])),
    fc.constant(sets('an unknown trust', 422, [['sendingTrust', UNKNOWN_TRUST]])),
    forbiddenTrust('sendingTrust'),
  );
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
  const placementBatches = fc.oneof(
    fc.constant(null).map(() => {
      const id = unique('fuzz-oap');
      return [
        placementEvent(id, 'started', { occurredAt: hoursAgo(5) }),
        placementEvent(id, 'started', { occurredAt: hoursAgo(4) }),
      ];
    }),
    fc.constant(null).map(() => {
      const id = unique('fuzz-oap');
      return [
        placementEvent(id, 'started', { occurredAt: hoursAgo(5) }),
        placementEvent(id, 'ended', { occurredAt: hoursAgo(6) }),
      ];
    }),
    fc.constant(null).map(() => {
      const id = unique('fuzz-oap');
      return [
        placementEvent(id, 'ended', { occurredAt: hoursAgo(5) }),
        placementEvent(id, 'started', { occurredAt: hoursAgo(4) }),
      ];
    }),
    fc.constant(null).map(() => {
      const id = unique('fuzz-oap');
      return [placementEvent(id, 'ended', { occurredAt: hoursAgo(5) }), placementEvent(id, 'ended', { occurredAt: hoursAgo(4) })];
    }),
  );
  const placements: Endpoint = {
    name: 'placements',
    path: '/api/v1/placements',
    schema: placementEventSchema,
    batchSchema: placementBatchSchema,
    valid: placementValid,
    mutations: fc.oneof(
      { arbitrary: schemaMutations(placementEventSchema, [['details']]), weight: 3 },
      { arbitrary: placementImpossible, weight: 2 },
    ),
    impossibleBatches: placementBatches,
    unstorable: fc.oneof(
      unstorableAt('occurredAt'),
      fc
        .tuple(
          fc.string({ maxLength: 40 }),
          fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'),
          fc.string({ maxLength: 40 }),
        )
        .map(([before, bad, after]): Mutation => {
          const path = ['details', 'receivingProvider', 'name'];
          return {
            label: `provider name with ${JSON.stringify(bad)}`,
            named: path,
            ops: [{ op: 'set', path, value: `${before}${bad}${after}` }],
          };
        }),
    ),
    trustOf: (event) => ({ ods: event.sendingTrust, field: 'sendingTrust' }),
    violations: (events: PlacementEvent[], prefix, now) => {
      // Nothing of these placements is ever logged: what is known is this batch's earlier events.
      const known = new Map<string, PlacementRecord>();
      return events.flatMap((event, index) => {
        const key = `${event.sendingTrust}|${event.placementId}`;
        const problems = [
          ...unknownTrust(event.sendingTrust, [...prefix(index), 'sendingTrust']),
          ...placementViolations(event, known.get(key) ?? null, now, prefix(index)),
        ];
        if (problems.length === 0) known.set(key, mergePlacementEvent(known.get(key) ?? null, event));
        return problems;
      });
    },
  };

  // Waiting lists ------------------------------------------------------------------------------
  const bandIds = Object.keys(waitingListSnapshotSchema.shape.bands.shape);
  const waitingCounts: Path[] = [
    ['waiting'],
    ['referralsReceived'],
    ['referralsClosed'],
    ...bandIds.map((band) => ['bands', band]),
  ];
  const standardShape = (waitingListSnapshotSchema.shape.standards as any).element.shape as Record<string, Parser>;
  const someBands = fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: bandIds.length, maxLength: bandIds.length });
  const pastDate = fc.integer({ min: 1, max: 3650 }).map((days) => addDays(londonDateOf(Date.now()), -days));
  const waitingImpossible = fc.oneof(
    fc
      .tuple(fc.constantFrom(...waitingCounts), negative)
      .map(([path, value]) => sets(`negative ${formatPath(path)}`, 422, [[path, value]])),
    fc
      .tuple(fc.constantFrom(...waitingCounts), above(1_000_000))
      .map(([path, value]) => sets(`huge ${formatPath(path)}`, 422, [[path, value]])),
    fc
      .tuple(
        someBands,
        fc.integer({ min: -50_000, max: 50_000 }).filter((off) => off !== 0),
      )
      .map(([counts, off]) => {
        const sum = counts.reduce((total, count) => total + count, 0);
        const waiting = sum + off >= 0 ? sum + off : sum - off;
        return sets('bands not adding up to waiting', 422, [
          ['bands', Object.fromEntries(bandIds.map((band, index) => [band, counts[index]]))],
          ['waiting', waiting],
        ]);
      }),
    fc
      .double({ min: 0, max: 1000, minExcluded: true, noNaN: true })
      .chain((median) => fc.tuple(fc.constant(median), fc.double({ min: 0, max: median, maxExcluded: true, noNaN: true })))
      .map(([median, p90]) =>
        sets('median above the 90th percentile', 422, [
          ['medianWeeks', median],
          ['p90Weeks', p90],
        ]),
      ),
    fc
      .tuple(fc.constantFrom('medianWeeks', 'p90Weeks'), outside(0, 1000))
      .map(([field, weeks]) => sets(`${field} out of range`, 422, [[field, weeks]])),
    fc.tuple(pastDate, fc.integer({ min: 1, max: 400 })).map(([start, back]) =>
      sets('a period ending before it starts', 422, [
        ['periodStart', start],
        ['periodEnd', addDays(start, -back)],
      ]),
    ),
    fc
      .tuple(fc.constantFrom(...WAITING_SERVICE_IDS), fc.string({ maxLength: 20 }), fc.nat({ max: 1000 }))
      .filter(([service, standard]) => !WAITING_SERVICES[service].standards.some((known) => known.id === standard))
      .map(([service, standard, started]) =>
        sets('a standard the service does not have', 422, [
          ['service', service],
          ['standards', [{ standard, started, startedWithin: 0 }]],
        ]),
      ),
    fc.nat({ max: 1000 }).map((started) =>
      sets('a standard listed twice', 422, [
        ['service', 'talking-therapies'],
        [
          'standards',
          [
            { standard: '6-weeks', started, startedWithin: 0 },
            { standard: '6-weeks', started, startedWithin: 0 },
          ],
        ],
      ]),
    ),
    fc
      .nat({ max: 100_000 })
      .chain((started) => fc.tuple(fc.constant(started), fc.integer({ min: started + 1, max: 1_000_000 })))
      .map(([started, within]) =>
        sets('more started within the standard than started', 422, [
          ['service', 'talking-therapies'],
          ['standards', [{ standard: '18-weeks', started, startedWithin: within }]],
        ]),
      ),
    futureInstant.map((at) => sets('a snapshot from the future', 422, [['asOf', at]])),
    fc.constant(sets('an unknown trust', 422, [['trustOds', UNKNOWN_TRUST]])),
    forbiddenTrust('trustOds'),
  );
  // Junk inside one entry of standards (the generic mutations reach only whole fields).
  const standardJunk = fc
    .constantFrom(...Object.keys(standardShape))
    .chain((field) => fc.tuple(fc.constant(field), invalidFor(standardShape[field]!, junk)))
    .map(([field, value]): Mutation => ({
      label: `junk in standards[0].${field}`,
      intended: 400,
      named: ['standards', 0, field],
      ops: [
        { op: 'set', path: ['service'], value: 'talking-therapies' },
        { op: 'set', path: ['standards'], value: [{ standard: '6-weeks', started: 10, startedWithin: 5 }] },
        { op: 'set', path: ['standards', 0, field], value },
      ],
    }));
  const standardExtra = fc
    .tuple(
      unknownKeys.filter((key) => !Object.hasOwn(standardShape, key)),
      fc.jsonValue({ maxDepth: 1 }),
    )
    .map(([key, value]): Mutation => ({
      label: `unknown field standards[0].${key}`,
      intended: 400,
      named: ['standards', 0, key],
      ops: [
        { op: 'set', path: ['service'], value: 'talking-therapies' },
        { op: 'set', path: ['standards'], value: [{ standard: '6-weeks', started: 10, startedWithin: 5 }] },
        { op: 'set', path: ['standards', 0, key], value },
      ],
    }));
  const waitingLists: Endpoint = {
    name: 'waiting-lists',
    path: '/api/v1/waiting-lists',
    schema: waitingListSnapshotSchema,
    batchSchema: waitingListBatchSchema,
    valid: fc
      .constantFrom(...WAITING_SERVICE_IDS)
      .map((service) => waitingListSnapshot(TRUST, service, { asOf: new Date(Date.now() - 60_000).toISOString() })),
    mutations: fc.oneof(
      { arbitrary: schemaMutations(waitingListSnapshotSchema), weight: 3 },
      { arbitrary: fc.oneof(standardJunk, standardExtra), weight: 1 },
      { arbitrary: waitingImpossible, weight: 2 },
    ),
    unstorable: unstorableAt('asOf'),
    trustOf: (snapshot) => ({ ods: snapshot.trustOds, field: 'trustOds' }),
    violations: (snapshots, prefix, now) =>
      snapshots.flatMap((snapshot, index) => [
        ...unknownTrust(snapshot.trustOds, [...prefix(index), 'trustOds']),
        ...waitingListViolations(snapshot, now, prefix(index)),
      ]),
  };

  // Video consultations ------------------------------------------------------------------------
  const codes = Object.keys(CONSULTATION_MECHANISMS);
  const countJunk = invalidFor(bedStateSchema.shape.commissioned, junk);
  const videoImpossible = fc.oneof(
    fc.constant(sets('no counts at all', 422, [['counts', {}]])),
    fc
      .tuple(fc.oneof(fc.string(), fc.constantFrom('1', '11 ', '011', 'video', '99', '00', '__proto__')), fc.nat({ max: 1000 }))
      .filter(([code]) => !(code in CONSULTATION_MECHANISMS))
      .map(([code, count]) =>
        sets('an unknown mechanism code', 422, [
          ['counts', Object.defineProperty({ '01': 5 }, code, { value: count, enumerable: true })],
        ]),
      ),
    fc
      .tuple(fc.constantFrom(...codes), fc.oneof(negative, above(1_000_000)))
      .map(([code, count]) => sets('a count out of range', 422, [['counts', { [code]: count }]])),
    fc
      .integer({ min: 2, max: 2_000_000 })
      .map((days) => sets('a day after today', 422, [['date', addDays(londonDateOf(Date.now()), days)]])),
    futureInstant.map((at) => sets('observed in the future', 422, [['observedAt', at]])),
    fc.constant(sets('an unknown trust', 422, [['trustOds', UNKNOWN_TRUST]])),
    forbiddenTrust('trustOds'),
  );
  const countsJunk = fc.tuple(fc.oneof(fc.constantFrom(...codes), fc.string()), countJunk).map(([code, value]): Mutation => ({
    label: `junk count counts.${code}`,
    intended: 400,
    named: ['counts', code],
    ops: [{ op: 'set', path: ['counts', code], value }],
  }));
  const videoDays: Endpoint = {
    name: 'video-consultations',
    path: '/api/v1/video-consultations',
    schema: videoConsultationDaySchema,
    batchSchema: videoConsultationBatchSchema,
    valid: fc.tuple(fc.subarray(codes, { minLength: 1 }), fc.boolean()).map(([present, withService]) =>
      videoDay(TRUST, Object.fromEntries(present.map((code, index) => [code, 10 * index + 1])), {
        observedAt: new Date(Date.now() - 60_000).toISOString(),
        // A day is reported whole-trust or per service, not both: service rows on a day of their own.
        ...(withService ? { service: 'community-mental-health', date: addDays(londonDateOf(Date.now()), -1) } : {}),
      }),
    ),
    mutations: fc.oneof(
      { arbitrary: schemaMutations(videoConsultationDaySchema), weight: 3 },
      { arbitrary: countsJunk, weight: 1 },
      { arbitrary: videoImpossible, weight: 2 },
    ),
    unstorable: unstorableAt('observedAt'),
    trustOf: (day) => ({ ods: day.trustOds, field: 'trustOds' }),
    violations: (days, prefix, now) =>
      days.flatMap((day, index) => [
        ...unknownTrust(day.trustOds, [...prefix(index), 'trustOds']),
        ...videoDayViolations(day, now, prefix(index)),
      ]),
  };

  // Delayed discharges ------------------------------------------------------------------------
  const observedDate = () => londonDateOf(Date.now() - 60_000);
  const delaysValid = fc
    .tuple(fc.constantFrom(...ourWards), fc.array(fc.constantFrom(...DELAY_REASON_CODES), { minLength: 1, maxLength: 4 }))
    .map(([wardId, reasons]) => ({
      eventId: unique('fuzz-delays'),
      wardId,
      observedAt: new Date(Date.now() - 60_000).toISOString(),
      delays: reasons.map((reason, index) => ({
        ref: `D${index + 1}`,
        reason,
        ...(index % 2 === 1 ? { attributableTo: '05' } : {}),
        delayedSince: addDays(observedDate(), -3 * index),
      })),
    }));
  const delayField = (field: string) => ['delays', 0, field];
  const delaysImpossible = fc.oneof(
    fc
      .constantFrom('9434765919', '0000000000', '943-476-5919', '943.476.5919')
      .map((ref) => sets('an NHS number as the delay key', 422, [[delayField('ref'), ref]])),
    fc.constant(
      sets('one key twice on the ward', 422, [[['delays', 1], { ref: 'd1', reason: '01', delayedSince: '2024-01-01' }]]),
    ),
    fc
      .integer({ min: 1, max: 3000 })
      .map((days) =>
        sets('a delay beginning after it was reported', 422, [[delayField('delayedSince'), addDays(observedDate(), days)]]),
      ),
    fc
      .integer({ min: 3651, max: 20_000 })
      .map((days) =>
        sets('a delay beginning over ten years before', 422, [[delayField('delayedSince'), addDays(observedDate(), -days)]]),
      ),
    futureInstant.map((at) => sets('observed in the future', 422, [['observedAt', at]])),
    ...wrongWards,
  );
  // The schema walk does not go into list items: junk, drops and unknown keys in a delay, and too long a list.
  const delayLeaves = ['ref', 'reason', 'attributableTo', 'delayedSince'] as const;
  const delayJunk = fc.constantFrom(...delayLeaves).chain((field) =>
    invalidFor(dischargeDelaySchema.shape[field], junk).map((value): Mutation => ({
      label: `junk in delays[0].${field}`,
      intended: 400,
      named: delayField(field),
      ops: [{ op: 'set', path: delayField(field), value }],
    })),
  );
  const delayDrop = fc.constantFrom('ref', 'reason', 'delayedSince').map((field): Mutation => ({
    label: `drop delays[0].${field}`,
    intended: 400,
    named: delayField(field),
    ops: [{ op: 'drop', path: delayField(field) }],
  }));
  const delayExtra = unknownKeys
    .filter((key) => !Object.hasOwn(dischargeDelaySchema.shape, key))
    .map((key): Mutation => ({
      label: `unknown field delays[0].${key}`,
      intended: 400,
      named: delayField(key),
      ops: [{ op: 'set', path: delayField(key), value: 1 }],
    }));
  const delayTooMany = fc.integer({ min: MAX_DELAYS_PER_WARD + 1, max: MAX_DELAYS_PER_WARD + 50 }).map((count): Mutation => ({
    label: `${count} delays on one ward`,
    intended: 400,
    named: ['delays'],
    ops: [
      {
        op: 'set',
        path: ['delays'],
        value: Array.from({ length: count }, (_, index) => ({ ref: `D${index}`, reason: '01', delayedSince: '2024-01-01' })),
      },
    ],
  }));
  const dischargeDelays: Endpoint = {
    name: 'discharge-delays',
    path: '/api/v1/discharge-delays',
    schema: dischargeDelaysSnapshotSchema,
    batchSchema: dischargeDelaysBatchSchema,
    valid: delaysValid,
    mutations: fc.oneof(
      { arbitrary: schemaMutations(dischargeDelaysSnapshotSchema), weight: 3 },
      { arbitrary: fc.oneof(delayJunk, delayDrop, delayExtra, delayTooMany), weight: 2 },
      { arbitrary: delaysImpossible, weight: 2 },
    ),
    unstorable: unstorableAt('observedAt'),
    trustOf: wardTrustOf,
    violations: wardViolations(dischargeDelaysViolations),
  };

  // Alternatives to admission's capacity -------------------------------------------------------
  const services = [...org.crisisServices.values()];
  const ourServices = services.filter((service) => service.trustOds === TRUST);
  const ourHouse = ourServices.find((service) => service.kind !== 'home-treatment-team')!.id;
  const crisisValid = fc
    .tuple(fc.constantFrom(...ourServices.map((service) => service.id)), fc.nat(40), fc.nat(40), fc.nat(40))
    .map(([serviceId, capacity, closed, inUse]) =>
      crisisCapacityReport(serviceId, {
        eventId: unique('fuzz-crisis'),
        observedAt: new Date(Date.now() - 60_000).toISOString(),
        capacity,
        closed: Math.min(closed, capacity),
        inUse: Math.min(inUse, capacity - Math.min(closed, capacity)),
      }),
    );
  const crisisImpossible = fc.oneof(
    fc.tuple(fc.nat(999), fc.integer({ min: 1, max: 1000 })).map(([capacity, extra]) =>
      sets('more closed than capacity', 422, [
        ['capacity', capacity],
        ['closed', capacity + extra],
      ]),
    ),
    fc.tuple(fc.nat(999), fc.integer({ min: 1, max: 1000 })).map(([capacity, extra]) =>
      sets('more in a house than its open places', 422, [
        ['serviceId', ourHouse],
        ['capacity', capacity],
        ['closed', 0],
        ['inUse', capacity + extra],
      ]),
    ),
    futureInstant.map((at) => sets('observed in the future', 422, [['observedAt', at]])),
    fc
      .stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/)
      .filter((id) => !org.crisisServices.has(id))
      .map((id) => sets('an unknown crisis service', 422, [['serviceId', id]])),
    fc
      .constantFrom(...services.filter((service) => service.trustOds !== TRUST).map((service) => service.id))
      .map((id) => sets("another trust's crisis service", 403, [['serviceId', id]])),
  );
  const crisisCapacity: Endpoint = {
    name: 'crisis-capacity',
    path: '/api/v1/crisis-capacity',
    schema: crisisCapacityReportSchema,
    batchSchema: crisisCapacityBatchSchema,
    valid: crisisValid,
    mutations: fc.oneof(
      { arbitrary: schemaMutations(crisisCapacityReportSchema), weight: 3 },
      { arbitrary: crisisImpossible, weight: 2 },
    ),
    unstorable: unstorableAt('observedAt'),
    trustOf: (report) => {
      const service = org.crisisServices.get(report.serviceId);
      return service ? { ods: service.trustOds, field: 'serviceId' } : undefined;
    },
    violations: (reports, prefix, now) =>
      reports.flatMap((report, index) => {
        const service = org.crisisServices.get(report.serviceId);
        return service
          ? crisisCapacityViolations(report, service, now, prefix(index))
          : [{ path: formatPath([...prefix(index), 'serviceId']), message: 'unknown crisis service' }];
      }),
  };

  // Referrals ---------------------------------------------------------------------------------
  const sourceCodes: string[] = [...REFERRAL_SOURCE_CODES];
  const referralsValid = fc
    .tuple(
      fc.constantFrom(...REFERRAL_SERVICES),
      fc.nat({ max: 80 }),
      fc.nat({ max: 80 }),
      fc.nat({ max: 80 }),
      fc.subarray(sourceCodes, { maxLength: 4 }),
    )
    .map(([service, accepted, declined, pending, sources]) => {
      const received = accepted + declined + pending;
      // Each source gets a share of what was received, never more than received in all.
      const share = sources.length === 0 ? 0 : Math.floor(received / sources.length);
      return referralDay(TRUST, {
        service,
        observedAt: new Date(Date.now() - 60_000).toISOString(),
        received,
        accepted,
        declined,
        pending,
        bySource: Object.fromEntries(sources.map((code) => [code, share])),
      });
    });
  const referralsImpossible = fc.oneof(
    fc.nat({ max: 50 }).map((extra) =>
      sets('decisions not adding up to received', 422, [
        ['received', 20],
        ['accepted', 5],
        ['declined', 5],
        ['pending', 11 + extra],
        ['bySource', {}],
      ]),
    ),
    fc
      .tuple(fc.oneof(fc.string(), fc.constantFrom('a1', 'A0', 'Z9', '01', 'M9')), fc.nat({ max: 5 }))
      // __proto__ is the schema's to refuse (400), as for contact counts.
      .filter(([code]) => !sourceCodes.includes(code) && code !== '__proto__')
      .map(([code, count]) =>
        sets('an unknown source code', 422, [['bySource', Object.defineProperty({}, code, { value: count, enumerable: true })]]),
      ),
    fc.constant(
      sets('sources adding up to more than received', 422, [
        ['received', 60],
        ['accepted', 60],
        ['declined', 0],
        ['pending', 0],
        ['bySource', { A1: 40, B1: 40 }],
      ]),
    ),
    fc
      .tuple(fc.constantFrom(...REFERRAL_COUNT_FIELDS), fc.oneof(negative, above(10_000)))
      .map(([field, count]) => sets('a count out of range', 422, [[field, count]])),
    fc
      .integer({ min: 2, max: 2_000_000 })
      .map((days) => sets('a day after today', 422, [['date', addDays(londonDateOf(Date.now()), days)]])),
    futureInstant.map((at) => sets('observed in the future', 422, [['observedAt', at]])),
    fc.constant(sets('an unknown trust', 422, [['trustOds', UNKNOWN_TRUST]])),
    forbiddenTrust('trustOds'),
  );
  const referrals: Endpoint = {
    name: 'referrals',
    path: '/api/v1/referrals',
    schema: referralDaySchema,
    batchSchema: referralBatchSchema,
    valid: referralsValid,
    mutations: fc.oneof(
      { arbitrary: schemaMutations(referralDaySchema), weight: 3 },
      { arbitrary: referralsImpossible, weight: 2 },
    ),
    unstorable: unstorableAt('observedAt'),
    trustOf: (day) => ({ ods: day.trustOds, field: 'trustOds' }),
    violations: (days, prefix, now) =>
      days.flatMap((day, index) => [
        ...unknownTrust(day.trustOds, [...prefix(index), 'trustOds']),
        ...referralDayViolations(day, now, prefix(index)),
      ]),
  };

  return [beds, placements, waitingLists, videoDays, dischargeDelays, crisisCapacity, referrals];
}

// ---------------------------------------------------------------------------------------------
// Requests, and what the server must answer.

interface FuzzRequest {
  label: string;
  bytes: Uint8Array;
  contentType?: string;
  contentEncoding?: string;
  /** What the transport alone decides; 'parse' when the body is read as JSON, 'garbled' when decoded as another charset (400). */
  transport: 'parse' | 'garbled' | 400 | 413 | 415;
  /** The field the error must name, when the body parses (400 only). */
  named?: Path;
  /** The status this payload was built to get, when it is known without the oracle. */
  intended?: 400 | 403 | 413 | 415 | 422;
  /** Payloads the oracle (the shared schemas) would accept but the server must refuse: these statuses. */
  refuseWith?: number[];
}

interface Expected {
  status: number;
  /** The paths the details must name, in order; undefined where only non-emptiness is checked. */
  paths?: string[];
}

const BODY = ['(body)'];

function oracle(endpoint: Endpoint, body: Json, now: number): Expected {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { status: 400, paths: BODY };
  const batch = 'events' in body;
  const parsed = (batch ? endpoint.batchSchema : endpoint.schema).safeParse(body);
  if (!parsed.success) return { status: 400, paths: zodIssuesToDetails(parsed.error.issues).map((detail) => detail.path) };
  const events: Json[] = batch ? parsed.data.events : [parsed.data];
  const prefix = (index: number): Path => (batch ? ['events', index] : []);
  const forbidden = events.flatMap((event, index) => {
    const trust = endpoint.trustOf(event);
    return trust && !KEY_TRUSTS.includes(trust.ods) ? [formatPath([...prefix(index), trust.field])] : [];
  });
  if (forbidden.length > 0) return { status: 403, paths: forbidden };
  const violations = endpoint.violations(events, prefix, now);
  if (violations.length > 0) return { status: 422, paths: violations.map((detail) => detail.path) };
  return { status: 202, paths: [] };
}

function decompress(bytes: Uint8Array, encoding: string | undefined): Uint8Array | undefined {
  try {
    switch ((encoding ?? 'identity').toLowerCase()) {
      case 'gzip':
        return gunzipSync(bytes);
      case 'deflate':
        return inflateSync(bytes);
      case 'br':
        return brotliDecompressSync(bytes);
      default:
        return bytes;
    }
  } catch {
    return undefined;
  }
}

function expectationOf(endpoint: Endpoint, request: FuzzRequest, now: number): Expected {
  if (request.transport === 413) return { status: 413, paths: BODY };
  if (request.transport === 415) return { status: 415 };
  if (request.transport === 400) return { status: 400, paths: BODY };
  if (request.transport === 'garbled') return { status: 400 };
  if (!request.contentEncoding && request.bytes.length > BODY_LIMIT) return { status: 413, paths: BODY };
  const bytes = decompress(request.bytes, request.contentEncoding);
  if (!bytes) return { status: 400, paths: BODY };
  if (bytes.length > BODY_LIMIT) return { status: 413, paths: BODY };
  const view = parseLikeServer(bytes);
  return view.ok ? oracle(endpoint, view.value, now) : { status: 400, paths: BODY };
}

const CODES: Record<number, string> = { 400: 'malformed', 403: 'forbidden', 413: 'too_large', 422: 'invalid' };

/** Event ids anywhere in a body (iteratively: bodies may nest fifty thousand deep). */
function eventIdsIn(bytes: Uint8Array | undefined): string[] {
  if (!bytes) return [];
  const view = parseLikeServer(bytes);
  if (!view.ok) return [];
  const ids: string[] = [];
  const stack: { value: unknown; depth: number }[] = [{ value: view.value, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (!isContainer(value) || depth > 20) continue;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'eventId' && typeof child === 'string') ids.push(child);
      else stack.push({ value: child, depth: depth + 1 });
    }
  }
  return ids;
}

function describeRequest(request: FuzzRequest): string {
  const text = Buffer.from(request.bytes).toString('utf8');
  return JSON.stringify(
    {
      label: request.label,
      contentType: request.contentType ?? '(none)',
      contentEncoding: request.contentEncoding,
      bytes: request.bytes.length,
      body: text.length > 1500 ? `${text.slice(0, 1500)}… (${text.length} characters)` : text,
    },
    null,
    1,
  );
}

// ---------------------------------------------------------------------------------------------
// Payload generators per endpoint.

const jsonRequest = (label: string, value: unknown, extra: Partial<FuzzRequest> = {}): FuzzRequest => ({
  label,
  bytes: Buffer.from(toWire(value)),
  contentType: 'application/json',
  transport: 'parse',
  ...extra,
});

function badEvent(endpoint: Endpoint) {
  const single = endpoint.mutations.map((mutation) => [mutation]);
  const several = fc.array(endpoint.mutations, { minLength: 2, maxLength: 4 });
  const replaced = fc
    .oneof(fc.jsonValue({ maxDepth: 3 }), fc.anything({ maxDepth: 2 }), rawFragments)
    .map((value): Mutation[] => [{ label: 'replaced by junk', intended: 400, ops: [{ op: 'set', path: [], value }] }]);
  const wrapped = fc.constantFrom('array' as const, 'object' as const).map((into): Mutation[] => [
    {
      label: `wrapped in ${into === 'array' ? 'an array' : 'an object'}`,
      intended: 400,
      ops: [{ op: 'wrap', path: [], into }],
    },
  ]);
  return fc
    .tuple(
      endpoint.valid,
      fc.oneof(
        { arbitrary: single, weight: 6 },
        { arbitrary: several, weight: 2 },
        { arbitrary: replaced, weight: 1 },
        { arbitrary: wrapped, weight: 1 },
      ),
    )
    .map(([event, mutations]) => ({
      event: applyOps(
        event,
        mutations.flatMap((mutation) => mutation.ops),
      ),
      label: mutations.map((mutation) => mutation.label).join(' + '),
      intended: mutations.length === 1 ? mutations[0]!.intended : undefined,
      named: mutations.length === 1 ? mutations[0]!.named : undefined,
    }));
}

function payloads(endpoint: Endpoint): fc.Arbitrary<FuzzRequest> {
  const bad = badEvent(endpoint);
  const goods = fc.array(endpoint.valid, { maxLength: 4 });

  const singleEvent = bad.map(({ event, label, intended, named }) => jsonRequest(label, event, { intended, named }));
  const hiddenInBatch = fc.tuple(goods, bad, goods).map(([before, { event, label, intended, named }, after]) =>
    jsonRequest(
      `batch: ${label} at events[${before.length}] of ${before.length + after.length + 1}`,
      { events: [...before, event, ...after] },
      {
        intended,
        named: named ? ['events', before.length, ...named] : undefined,
      },
    ),
  );
  const batchShape = fc.oneof(
    fc.constant(jsonRequest('batch: no events', { events: [] }, { intended: 400, named: ['events'] })),
    fc
      .integer({ min: 1001, max: 1010 })
      .chain((length) =>
        fc
          .array(endpoint.valid, { minLength: length, maxLength: length })
          .map((events) => jsonRequest(`batch: ${length} events`, { events }, { intended: 400, named: ['events'] })),
      ),
    fc
      .oneof(fc.jsonValue({ maxDepth: 2 }), rawFragments, endpoint.valid)
      .filter((value) => !Array.isArray(value))
      .map((events) => jsonRequest('batch: events not an array', { events }, { intended: 400 })),
    fc
      .tuple(
        goods,
        unknownKeys.filter((key) => key !== 'events'),
        fc.jsonValue({ maxDepth: 1 }),
      )
      .map(([events, key, value]) =>
        jsonRequest(`batch: unknown field ${key}`, Object.defineProperty({ events }, key, { value, enumerable: true }), {
          intended: 400,
          named: [key],
        }),
      ),
    ...(endpoint.impossibleBatches
      ? [
          fc
            .tuple(goods, endpoint.impossibleBatches)
            .map(([before, events]) =>
              jsonRequest('batch: events contradicting each other', { events: [...before, ...events] }, { intended: 422 }),
            ),
        ]
      : []),
  );
  const controlChar = fc.constantFrom(...'\u0000\u0001\u0007\u0008\u000b\u000c\u000e\u001b\u001f'.split(''));
  const wholeBody = fc.oneof(
    fc.anything().map((value) => jsonRequest('fc.anything()', value)),
    fc.jsonValue().map((value) => jsonRequest('fc.jsonValue()', value)),
    fc.oneof(fc.string(), fc.string({ unit: 'binary' }), strings).map((text): FuzzRequest => ({
      label: 'text',
      bytes: Buffer.from(text),
      contentType: 'application/json',
      transport: 'parse',
    })),
    fc
      .uint8Array({ maxLength: 200 })
      .map((bytes): FuzzRequest => ({ label: 'random bytes', bytes, contentType: 'application/json', transport: 'parse' })),
    fc.tuple(endpoint.valid, fc.nat()).map(([event, at]): FuzzRequest => {
      const text = toWire(event);
      return {
        label: 'truncated JSON',
        bytes: Buffer.from(text.slice(0, at % text.length)),
        contentType: 'application/json',
        transport: 'parse',
        intended: 400,
      };
    }),
    fc.tuple(endpoint.valid, fc.nat(), controlChar).map(([event, at, char]): FuzzRequest => {
      const text = toWire(event);
      const cut = at % (text.length + 1);
      return {
        label: 'a control character in the JSON text',
        bytes: Buffer.from(text.slice(0, cut) + char + text.slice(cut)),
        contentType: 'application/json',
        transport: 'parse',
        intended: 400,
      };
    }),
    fc
      .constantFrom('', ' ', '\n\t ', 'null', 'true', '0', '"event"', '[]', '{}', '{"events":null}', '\uFEFF')
      .map((text): FuzzRequest => ({
        label: `body ${JSON.stringify(text)}`,
        bytes: Buffer.from(text),
        contentType: 'application/json',
        transport: 'parse',
        intended: 400,
      })),
    goods.map((events) => jsonRequest('an array of events instead of {"events":[…]}', events, { intended: 400 })),
    fc.integer({ min: 1, max: 100_000 }).map((depth): FuzzRequest => ({
      label: `nested ${depth} deep`,
      bytes: Buffer.from(depth % 2 ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + 'null' + '}'.repeat(depth)),
      contentType: 'application/json',
      transport: 'parse',
      intended: 400,
    })),
  );
  const oversized = endpoint.valid.map((event) =>
    jsonRequest('over the body limit', { ...event, padding: 'x'.repeat(BODY_LIMIT + 10) }, { intended: 413 }),
  );
  return fc.oneof(
    { arbitrary: singleEvent, weight: 200 },
    { arbitrary: hiddenInBatch, weight: 120 },
    { arbitrary: batchShape, weight: 20 },
    { arbitrary: wholeBody, weight: 100 },
    { arbitrary: oversized, weight: 1 },
  );
}

/** Wrong content types, charsets and content encodings, around good and bad bodies. */
function transportPayloads(endpoint: Endpoint): fc.Arbitrary<FuzzRequest> {
  const bad = fc.oneof(
    badEvent(endpoint).map(({ event, label }) => ({ label, text: toWire(event) })),
    fc.string().map((text) => ({ label: 'text', text })),
  );
  // Valid events only where the transport refuses them before they are read as JSON.
  const body = fc.oneof(
    endpoint.valid.map((event) => ({ label: 'a valid event', text: toWire(event) })),
    bad,
  );
  const notJson = fc.constantFrom(
    'text/plain',
    'text/json',
    'text/html',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/vnd.api+json',
    'application/merge-patch+json',
    'application/jsonx',
    'application/octet-stream',
    'json',
    'application',
    '*/*',
    '',
    undefined,
  );
  const wrongType = fc.tuple(body, notJson).map(([{ label, text }, contentType]): FuzzRequest => ({
    label: `${label} as ${contentType ?? 'no content type'}`,
    bytes: Buffer.from(text),
    contentType,
    transport: 400,
    intended: 400,
  }));
  const jsonVariants = fc
    .tuple(
      bad,
      fc.constantFrom(
        'APPLICATION/JSON',
        'application/json; charset=UTF-8',
        'application/json;charset="utf-8"',
        'Application/Json; foo=bar',
      ),
    )
    .map(([{ label, text }, contentType]): FuzzRequest => ({
      label: `${label} as ${contentType}`,
      bytes: Buffer.from(text),
      contentType,
      transport: 'parse',
    }));
  const charsets = fc
    .tuple(
      body,
      fc.constantFrom(
        ['latin1', 415] as const,
        ['iso-8859-1', 415] as const,
        ['us-ascii', 415] as const,
        ['utf8', 415] as const,
        ['utf-foo', 415] as const,
        ['utf-16le', 'garbled'] as const,
        ['utf-32', 'garbled'] as const,
        ['ebcdic', 415] as const,
      ),
    )
    .filter(([{ text }, [, status]]) => status === 415 || text.length > 0)
    .map(([{ label, text }, [charset, status]]): FuzzRequest => ({
      label: `${label} in charset ${charset}`,
      bytes: Buffer.from(text),
      contentType: `application/json; charset=${charset}`,
      transport: status,
      intended: status === 'garbled' ? 400 : status,
    }));
  const compress = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync } as const;
  const compressed = fc
    .tuple(bad, fc.constantFrom('gzip', 'deflate', 'br', 'GZIP'))
    .map(([{ label, text }, encoding]): FuzzRequest => ({
      label: `${label}, ${encoding}-compressed`,
      bytes: compress[encoding.toLowerCase() as keyof typeof compress](Buffer.from(text)),
      contentType: 'application/json',
      contentEncoding: encoding,
      transport: 'parse',
    }));
  const unknownEncoding = fc
    .tuple(body, fc.constantFrom('compress', 'x-gzip', 'gzip, deflate', 'zstd', 'foo', 'identity, gzip'))
    .map(([{ label, text }, encoding]): FuzzRequest => ({
      label: `${label} with content-encoding ${encoding}`,
      bytes: Buffer.from(text),
      contentType: 'application/json',
      contentEncoding: encoding,
      transport: 415,
      intended: 415,
    }));
  return fc.oneof(wrongType, jsonVariants, charsets, compressed, unknownEncoding);
}

/** Well-formed facts holding a value the database cannot store, alone or hidden in a batch. */
function unstorablePayloads(endpoint: Endpoint): fc.Arbitrary<FuzzRequest> {
  const goods = fc.array(endpoint.valid, { maxLength: 3 });
  return fc
    .tuple(goods, endpoint.valid, endpoint.unstorable, goods, fc.boolean())
    .map(([before, event, mutation, after, batch]): FuzzRequest => {
      const bad = applyOps(event, mutation.ops);
      return batch
        ? jsonRequest(
            `batch: ${mutation.label} at events[${before.length}]`,
            { events: [...before, bad, ...after] },
            {
              refuseWith: [400, 422],
              named: ['events', before.length, ...mutation.named!],
            },
          )
        : jsonRequest(mutation.label, bad, { refuseWith: [400, 422], named: mutation.named });
    });
}

/** Bodies claimed to be compressed that are not, or are cut short. */
function corruptEncodingPayloads(endpoint: Endpoint): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(
      endpoint.valid,
      fc.constantFrom('gzip', 'deflate', 'br'),
      fc.oneof(fc.constant('plain' as const), fc.constant('truncated' as const), fc.constant('random' as const)),
      fc.uint8Array({ minLength: 1, maxLength: 64 }),
    )
    .map(([event, encoding, how, random]): FuzzRequest => {
      const text = Buffer.from(toWire(event));
      const whole = encoding === 'gzip' ? gzipSync(text) : encoding === 'deflate' ? deflateSync(text) : brotliCompressSync(text);
      const bytes = how === 'plain' ? text : how === 'truncated' ? whole.subarray(0, Math.max(1, whole.length >> 1)) : random;
      return {
        label: `${how} bytes as content-encoding ${encoding}`,
        bytes,
        contentType: 'application/json',
        contentEncoding: encoding,
        transport: 'parse',
      };
    })
    .filter((request) => decompress(request.bytes, request.contentEncoding) === undefined)
    .map((request) => ({ ...request, intended: 400 as const }));
}

// ---------------------------------------------------------------------------------------------

describe('fuzzing the ingest endpoints (never a 5xx, nothing applied)', () => {
  let app: TestApp;
  let key: string;
  let all: Endpoint[];
  let logCountBefore: number;
  let liveBefore: unknown;
  const seenIds = new Set<string>();
  /** Responses by endpoint and status: every kind of refusal must have been exercised. */
  const answered = new Map<string, Map<number, number>>();

  const logCount = async () =>
    (await app.running.database.db.query<{ n: number }>('select count(*)::int as n from event_log')).rows[0]!.n;
  const liveTrust = async () => {
    const response = await fetch(`${app.url}/api/v1/live?scope=trust:${TRUST}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { snapshot: unknown }).snapshot;
  };

  beforeAll(async () => {
    app = await startTestApp({ engine: 'pglite' });
    key = await app.createKey(KEY_TRUSTS, ['ingest', 'read']);
    const response = await fetch(`${app.url}/api/v1/org`);
    expect(response.status).toBe(200);
    const directory = (await response.json()) as {
      trusts: { ods: string }[];
      wards: { id: string; trustOds: string }[];
      crisisServices: CrisisService[];
    };
    const org: Org = {
      trusts: new Set(directory.trusts.map((trust) => trust.ods)),
      wardTrust: new Map(directory.wards.map((ward) => [ward.id, ward.trustOds])),
      crisisServices: new Map(directory.crisisServices.map((service) => [service.id, service])),
    };
    expect(org.trusts.has(TRUST) && !org.trusts.has(UNKNOWN_TRUST)).toBe(true);
    all = endpoints(org);
    logCountBefore = await logCount();
    liveBefore = await liveTrust();
  });
  afterAll(() => app?.close());

  async function send(endpoint: Endpoint, request: FuzzRequest): Promise<void> {
    const predicted = expectationOf(endpoint, request, Date.now());
    const context = describeRequest(request);
    // Values PostgreSQL cannot store (year 0000, NUL, lone surrogates) are refused by the shared rules themselves.
    if (request.refuseWith) expect(request.refuseWith, `the shared rules refuse it: ${context}`).toContain(predicted.status);
    else {
      // The generators break every payload: one the oracle would accept is a bug in this test.
      expect(predicted.status, `generated a valid payload: ${context}`).not.toBe(202);
      if (request.intended !== undefined)
        expect(predicted.status, `oracle disagrees with the intent: ${context}`).toBe(request.intended);
    }
    for (const id of [...eventIdsIn(request.bytes), ...eventIdsIn(decompress(request.bytes, request.contentEncoding))])
      seenIds.add(id);

    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    if (request.contentType !== undefined) headers['content-type'] = request.contentType;
    if (request.contentEncoding !== undefined) headers['content-encoding'] = request.contentEncoding;
    const response = await fetch(`${app.url}${endpoint.path}`, { method: 'POST', headers, body: new Uint8Array(request.bytes) });
    const text = await response.text();
    const answer = `${context}\n→ ${response.status} ${text.slice(0, 2000)}`;
    const tally = answered.get(endpoint.name) ?? new Map<number, number>();
    answered.set(endpoint.name, tally.set(response.status, (tally.get(response.status) ?? 0) + 1));

    expect(response.status, `never a 5xx: ${answer}`).toBeLessThan(500);
    const expected: Expected = predicted;
    if (request.refuseWith) expect(request.refuseWith, answer).toContain(response.status);
    expect(response.status, answer).toBe(expected.status);
    expect(response.headers.get('content-type') ?? '', answer).toMatch(/^application\/json/);
    const body = JSON.parse(text) as { error: { code: string; message: string; details: { path: string; message: string }[] } };
    expect(Object.keys(body), answer).toEqual(['error']);
    expect(Object.keys(body.error).sort(), answer).toEqual(['code', 'details', 'message']);
    expect(body.error.code, answer).toBe(CODES[response.status] ?? body.error.code);
    expect(typeof body.error.code === 'string' && body.error.code.length > 0, answer).toBe(true);
    expect(typeof body.error.message === 'string' && body.error.message.length > 0, answer).toBe(true);
    expect(Array.isArray(body.error.details), answer).toBe(true);
    for (const detail of body.error.details) {
      expect(Object.keys(detail).sort(), answer).toEqual(['message', 'path']);
      expect(typeof detail.path === 'string' && detail.path.length > 0, answer).toBe(true);
      expect(typeof detail.message === 'string' && detail.message.length > 0, answer).toBe(true);
    }
    if ([400, 403, 413, 422].includes(response.status)) expect(body.error.details.length, answer).toBeGreaterThan(0);
    const paths = body.error.details.map((detail) => detail.path);
    if (expected.paths) expect(paths, answer).toEqual(expected.paths);
    if (request.named && (expected.status === 400 || request.refuseWith) && expected.paths !== BODY) {
      const named = formatPath(request.named);
      expect(
        paths.some((path) => path === named || path.startsWith(`${named}.`) || path.startsWith(`${named}[`)),
        `the error names ${named}: ${answer}`,
      ).toBe(true);
    }
  }

  const property = (endpoint: () => Endpoint, generate: (endpoint: Endpoint) => fc.Arbitrary<FuzzRequest>, runs: number) =>
    fc.assert(
      fc.asyncProperty(
        fc.array(
          // Counterexamples print as their labels, not megabytes of body.
          generate(endpoint()).map((request) => Object.assign(request, { [fc.toStringMethod]: () => request.label })),
          { minLength: CONCURRENCY, maxLength: CONCURRENCY },
        ),
        async (requests) => {
          await Promise.all(requests.map((request) => send(endpoint(), request)));
        },
      ),
      { numRuns: runs, endOnFailure: true },
    );

  for (const [index, name] of [
    'bed-states',
    'placements',
    'waiting-lists',
    'video-consultations',
    'discharge-delays',
    'crisis-capacity',
    'referrals',
  ].entries()) {
    it(`refuses ${RUNS * CONCURRENCY} malformed or impossible payloads on /api/v1/${name}`, async () => {
      await property(() => all[index]!, payloads, RUNS);
    });

    it(`refuses wrong content types, charsets and encodings on /api/v1/${name}`, async () => {
      await property(() => all[index]!, transportPayloads, TRANSPORT_RUNS);
    });

    it(`refuses bodies claimed to be compressed that are not on /api/v1/${name} with 400`, async () => {
      await property(() => all[index]!, corruptEncodingPayloads, 3);
    });

    it(`refuses values the database cannot store on /api/v1/${name} with a 4xx naming the field`, async () => {
      await property(() => all[index]!, unstorablePayloads, 3);
    });
  }

  it('applied nothing of any of it, and still accepts good facts', async () => {
    expect(seenIds.size).toBeGreaterThan(1000);
    const logged = await app.running.database.db.query<{ event_id: string }>(
      'select event_id from event_log where event_id = any($1)',
      // Only ids the event log could hold: printable ASCII (PostgreSQL refuses NUL in a query, too).
      [[...seenIds].filter((id) => eventIdSchema.safeParse(id).success)],
    );
    expect(logged.rows.map((row) => row.event_id)).toEqual([]);
    expect(await logCount()).toBe(logCountBefore);
    // Give the workers a moment: had anything been enqueued, it would show in the live state.
    await new Promise((wait) => setTimeout(wait, 500));
    expect(await liveTrust()).toEqual(liveBefore);

    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    const goods = [
      bedState(`${TRUST}-W01`, { observedAt: new Date(Date.now() - 1000).toISOString() }),
      placementEvent(unique('fuzz-oap-good'), 'started', { occurredAt: new Date(Date.now() - 3_600_000).toISOString() }),
      waitingListSnapshot(TRUST, 'talking-therapies'),
      videoDay(TRUST, { '01': 5, '11': 2 }),
      {
        eventId: unique('fuzz-delays-good'),
        wardId: `${TRUST}-W01`,
        observedAt: new Date(Date.now() - 1000).toISOString(),
        delays: [{ ref: 'D1', reason: '01', delayedSince: addDays(londonDateOf(Date.now()), -2) }],
      },
      crisisCapacityReport(`${TRUST}-CR-1`, {
        eventId: unique('fuzz-crisis-good'),
        observedAt: new Date(Date.now() - 1000).toISOString(),
      }),
      referralDay(TRUST, { observedAt: new Date(Date.now() - 1000).toISOString() }),
    ];
    for (const [index, endpoint] of all.entries()) {
      const response = await fetch(`${app.url}${endpoint.path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(goods[index]),
      });
      expect(response.status, await response.clone().text()).toBe(202);
      expect(await response.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    }
    expect(await logCount()).toBe(logCountBefore + goods.length);
    for (const endpoint of all) {
      const tally = answered.get(endpoint.name)!;
      expect([...tally.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(
        (RUNS + TRANSPORT_RUNS) * CONCURRENCY,
      );
      for (const status of [400, 403, 415, 422])
        expect(tally.get(status), `${endpoint.name} answered ${status}`).toBeGreaterThan(0);
    }
  });
});

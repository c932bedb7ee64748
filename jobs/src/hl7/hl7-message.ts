/**
 * One HL7 v2 ADT message in, one movement (or a reason to refuse it) out. This is where identity
 * is dropped: the message is parsed (with @medplum/core's Hl7Message), the few fields a movement
 * needs are read, the visit number is turned into an HMAC with the feed's secret, and nothing else
 * of the message — PID, NK1, PD1, MRG, names, numbers — leaves this function. Problems name the
 * field (e.g. `PV1-3`) and the reason, never a value from the message.
 */
import { createHash, createHmac } from 'node:crypto';
import { Hl7Message, type Hl7Segment } from '@medplum/core';
import {
  EARLIEST_SOURCE_TIME,
  HL7_MOVEMENT_EVENTS,
  MAX_FUTURE_SKEW_MS,
  hl7LocationSchema,
  parseHl7Time,
  type Hl7Location,
  type Hl7Movement,
  type Hl7MovementEvent,
  type Hl7VisitMove,
} from '@wardpulse/shared';

/** A feed of ADT messages: one source system of one trust (configuration, docs/hl7.md). */
export interface Hl7FeedConfig {
  id: string;
  trustOds: string;
  /** Key of the HMAC that turns visit numbers into visit keys; never stored. */
  secret: string;
  /** The MLLP port this feed alone connects to (0 = any free port, for tests). */
  mllpPort?: number | undefined;
  /** Addresses (IP or CIDR) allowed to connect over MLLP; empty = none (the feed is HTTP only). */
  allowFrom: string[];
  /** Idle MLLP connections of this feed close after this long; the installation's default when unset. */
  idleTimeoutMs?: number | undefined;
}

export type AckCode = 'AA' | 'AE' | 'AR';

/** HL7 table 0357 (message error condition codes) used here. */
export const HL7_ERROR = {
  segmentSequence: 100,
  requiredFieldMissing: 101,
  dataType: 102,
  tableValueNotFound: 103,
  unsupportedMessageType: 200,
  duplicateKey: 205,
  internalError: 207,
} as const;

const ERROR_NAMES: Record<number, string> = {
  100: 'Segment sequence error',
  101: 'Required field missing',
  102: 'Data type error',
  103: 'Table value not found',
  200: 'Unsupported message type',
  205: 'Duplicate key identifier',
  207: 'Application internal error',
};

export interface Hl7Problem {
  /** `SEG` or `SEG-field`, e.g. `PV1-3`. */
  location: string;
  code: number;
  text: string;
}

export type Hl7Reduction =
  | { outcome: 'movement'; movement: Hl7Movement }
  | { outcome: 'ignored'; event: string }
  | { outcome: 'rejected'; ackCode: 'AE' | 'AR'; problems: Hl7Problem[] };

/** The parsed message (for its ACK) and what it reduces to. */
export interface Hl7Reading {
  message: Hl7Message | undefined;
  controlId: string;
  /** MSH-9.2 (or EVN-1) when readable and plain: safe to count and log. */
  event: string | null;
  reduction: Hl7Reduction;
}

const HANDLED = new Set<string>(HL7_MOVEMENT_EVENTS);
const PLAIN_CODE = /^[A-Z0-9]{1,7}$/;
const MAX_CONTROL_ID = 199;

const reject = (ackCode: 'AE' | 'AR', ...problems: Hl7Problem[]): Hl7Reduction => ({ outcome: 'rejected', ackCode, problems });

/** Event id of a message: idempotent by feed and MSH-10 (hashed, so any control id fits an event id). */
export function hl7EventId(feedId: string, controlId: string): string {
  return `hl7-${feedId}-${createHash('sha256').update(controlId).digest('hex').slice(0, 40)}`;
}

export function visitKeyOf(secret: string, kind: 'visit' | 'patient', identifier: string): string {
  return createHmac('sha256', secret).update(`${kind}\u0000${identifier}`).digest('hex');
}

export function readHl7Message(feed: Hl7FeedConfig, text: string, now = Date.now()): Hl7Reading {
  // eslint-disable-next-line no-control-regex -- MLLP's start and end bytes, should a sender leave them in
  const trimmed = text.replace(/^[\s\u000b]+|[\s\u001c]+$/g, '');
  if (!/^MSH[^A-Za-z0-9\r\n]/.test(trimmed)) {
    return {
      message: undefined,
      controlId: '',
      event: null,
      reduction: reject('AR', {
        location: 'MSH',
        code: HL7_ERROR.segmentSequence,
        text: 'the message must start with an MSH segment',
      }),
    };
  }
  const message = parseOrUndefined(trimmed);
  if (!message || message.header?.name !== 'MSH') {
    return {
      message: undefined,
      controlId: '',
      event: null,
      reduction: reject('AR', { location: 'MSH', code: HL7_ERROR.segmentSequence, text: 'the message cannot be parsed' }),
    };
  }
  const header = message.header;
  const controlId = header.getField(10).toString();
  const messageType = header.getComponent(9, 1);
  const trigger = header.getComponent(9, 2) || message.getSegment('EVN')?.getComponent(1, 1) || '';
  const event = PLAIN_CODE.test(trigger) ? trigger : null;
  const reading = (reduction: Hl7Reduction): Hl7Reading => ({ message, controlId, event, reduction });

  if (!controlId)
    return reading(
      reject('AR', { location: 'MSH-10', code: HL7_ERROR.requiredFieldMissing, text: 'the message control id is required' }),
    );
  if (controlId.length > MAX_CONTROL_ID)
    return reading(
      reject('AR', {
        location: 'MSH-10',
        code: HL7_ERROR.dataType,
        text: `the message control id must be at most ${MAX_CONTROL_ID} characters`,
      }),
    );
  if (messageType !== 'ADT') {
    return reading(
      reject('AR', {
        location: 'MSH-9',
        code: HL7_ERROR.unsupportedMessageType,
        text: `only ADT messages are accepted${PLAIN_CODE.test(messageType) ? ` (got ${messageType})` : ''}`,
      }),
    );
  }
  if (!event) {
    return reading(
      reject('AR', { location: 'MSH-9', code: HL7_ERROR.requiredFieldMissing, text: 'the trigger event is required' }),
    );
  }
  if (!HANDLED.has(event)) return reading({ outcome: 'ignored', event });
  return reading(reduceMovement(feed, message, controlId, event as Hl7MovementEvent, now));
}

function parseOrUndefined(text: string): Hl7Message | undefined {
  try {
    return Hl7Message.parse(text);
  } catch {
    return undefined;
  }
}

function timeField(
  segment: Hl7Segment | undefined,
  field: number,
  location: string,
  now: number,
): { at: string | null; problem?: Hl7Problem } {
  const text = segment?.getComponent(field, 1) ?? '';
  if (!text) return { at: null };
  const at = parseHl7Time(text);
  if (!at)
    return {
      at: null,
      problem: { location, code: HL7_ERROR.dataType, text: 'must be a date-time YYYYMMDDHHMM[SS][+/-ZZZZ]' },
    };
  if (Date.parse(at) > now + MAX_FUTURE_SKEW_MS)
    return { at: null, problem: { location, code: HL7_ERROR.dataType, text: 'is more than 5 minutes in the future' } };
  if (Date.parse(at) < Date.parse(EARLIEST_SOURCE_TIME))
    return { at: null, problem: { location, code: HL7_ERROR.dataType, text: 'is before 2000: not a plausible time' } };
  return { at };
}

/** PV1-3 as a location; null when empty; a problem when it cannot be kept. */
function locationOf(pv1: Hl7Segment, location: string): { location: Hl7Location | null; problem?: Hl7Problem } {
  const part = (component: number) => pv1.getComponent(3, component).trim();
  const pointOfCare = part(1);
  if (!pointOfCare) return { location: null };
  const parsed = hl7LocationSchema.safeParse({ pointOfCare, room: part(2) || null, bed: part(3) || null });
  if (!parsed.success)
    return {
      location: null,
      problem: {
        location,
        code: HL7_ERROR.dataType,
        text: 'point of care, room and bed must be printable ASCII codes of at most 80 characters',
      },
    };
  return { location: parsed.data };
}

/** Each PID with the PV1 that follows it (A17 has two pairs; other events one). */
function visitGroups(message: Hl7Message): { pid: Hl7Segment | undefined; pv1: Hl7Segment | undefined; index: number }[] {
  const groups: { pid: Hl7Segment | undefined; pv1: Hl7Segment | undefined; index: number }[] = [];
  for (const segment of message.segments) {
    if (segment.name === 'PID') groups.push({ pid: segment, pv1: undefined, index: groups.length + 1 });
    else if (segment.name === 'PV1') {
      const open = groups.at(-1);
      if (open && !open.pv1) open.pv1 = segment;
      else groups.push({ pid: undefined, pv1: segment, index: groups.length + 1 });
    }
  }
  return groups;
}

function reduceMovement(
  feed: Hl7FeedConfig,
  message: Hl7Message,
  controlId: string,
  event: Hl7MovementEvent,
  now: number,
): Hl7Reduction {
  const problems: Hl7Problem[] = [];
  const messageTime = timeField(message.header, 7, 'MSH-7', now);
  if (messageTime.problem) problems.push(messageTime.problem);
  else if (!messageTime.at)
    problems.push({ location: 'MSH-7', code: HL7_ERROR.requiredFieldMissing, text: 'the message date-time is required' });
  const evn = message.getSegment('EVN');
  const occurred = timeField(evn, 6, 'EVN-6', now);
  const recorded = timeField(evn, 2, 'EVN-2', now);
  if (occurred.problem) problems.push(occurred.problem);
  if (recorded.problem) problems.push(recorded.problem);

  const groups = visitGroups(message);
  const wanted = event === 'A17' ? 2 : 1;
  const visits: Hl7VisitMove[] = [];
  if (groups.length < wanted) {
    problems.push({
      location: 'PV1',
      code: HL7_ERROR.segmentSequence,
      text: wanted === 2 ? 'A17 needs two PID and PV1 pairs, one for each patient' : 'the PV1 segment is required',
    });
  }
  for (const group of groups.slice(0, wanted)) {
    const where = (field: string) => (wanted === 2 ? `${field} (patient ${group.index})` : field);
    if (!group.pv1) {
      problems.push({ location: 'PV1', code: HL7_ERROR.segmentSequence, text: `${where('PV1')} segment is required` });
      continue;
    }
    const visitNumber = group.pv1.getComponent(19, 1).trim();
    const patientId = group.pid?.getComponent(3, 1).trim() ?? '';
    const authority = (segment: Hl7Segment | undefined, field: number) => segment?.getComponent(field, 4).trim() ?? '';
    if (!visitNumber && !patientId) {
      problems.push({
        location: 'PV1-19',
        code: HL7_ERROR.requiredFieldMissing,
        text: `${where('the visit number (PV1-19)')} or patient identifier (PID-3) is required to pair movements of a visit`,
      });
      continue;
    }
    // The identifier is used here and nowhere else: only its keyed hash goes on.
    const visitKey = visitNumber
      ? visitKeyOf(feed.secret, 'visit', `${visitNumber}^${authority(group.pv1, 19)}`)
      : visitKeyOf(feed.secret, 'patient', `${patientId}^${authority(group.pid, 3)}`);
    const located = locationOf(group.pv1, 'PV1-3');
    if (located.problem) problems.push(located.problem);
    else if (!located.location && (event === 'A01' || event === 'A02' || event === 'A17')) {
      problems.push({
        location: 'PV1-3',
        code: HL7_ERROR.requiredFieldMissing,
        text: `${where('the assigned patient location (PV1-3)')} needs a point of care for ${event}`,
      });
    }
    visits.push({ visitKey, location: located.location });
  }
  if (problems.length > 0) return reject('AE', ...problems);
  const messageAt = messageTime.at!;
  return {
    outcome: 'movement',
    movement: {
      eventId: hl7EventId(feed.id, controlId),
      feedId: feed.id,
      trustOds: feed.trustOds,
      event,
      occurredAt: occurred.at ?? recorded.at ?? messageAt,
      messageAt,
      visits,
    },
  };
}

/** Text safe inside an HL7 field: no separators or escape characters, no control characters. */
function fieldText(text: string): string {
  // eslint-disable-next-line no-control-regex -- MLLP framing and control characters are what is stripped
  return text.replace(/[|^~\\&\r\n\u0000-\u001f]/g, ' ').slice(0, 200);
}

function errSegmentText(problem: Hl7Problem): string {
  const [segment = 'MSH', field] = problem.location.split(' ')[0]!.split('-');
  const location = field ? `${segment}^1^${field}` : `${segment}^1`;
  const name = ERROR_NAMES[problem.code] ?? 'Error';
  return `ERR||${location}|${problem.code}^${name}^HL70357|E||||${fieldText(problem.text)}`;
}

function hl7Now(): string {
  return new Date()
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.(\d{3})Z$/, '.$1+0000');
}

/**
 * The acknowledgement of a message: MSA-1 the code, MSA-2 its control id, MSA-3 the reason in
 * words, and one ERR segment per problem (location, table 0357 code, severity, text).
 */
export function buildAck(
  reading: Pick<Hl7Reading, 'message' | 'controlId'>,
  ackCode: AckCode,
  text: string,
  problems: readonly Hl7Problem[] = [],
): string {
  let segments: string[];
  const context = reading.message?.context;
  // Answered in the sender's header only when it uses the standard encoding characters (ERR is written with them).
  if (reading.message && context?.getMsh1() === '|' && context.getMsh2() === '^~\\&') {
    const ack = reading.message.buildAck({ ackCode });
    ack.getSegment('MSA')?.setField(3, fieldText(text));
    segments = ack.segments.map((segment) => segment.toString());
  } else {
    // No header to answer from: a minimal ACK, with the control id when it could be read.
    const id = `WP${Date.now()}`;
    segments = [
      `MSH|^~\\&|WardPulse|WardPulse|||${hl7Now()}||ACK|${id}|P|2.5.1`,
      `MSA|${ackCode}|${fieldText(reading.controlId)}|${fieldText(text)}`,
    ];
  }
  return [...segments, ...problems.map(errSegmentText)].join('\r');
}

/** The control id of a frame too large or too broken to parse, when its MSH line can be read. */
export function controlIdOfHead(head: string): string {
  // eslint-disable-next-line no-control-regex -- MLLP framing and control characters are what is stripped
  const line = head.replace(/^[\s\u000b]+/, '').split(/[\r\n]/, 1)[0] ?? '';
  if (!line.startsWith('MSH') || line.length < 4) return '';
  const separator = line[3]!;
  return (line.split(separator)[9] ?? '').slice(0, MAX_CONTROL_ID);
}

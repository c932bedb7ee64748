import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventJobId, JobName, QUEUE_OF, QueueName } from './queues.js';

const JOB_NAMES = Object.values(JobName);

/** Event ids as bedStateSchema allows them: printable ASCII without spaces (0x21–0x7e). */
const printableEventId = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 128,
});
/** Ids made mostly of the characters an escaping scheme could confuse. */
const trickyEventId = fc.string({ unit: fc.constantFrom('%', ':', '2', '5', '3', 'A', 'a', '-'), minLength: 1, maxLength: 12 });
const eventId = fc.oneof(printableEventId, trickyEventId);
/** Trusts as odsCodeSchema allows them: three capital letters or digits. */
const trust = fc.string({ unit: fc.constantFrom(...'ABRX0349'), minLength: 3, maxLength: 3 });

describe('eventJobId', () => {
  it('never contains ":" (BullMQ forbids it in custom ids)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...JOB_NAMES), trust, eventId, (name, ods, id) => {
        expect(eventJobId(name, ods, id)).not.toContain(':');
      }),
    );
  });

  it('is never a plain integer (BullMQ forbids integer custom ids)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...JOB_NAMES), trust, fc.oneof(eventId, fc.nat().map(String)), (name, ods, id) => {
        expect(eventJobId(name, ods, id)).not.toMatch(/^\d+$/);
        expect(String(Number.parseInt(eventJobId(name, ods, id), 10))).not.toBe(eventJobId(name, ods, id));
      }),
    );
  });

  it('is the same for the same event, so enqueueing it twice runs it once', () => {
    expect(eventJobId(JobName.ApplyBedState, 'RX4', 'evt:1')).toBe(eventJobId(JobName.ApplyBedState, 'RX4', 'evt:1'));
  });

  it("keeps two trusts' events with one id apart (ids are unique per trust)", () => {
    expect(eventJobId(JobName.ApplyBedState, 'RX3', 'evt-1')).not.toBe(eventJobId(JobName.ApplyBedState, 'RX4', 'evt-1'));
  });

  it('is injective: different events (or jobs) never share an id', () => {
    const event = fc.tuple(fc.constantFrom(...JOB_NAMES), trust, eventId);
    fc.assert(
      fc.property(event, event, ([nameA, odsA, idA], [nameB, odsB, idB]) => {
        fc.pre(nameA !== nameB || odsA !== odsB || idA !== idB);
        expect(eventJobId(nameA, odsA, idA)).not.toBe(eventJobId(nameB, odsB, idB));
      }),
      { numRuns: 2000 },
    );
  });

  it('can be read back to the job name, trust and event id (which makes it injective)', () => {
    // Percent-decoding of the two escaped characters, in one left-to-right pass.
    const decode = (escaped: string) => escaped.replace(/%(25|3A)/g, (match) => (match === '%25' ? '%' : ':'));
    fc.assert(
      fc.property(fc.constantFrom(...JOB_NAMES), trust, eventId, (name, ods, id) => {
        const jobId = eventJobId(name, ods, id);
        expect(jobId.startsWith(`${name}-${ods}-`)).toBe(true);
        expect(decode(jobId.slice(name.length + ods.length + 2))).toBe(id);
      }),
    );
  });

  it('keeps ids apart that differ only in escaped characters', () => {
    const ids = [':', '%3A', '%253A', '%', '%25', '::', '%3A%3A', 'a:b', 'a%3Ab'];
    const jobIds = ids.map((id) => eventJobId(JobName.ApplyBedState, 'RX4', id));
    expect(new Set(jobIds).size).toBe(ids.length);
  });
});

describe('QUEUE_OF', () => {
  it('puts every job on a known queue', () => {
    for (const name of JOB_NAMES) expect(Object.values(QueueName)).toContain(QUEUE_OF[name]);
  });
});

/**
 * ADT messages written for WardPulse's tests: made-up people (names, NHS numbers, hospital numbers,
 * addresses) that look real, so a test can prove none of it is kept.
 */
import { randomBytes } from 'node:crypto';

export interface Patient {
  nhsNumber: string;
  hospitalNumber: string;
  family: string;
  given: string;
  birthDate: string;
  address: string;
  phone: string;
  /** PV1-19 visit number. */
  visitNumber: string;
}

let counter = 0;

/** A new made-up patient with identifiers unique to this run. */
export function patient(): Patient {
  const unique = `${Date.now().toString(36)}${(++counter).toString(36)}${randomBytes(2).toString('hex')}`.toUpperCase();
  return {
    nhsNumber: `9${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`,
    hospitalNumber: `HN${unique}`,
    family: `Zyxwar${unique}`,
    given: `Qelda${unique}`,
    birthDate: '19710302',
    address: `${unique} Acacia Avenue^^Gateshead^^NE8 ${unique.slice(0, 3)}`,
    phone: `0191${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    visitNumber: `V${unique}`,
  };
}

/** HL7 DTM of an instant, in UTC with its offset. */
export function hl7Time(instant: number): string {
  return `${new Date(instant).toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`;
}

export interface AdtOptions {
  event: string;
  controlId?: string;
  patient: Patient;
  /** PV1-3 as point of care ^ room ^ bed; '' for none. */
  location?: string;
  /** When it happened (EVN-6); MSH-7 and EVN-2 default to it. */
  at?: number;
  messageAt?: number;
  /** A17: the second patient and location. */
  other?: { patient: Patient; location: string };
  messageType?: string;
}

function pidPv1(person: Patient, location: string): string[] {
  return [
    `PID|1||${person.hospitalNumber}^^^RX4^MR~${person.nhsNumber}^^^NHS^NH||${person.family}^${person.given}^^^MX||${person.birthDate}|F|||${person.address}||${person.phone}`,
    `PV1|1|I|${location}^^^RX4||||C1234567^Consultant^Alex|||MH||||||||IP|${person.visitNumber}^^^RX4^VN`,
  ];
}

export function adt(options: AdtOptions): string {
  const at = options.at ?? Date.now() - 60_000;
  const controlId = options.controlId ?? `MSG${randomBytes(6).toString('hex')}`;
  const segments = [
    `MSH|^~\\&|RIO|RX4|WARDPULSE|NHS|${hl7Time(options.messageAt ?? at)}||${options.messageType ?? 'ADT'}^${options.event}^ADT_${options.event}|${controlId}|P|2.4|||AL|NE|GBR|UNICODE UTF-8`,
    `EVN|${options.event}|${hl7Time(options.messageAt ?? at)}|||C1234567^Nurse^Sam|${hl7Time(at)}`,
    ...pidPv1(options.patient, options.location ?? ''),
    `NK1|1|${options.patient.family}^Partner|SPO|${options.patient.address}|${options.patient.phone}`,
  ];
  if (options.other) segments.push(...pidPv1(options.other.patient, options.other.location));
  return segments.join('\r');
}

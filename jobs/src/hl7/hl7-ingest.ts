/**
 * The HL7 door shared by MLLP and HTTP: read the message (identity dropped there), log the
 * movement durably (idempotent by feed + MSH-10), enqueue it, and answer with the ACK. A message
 * that cannot be kept right now (database down) is refused with AR so the sender sends it again.
 */
import type { Logger } from 'pino';
import type { JobQueues } from '../job-queues.js';
import { logAndEnqueue } from '../ingest/log-and-enqueue.js';
import { EventIdConflict, type EventLog } from '../storage/event-log.js';
import { buildAck, HL7_ERROR, readHl7Message, type AckCode, type Hl7FeedConfig, type Hl7Problem } from './hl7-message.js';

export type Hl7Status = 'accepted' | 'duplicate' | 'ignored' | 'rejected' | 'unavailable';

export interface Hl7Answer {
  ack: string;
  ackCode: AckCode;
  status: Hl7Status;
  /** The trigger event when readable (A01…), for counting. */
  event: string | null;
  problems: Hl7Problem[];
}

export interface Hl7IngestDeps {
  eventLog: EventLog;
  queues: JobQueues;
  logger: Logger;
  now?: () => number;
  /** Told of every answer (metrics). */
  onAnswer?: (feed: Hl7FeedConfig, answer: Hl7Answer, transport: 'mllp' | 'http') => void;
}

export class Hl7Ingest {
  constructor(private readonly deps: Hl7IngestDeps) {}

  async receive(feed: Hl7FeedConfig, text: string, transport: 'mllp' | 'http'): Promise<Hl7Answer> {
    const answer = await this.answer(feed, text);
    // Field locations and codes only: never a value from the message.
    this.deps.logger.debug(
      {
        feed: feed.id,
        transport,
        event: answer.event,
        status: answer.status,
        ack: answer.ackCode,
        problems: answer.problems.map((p) => p.location),
      },
      'hl7 message',
    );
    this.deps.onAnswer?.(feed, answer, transport);
    return answer;
  }

  private async answer(feed: Hl7FeedConfig, text: string): Promise<Hl7Answer> {
    const reading = readHl7Message(feed, text, (this.deps.now ?? Date.now)());
    const { reduction, event } = reading;
    if (reduction.outcome === 'rejected') {
      const reason = reduction.problems.map((problem) => `${problem.location}: ${problem.text}`).join('; ');
      return {
        ack: buildAck(reading, reduction.ackCode, reason, reduction.problems),
        ackCode: reduction.ackCode,
        status: 'rejected',
        event,
        problems: reduction.problems,
      };
    }
    if (reduction.outcome === 'ignored') {
      return {
        ack: buildAck(reading, 'AA', `${reduction.event} does not change bed states: acknowledged and ignored`),
        ackCode: 'AA',
        status: 'ignored',
        event,
        problems: [],
      };
    }
    const { movement } = reduction;
    try {
      const [logged] = await logAndEnqueue(
        this.deps,
        'hl7Movement',
        [
          {
            eventId: movement.eventId,
            trustOds: movement.trustOds,
            wardId: null,
            observedAt: movement.occurredAt,
            payload: movement,
          },
        ],
        `hl7:${feed.id}`,
      );
      const duplicate = logged?.duplicate ?? false;
      return {
        ack: buildAck(reading, 'AA', duplicate ? 'duplicate: this control id was received before and counts once' : 'accepted'),
        ackCode: 'AA',
        status: duplicate ? 'duplicate' : 'accepted',
        event,
        problems: [],
      };
    } catch (error) {
      if (error instanceof EventIdConflict) {
        // A resend is the same message; another message under a used control id would be lost silently.
        const problem = {
          location: 'MSH-10',
          code: HL7_ERROR.duplicateKey,
          text: 'this control id was received before with a different message; a new message needs a new control id',
        };
        return {
          ack: buildAck(reading, 'AE', problem.text, [problem]),
          ackCode: 'AE',
          status: 'rejected',
          event,
          problems: [problem],
        };
      }
      this.deps.logger.warn({ err: { message: (error as Error).message }, feed: feed.id }, 'hl7 movement could not be logged');
      const problem = {
        location: 'MSH',
        code: HL7_ERROR.internalError,
        text: 'the message could not be stored now; send it again',
      };
      return {
        ack: buildAck(reading, 'AR', problem.text, [problem]),
        ackCode: 'AR',
        status: 'unavailable',
        event,
        problems: [problem],
      };
    }
  }
}

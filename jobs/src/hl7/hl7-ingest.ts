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
    /** The acknowledgement and what the server records of it: one shape for every outcome. */
    const answered = (ackCode: AckCode, status: Hl7Status, text: string, problems: Hl7Problem[] = []): Hl7Answer => ({
      ack: buildAck(reading, ackCode, text, problems),
      ackCode,
      status,
      event,
      problems,
    });
    /** One problem with the whole message, said in the acknowledgement's text and its ERR segment. */
    const refused = (ackCode: AckCode, status: Hl7Status, problem: Hl7Problem) =>
      answered(ackCode, status, problem.text, [problem]);

    if (reduction.outcome === 'rejected') {
      const reason = reduction.problems.map((problem) => `${problem.location}: ${problem.text}`).join('; ');
      return answered(reduction.ackCode, 'rejected', reason, reduction.problems);
    }
    if (reduction.outcome === 'ignored') {
      return answered('AA', 'ignored', `${reduction.event} does not change bed states: acknowledged and ignored`);
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
      return logged?.duplicate
        ? answered('AA', 'duplicate', 'duplicate: this control id was received before and counts once')
        : answered('AA', 'accepted', 'accepted');
    } catch (error) {
      if (error instanceof EventIdConflict) {
        // A resend is the same message; another message under a used control id would be lost silently.
        return refused('AE', 'rejected', {
          location: 'MSH-10',
          code: HL7_ERROR.duplicateKey,
          text: 'this control id was received before with a different message; a new message needs a new control id',
        });
      }
      this.deps.logger.warn({ err: { message: (error as Error).message }, feed: feed.id }, 'hl7 movement could not be logged');
      return refused('AR', 'unavailable', {
        location: 'MSH',
        code: HL7_ERROR.internalError,
        text: 'the message could not be stored now; send it again',
      });
    }
  }
}

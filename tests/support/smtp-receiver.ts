/**
 * A real SMTP server (Nodemailer's smtp-server) on a free loopback port that takes mail the way
 * a relay would: AUTH PLAIN or LOGIN with one user and password is required (over plain text:
 * STARTTLS is switched off, so no certificate is needed), and each message is parsed with
 * mailparser. Recipients a test names are refused with 550, as an unknown mailbox would be.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { ReceivedLog } from './receivers.js';

export interface SmtpLogin {
  method: string;
  username: string;
  password: string;
  accepted: boolean;
}

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  /** The login of the session that sent it. */
  login: SmtpLogin;
  message: ParsedMail;
  raw: Buffer;
}

export interface SmtpReceiver {
  host: string;
  port: number;
  /** `smtp://user:pass@127.0.0.1:<port>` with the given (or the configured) credentials. */
  url(credentials?: { user: string; pass: string }): string;
  mails: ReceivedLog<ReceivedMail>;
  /** Every AUTH attempt, accepted or not. */
  logins: SmtpLogin[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(options: {
  user: string;
  pass: string;
  refuseRecipient?: (address: string) => boolean;
}): Promise<SmtpReceiver> {
  const mails = new ReceivedLog<ReceivedMail>();
  const logins: SmtpLogin[] = [];
  const loginOfSession = new Map<string, SmtpLogin>();
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    authMethods: ['PLAIN', 'LOGIN'],
    closeTimeout: 1_000,
    onAuth(auth, session, callback) {
      const login = {
        method: auth.method,
        username: auth.username ?? '',
        password: auth.password ?? '',
        accepted: auth.username === options.user && auth.password === options.pass,
      };
      logins.push(login);
      if (!login.accepted) return callback(new Error('Invalid username or password'));
      loginOfSession.set(session.id, login);
      callback(null, { user: login.username });
    },
    onRcptTo(address, _session, callback) {
      if (!options.refuseRecipient?.(address.address)) return callback();
      callback(Object.assign(new Error(`No such mailbox: ${address.address}`), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (message) => {
            const envelope = {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
            };
            mails.add({ envelope, login: loginOfSession.get(session.id)!, message, raw });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const host = '127.0.0.1';
  const port = (server.server.address() as AddressInfo).port;
  return {
    host,
    port,
    url: ({ user, pass } = options) => `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@${host}:${port}`,
    mails,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

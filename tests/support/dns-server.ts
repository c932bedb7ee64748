/**
 * A DNS server on a free loopback UDP port that answers A queries as the test says, one answer
 * per query: enough to play the DNS-rebinding attacker (a checked address first, another the
 * next time) for `dns.promises.Resolver` pointed at it with `setServers`. Hand-encoded (RFC 1035
 * §4): a header, the question copied back, answers pointing at the question's name; AAAA and
 * other types get an empty answer, a name the test does not know NXDOMAIN.
 */
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

export interface DnsQuery {
  name: string;
  /** 1 is A, 28 AAAA. */
  type: number;
}

export interface DnsServer {
  /** `127.0.0.1:<port>`, for `Resolver.setServers`. */
  address: string;
  /** Every query received, in order. */
  queries: DnsQuery[];
  close(): Promise<void>;
}

const A = 1;

/** `answer(name, queriesOfThatNameSoFar)` gives the IPv4 addresses to answer; undefined is NXDOMAIN. */
export async function startDnsServer(answer: (name: string, count: number) => string[] | undefined): Promise<DnsServer> {
  const queries: DnsQuery[] = [];
  const socket = createSocket('udp4');
  socket.on('message', (message, sender) => {
    // The question: length-prefixed labels ending in a zero byte, then its type and class.
    const labels: string[] = [];
    let offset = 12;
    while (message[offset]! > 0) {
      const length = message[offset]!;
      labels.push(message.toString('ascii', offset + 1, offset + 1 + length));
      offset += 1 + length;
    }
    const questionEnd = offset + 5;
    const name = labels.join('.').toLowerCase();
    const type = message.readUInt16BE(offset + 1);
    queries.push({ name, type });
    const count = queries.filter((query) => query.name === name && query.type === A).length;
    const addresses = answer(name, count);
    const answers = type === A ? (addresses ?? []) : [];

    const header = Buffer.alloc(12);
    message.copy(header, 0, 0, 2); // the query's id
    // QR (a response), AA (authoritative), RD copied from the query, RA; NXDOMAIN (3) for unknown names.
    header.writeUInt16BE(0x8480 | (message.readUInt16BE(2) & 0x0100) | (addresses === undefined ? 3 : 0), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const records = answers.map((address) => {
      const record = Buffer.alloc(16);
      record.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
      record.writeUInt16BE(A, 2);
      record.writeUInt16BE(1, 4); // class IN
      record.writeUInt32BE(0, 6); // TTL 0: nothing may keep it
      record.writeUInt16BE(4, 10);
      address.split('.').forEach((part, index) => record.writeUInt8(Number(part), 12 + index));
      return record;
    });
    socket.send(Buffer.concat([header, message.subarray(12, questionEnd), ...records]), sender.port, sender.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(socket.address() as AddressInfo).port}`,
    queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

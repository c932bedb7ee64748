/**
 * The opaque `seq` of Socket.IO contract v1: `<epoch>.<stream id>`. The epoch names this
 * incarnation of the change stream, so a client's `since` from before Redis lost its data is
 * recognised as unusable (fresh snapshot) instead of being misread as a position.
 */
export function encodeSeq(epoch: string, streamId: string): string {
  return `${epoch}.${streamId}`;
}

export function decodeSeq(seq: string): { epoch: string; streamId: string } | undefined {
  const dot = seq.indexOf('.');
  if (dot <= 0) return undefined;
  const streamId = seq.slice(dot + 1);
  if (!/^\d{1,20}-\d{1,20}$/.test(streamId)) return undefined;
  return { epoch: seq.slice(0, dot), streamId };
}

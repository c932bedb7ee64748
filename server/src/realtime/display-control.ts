/**
 * Commands to wall screens reach every server replica over Redis pub/sub, and each replica passes
 * them to its own display-token sockets (a screen may be connected to any replica). Pub/sub keeps
 * nothing: a screen offline at that moment reloads anyway when the new app version appears.
 */
import type { DisplayCommand } from '@wardpulse/shared';
import { listenOn } from '@wardpulse/jobs';
import type { Redis } from 'ioredis';

export interface DisplayControl {
  command: DisplayCommand;
  /** The screens (display token ids) it is for. */
  tokenIds: string[];
}

export function displayControlChannel(prefix: string): string {
  return `{${prefix}}:display-control`;
}

export async function publishDisplayControl(redis: Redis, prefix: string, control: DisplayControl): Promise<void> {
  await redis.publish(displayControlChannel(prefix), JSON.stringify(control));
}

/** Listens on a connection of its own (a subscribed connection can do nothing else). */
export async function onDisplayControl(
  subscriber: Redis,
  prefix: string,
  handle: (control: DisplayControl) => void,
): Promise<void> {
  await listenOn(subscriber, displayControlChannel(prefix), (message) => {
    try {
      const control = JSON.parse(message) as DisplayControl;
      if (control.command?.kind === 'reload' && Array.isArray(control.tokenIds)) handle(control);
    } catch {
      // Not ours to interpret: ignore.
    }
  });
}

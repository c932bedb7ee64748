/**
 * The organisation directory held in memory: read on every ingest and subscription, changed
 * rarely. Loaded at start and reloaded on demand (and periodically, for changes made by other
 * processes).
 */
import { OrgIndex } from '@wardpulse/shared';
import type { OrgRepository } from './org-repository.js';

export class OrgCache {
  private index: OrgIndex | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly repository: OrgRepository) {}

  async load(): Promise<OrgIndex> {
    this.index = new OrgIndex(await this.repository.loadDirectory());
    return this.index;
  }

  current(): OrgIndex {
    if (!this.index) throw new Error('organisation directory not loaded yet');
    return this.index;
  }

  refreshEvery(intervalMs: number, onError: (error: unknown) => void): void {
    this.timer = setInterval(() => void this.load().catch(onError), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

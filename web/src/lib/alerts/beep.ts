/**
 * A short alert sound made with the Web Audio API (no audio file to fetch or cache). Critical alerts
 * get three tones, others one. Browsers may refuse audio until someone has interacted with the page
 * (a wall screen nobody has touched): then the sound is skipped silently, and the words and icons on
 * screen still say what happened.
 */
import type { AlertSeverity } from '@wardpulse/shared';

export interface Tone {
  /** Seconds after the start of the sound. */
  at: number;
  /** Seconds. */
  duration: number;
  /** Hz. */
  frequency: number;
}

export function beepPattern(severity: AlertSeverity): Tone[] {
  if (severity === 'critical') {
    return [0, 0.22, 0.44].map((at) => ({ at, duration: 0.16, frequency: 988 }));
  }
  return [{ at: 0, duration: 0.2, frequency: severity === 'warning' ? 880 : 660 }];
}

type AudioContextConstructor = new () => AudioContext;

/** One AudioContext per owner (a page or a board), made on first use and closed with `close()`. */
export class Beeper {
  #context: AudioContext | null = null;

  async beep(severity: AlertSeverity): Promise<void> {
    try {
      const Context = (globalThis as { AudioContext?: AudioContextConstructor }).AudioContext;
      if (!Context) return;
      this.#context ??= new Context();
      const context = this.#context;
      if (context.state === 'suspended') await context.resume();
      if (context.state !== 'running') return;
      const start = context.currentTime + 0.02;
      for (const tone of beepPattern(severity)) {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = 'sine';
        oscillator.frequency.value = tone.frequency;
        // A quick fade in and out: no click at either end.
        gain.gain.setValueAtTime(0, start + tone.at);
        gain.gain.linearRampToValueAtTime(0.25, start + tone.at + 0.01);
        gain.gain.linearRampToValueAtTime(0, start + tone.at + tone.duration);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(start + tone.at);
        oscillator.stop(start + tone.at + tone.duration + 0.02);
      }
    } catch {
      // Audio refused or unavailable: the alert is still on screen in words.
    }
  }

  close(): void {
    void this.#context?.close().catch(() => undefined);
    this.#context = null;
  }
}

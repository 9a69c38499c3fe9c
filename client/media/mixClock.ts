/**
 * What drives the mix (client/media/Mixer.ts), so it follows positions on the audio
 * clock rather than the frame rate:
 *
 * - every `pos` message: once the AvatarMirror has applied it (a microtask after its
 *   records), the mix is refreshed from the newest received positions;
 * - a timer in a Web Worker every TIMER_MS: worker timers are not throttled when the tab
 *   is hidden (the page's own are, to once a second), so the mix keeps up with the
 *   listener's own movement and any update without a frame;
 * - every animation frame, with the listener's own predicted position (`self`).
 *
 * The listener's position is the predicted one while frames come (within SELF_FRESH_MS),
 * else the newest one the server sent back (a hidden tab draws no frames).
 */
import type { Zone } from "../../shared/map/model.ts";
import type { AvatarMirror } from "../../shared/protocol/positions.ts";
import type { Mixer } from "./Mixer.ts";

const TIMER_MS = 25;
const SELF_FRESH_MS = 120;

const WORKER_SOURCE = `setInterval(() => postMessage(0), ${TIMER_MS});`;

export interface MixClock {
  /** The listener's own predicted position this frame. */
  self(me: { x: number; y: number }): void;
  stop(): void;
}

export function driveMix(mixer: Mixer, o: { mirror: AvatarMirror; myId: string; zones: () => readonly Zone[] }): MixClock {
  let predicted: { x: number; y: number; at: number } | null = null;
  const me = { id: o.myId, x: 0, y: 0 };
  mixer.follow({
    me: () => {
      if (predicted && performance.now() - predicted.at < SELF_FRESH_MS) {
        me.x = predicted.x;
        me.y = predicted.y;
        return me;
      }
      const own = o.mirror.avatars.get(o.myId);
      if (!own) return predicted ? { id: o.myId, x: predicted.x, y: predicted.y } : null;
      me.x = own.x;
      me.y = own.y;
      return me;
    },
    speaker: (id) => o.mirror.avatars.get(id),
    zones: o.zones,
  });

  // One refresh per `pos` message, after all its records are applied.
  let queued = false;
  const soon = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      mixer.refresh();
    });
  };
  const unlisten = o.mirror.listen({ enter: soon, update: soon, gone: soon });

  let worker: Worker | null = null;
  let interval: number | undefined;
  try {
    const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
    worker = new Worker(url);
    URL.revokeObjectURL(url);
    worker.onmessage = () => mixer.refresh();
  } catch {
    // No workers (a strict policy): the page's own timer, throttled while hidden.
    interval = window.setInterval(() => mixer.refresh(), TIMER_MS);
  }

  return {
    self(pos) {
      predicted = { x: pos.x, y: pos.y, at: performance.now() };
      mixer.refresh();
    },
    stop() {
      unlisten();
      worker?.terminate();
      window.clearInterval(interval);
    },
  };
}

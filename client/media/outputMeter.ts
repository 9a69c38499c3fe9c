/**
 * A level meter on the mix's output, run on the audio thread: an AudioWorklet sums the
 * squares of what the master bus sends to the speakers in blocks of 256 frames (5.3 ms
 * at 48 kHz) and posts each block's RMS per ear with its audio-clock time. The page turns
 * that into wall-clock time with `getOutputTimestamp()` (when that sample reaches the
 * output), so a test or benchmark can say exactly when a voice became audible or fell
 * silent at the listener's ears — also while the tab is hidden and its timers are throttled.
 *
 * A second input takes the voices as they arrive, before volume (a "dry" bus): only as a
 * reference, so a block's level at the ears can be compared with the model's gain while
 * the voice itself rises and falls (`dry` = RMS of the dry bus, mono).
 */

const PROCESSOR = "foyer-output-meter";
const BLOCK_FRAMES = 256;
/** Kept blocks: about a minute at 48 kHz. */
const KEEP = 12_000;

const WORKLET_SOURCE = `
class OutputMeter extends AudioWorkletProcessor {
  constructor() { super(); this.n = 0; this.l = 0; this.r = 0; this.d = 0; }
  process(inputs) {
    const input = inputs[0];
    const L = input && input[0];
    const R = input && (input[1] || input[0]);
    const dry = inputs[1] && inputs[1][0];
    const frames = L ? L.length : 128;
    if (L) for (let i = 0; i < frames; i++) { this.l += L[i] * L[i]; this.r += R[i] * R[i]; }
    if (dry) for (let i = 0; i < dry.length; i++) this.d += dry[i] * dry[i];
    this.n += frames;
    if (this.n >= ${BLOCK_FRAMES}) {
      this.port.postMessage([currentTime + frames / sampleRate, Math.sqrt(this.l / this.n), Math.sqrt(this.r / this.n), Math.sqrt(this.d / this.n)]);
      this.n = 0; this.l = 0; this.r = 0; this.d = 0;
    }
    return true;
  }
}
registerProcessor("${PROCESSOR}", OutputMeter);
`;

/** One block of output: when it ends (ms since the epoch, like Date.now()), RMS per ear, RMS of the dry voices. */
export interface OutputBlock {
  at: number;
  left: number;
  right: number;
  dry: number;
}

export class OutputMeter {
  readonly #ctx: AudioContext;
  readonly #blocks: OutputBlock[] = [];

  private constructor(ctx: AudioContext, node: AudioWorkletNode) {
    this.#ctx = ctx;
    node.port.onmessage = (e: MessageEvent<unknown>) => {
      const d = e.data;
      if (!Array.isArray(d) || d.length !== 4) return;
      const [t, left, right, dry] = d;
      if (typeof t !== "number" || typeof left !== "number" || typeof right !== "number" || typeof dry !== "number") return;
      this.#blocks.push({ at: this.#wallTime(t), left, right, dry });
      if (this.#blocks.length > KEEP) this.#blocks.splice(0, this.#blocks.length - KEEP);
    };
  }

  /** `from`: the output bus; `dry`: the voices before volume (reference only). */
  static async open(ctx: AudioContext, from: AudioNode, dry: AudioNode): Promise<OutputMeter> {
    const url = URL.createObjectURL(new Blob([WORKLET_SOURCE], { type: "text/javascript" }));
    try {
      await ctx.audioWorklet.addModule(url);
    } finally {
      URL.revokeObjectURL(url);
    }
    const node = new AudioWorkletNode(ctx, PROCESSOR, { numberOfInputs: 2, numberOfOutputs: 1, outputChannelCount: [2], channelCount: 2, channelCountMode: "explicit" });
    from.connect(node, 0, 0);
    dry.connect(node, 0, 1);
    // Pulled by the destination; it writes nothing to its output, so nothing is added to the mix.
    node.connect(ctx.destination);
    return new OutputMeter(ctx, node);
  }

  /** Audio-clock seconds → ms since the epoch at which that sample is played out. */
  #wallTime(contextTime: number): number {
    const ts = this.#ctx.getOutputTimestamp();
    if (ts.contextTime !== undefined && ts.performanceTime !== undefined && ts.performanceTime > 0) {
      return performance.timeOrigin + ts.performanceTime + (contextTime - ts.contextTime) * 1000;
    }
    return performance.timeOrigin + performance.now();
  }

  /** The blocks measured since `sinceMs` (ms since the epoch), oldest first. */
  since(sinceMs: number): OutputBlock[] {
    let lo = 0;
    let hi = this.#blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#blocks[mid]!.at < sinceMs) lo = mid + 1;
      else hi = mid;
    }
    return this.#blocks.slice(lo);
  }
}

/**
 * Name labels of people standing close together would cover each other, and the people
 * behind (a coffee corner is exactly where that happens). Each label sits centred above
 * its avatar; when it would cover another label or someone's figure, it is lifted above
 * them — the labels of people further back first — so every name stays readable and
 * every person visible (the scene draws a thin line from a lifted label to its head).
 * Pure: boxes in, lifts out.
 */

export interface LabelBox {
  /** Centre x of the label. */
  x: number;
  /** Bottom edge of the label at its normal place (it grows upwards from here). */
  bottom: number;
  width: number;
  height: number;
}

/** Where a person's figure is drawn, in the same pixels. */
export interface FigureBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Gap kept between stacked labels, in pixels. */
const GAP = 1;
/** A label climbs at most this many other labels (a packed crowd stays legible near the front). */
const MAX_ROWS = 8;

/** For each label, how many pixels to lift it so it covers no other label and no figure. */
export function stackLabels(labels: readonly LabelBox[], figures: readonly FigureBox[] = []): number[] {
  const lifts = new Array<number>(labels.length).fill(0);
  // Front-most first (largest bottom): they keep their place, those behind move up.
  const order = labels.map((_, i) => i).sort((a, b) => labels[b]!.bottom - labels[a]!.bottom || labels[a]!.x - labels[b]!.x);
  const placed: FigureBox[] = [...figures];
  for (const i of order) {
    const l = labels[i]!;
    const left = l.x - l.width / 2;
    const right = l.x + l.width / 2;
    let bottom = l.bottom;
    // Rise past every placed label or figure it collides with; each pass places it above
    // one of them. In a crowd, stop after a few rows rather than build a tower.
    for (let pass = 0; pass <= Math.min(placed.length, MAX_ROWS); pass++) {
      const top = bottom - l.height;
      const hit = placed.find((p) => left < p.right && right > p.left && top < p.bottom && bottom > p.top);
      if (!hit) break;
      bottom = hit.top - GAP;
    }
    lifts[i] = l.bottom - bottom;
    placed.push({ left, right, top: bottom - l.height, bottom });
  }
  return lifts;
}

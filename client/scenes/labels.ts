/**
 * Name labels of people standing close together would cover each other (a coffee corner
 * is exactly where that happens). Each label sits centred above its avatar; when two
 * overlap, the one further back (higher up on screen) is lifted above the other, so every
 * name stays readable. Pure: boxes in, lifts out; the scene applies them.
 */

export interface LabelBox {
  /** Centre x of the label. */
  x: number;
  /** Bottom edge of the label at its normal place (it grows upwards from here). */
  bottom: number;
  width: number;
  height: number;
}

/** Gap kept between stacked labels, in pixels. */
const GAP = 1;
/** A label climbs at most this many other labels (a packed crowd stays legible near the front). */
const MAX_ROWS = 6;

/** For each label, how many pixels to lift it so no two labels overlap. */
export function stackLabels(labels: readonly LabelBox[]): number[] {
  const lifts = new Array<number>(labels.length).fill(0);
  // Front-most first (largest bottom): they keep their place, those behind move up.
  const order = labels.map((_, i) => i).sort((a, b) => labels[b]!.bottom - labels[a]!.bottom || labels[a]!.x - labels[b]!.x);
  const placed: { left: number; right: number; top: number; bottom: number }[] = [];
  for (const i of order) {
    const l = labels[i]!;
    const left = l.x - l.width / 2;
    const right = l.x + l.width / 2;
    let bottom = l.bottom;
    // Rise past every placed label it collides with; each pass places it above one of
    // them. In a crowd, stop after a few rows rather than build a tower.
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

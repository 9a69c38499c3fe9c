/**
 * The roof terrace, the default venue's second floor (slug "terrace"): a teak deck behind
 * a glass balustrade, a brick façade with a rooftop bar, a lawn with a fire pit, picnic
 * tables, bistro tables under parasols and a lounge facing the sunset, under festoon lights.
 *
 *   y 0-1   façade of the building (brick, green walls, the bar's glass doors)
 *   y 2-12  lawn + "Garden corner" (west) | stairs down (centre) | bar + parasols (east)
 *   y 13-26 picnic tables (west, centre) | "Sunset lounge" (east)
 *   edges   glass balustrade on the roof edge (x 0, x 39, y 27)
 *
 * The stairs come up through an opening in the deck; their lower steps are a `portal`
 * back to the main floor, and "Top of the stairs" (where people arrive) is north of them.
 */
import {
  MAIN_ARRIVAL,
  Plan,
  type PropValue,
  TERRACE_ARRIVAL,
  TERRACE_PORTAL,
} from "./venue.ts";

export const TERRACE_WIDTH = 40;
export const TERRACE_HEIGHT = 28;

/** Picnic table (3×2) with benches on both long sides in a 9×6 table zone. */
function picnicTable(p: Plan, cx: number, zy: number, topic: string, ends: boolean): void {
  const tx = cx - 1;
  const ty = zy + 2;
  p.sprite("picnic_table", tx, ty, 3, 2);
  for (const by of [ty - 1, ty + 2]) {
    p.put("furniture", tx, by, "picnic_bench_l");
    p.put("furniture", tx + 1, by, "picnic_bench_c");
    p.put("furniture", tx + 2, by, "picnic_bench_r");
  }
  let seats = 6;
  if (ends) {
    p.put("furniture", tx - 1, ty, "deckchair_teal_right");
    p.put("furniture", tx + 3, ty, "deckchair_teal_left");
    seats += 2;
  }
  p.zone({ name: topic, cls: "table", x: cx - 4, y: zy, w: 9, h: 6, props: { seats, topic } });
}

/** Bistro table under a parasol (canopy drawn above avatars), a chair either side. */
function parasolTable(p: Plan, x: number, y: number, colour: "coral" | "teal"): void {
  p.put("furniture", x, y, "parasol_table");
  for (let r = 0; r < 2; r++) for (let c = 0; c < 3; c++) p.put("decor", x - 1 + c, y - 2 + r, `parasol_${colour}.${c}.${r}`);
  p.put("furniture", x - 1, y, "chair_right");
  p.put("furniture", x + 1, y, "chair_left");
}

function lawn(p: Plan, x: number, y: number, w: number, h: number): void {
  for (let yy = 0; yy < h; yy++) {
    for (let xx = 0; xx < w; xx++) {
      const v = yy === 0 ? "n" : yy === h - 1 ? "s" : "";
      const hz = xx === 0 ? "w" : xx === w - 1 ? "e" : "";
      const flowers = (x + xx) * 5 + (y + yy) * 3;
      p.floor[p.i(x + xx, y + yy)] = `lawn_${v + hz || (flowers % 7 === 0 ? "c2" : "c")}`;
    }
  }
}

function lights(p: Plan, y: number, x0: number, x1: number): void {
  for (let x = x0; x <= x1; x++) p.put("decor", x, y, "lights");
}

export function buildTerracePlan(): Plan {
  const W = TERRACE_WIDTH;
  const H = TERRACE_HEIGHT;
  const p = new Plan(W, H);
  const boards = ["deck", "deck2", "deck", "deck3"] as const;
  p.fillFloor(0, 0, W, H, (x, y) => boards[(x * 5 + y * 3) % 4] ?? "deck");

  // ---- the building's façade along the north side
  p.setWall(0, 0, W, 2);
  const facade: Record<number, string> = {
    2: "face_green1",
    3: "face_green2",
    4: "face_green1",
    6: "face_brick_lantern",
    10: "face_green2",
    11: "face_green1",
    13: "face_brick_lantern",
    16: "face_brick_lantern",
    23: "face_brick_lantern",
    25: "face_glassdoor_l",
    26: "face_glassdoor_r",
    28: "face_brick_lantern",
    33: "face_brick_lantern",
    35: "face_green1",
    36: "face_green2",
    37: "face_green1",
  };
  for (let x = 0; x < W; x++) p.face(x, 1, facade[x] ?? "face_brick");

  // ---- glass balustrade on the roof edge
  for (let y = 2; y < H - 1; y++) {
    p.put("furniture", 0, y, "roofrail_w");
    p.put("furniture", W - 1, y, "roofrail_e");
  }
  for (let x = 1; x < W - 1; x++) p.put("furniture", x, H - 1, "roofrail_s");
  p.put("furniture", 0, H - 1, "roofrail_sw");
  p.put("furniture", W - 1, H - 1, "roofrail_se");

  // ---- the stairs: an opening in the deck, steps rising north, banisters either side,
  // planters closing the low end; arrivals appear on the deck just north of the flight
  const sx = 18;
  const sy = 4;
  for (let r = 0; r < 3; r++) p.run(sx, sy + r, 4, `stairs_down_${r}`);
  for (let r = 0; r < 3; r++) {
    const end = r === 0 ? "top" : "none";
    p.put("furniture", sx - 1, sy + r, `banister_l_${end}`);
    p.put("furniture", sx + 4, sy + r, `banister_r_${end}`);
  }
  p.sprite("planter_flowers", sx - 1, sy + 3, 2, 1);
  p.sprite("planter_lavender", sx + 1, sy + 3, 2, 1);
  p.sprite("planter_flowers", sx + 3, sy + 3, 2, 1);
  p.zone({ name: TERRACE_ARRIVAL, cls: "spawn", x: sx - 1, y: 2, w: 6, h: 2, props: {} });
  p.zone({
    name: TERRACE_PORTAL,
    cls: "portal",
    x: sx,
    y: sy + 1,
    w: 4,
    h: 2,
    props: { target: "main", targetSpawn: MAIN_ARRIVAL },
  });

  // ---- lawn with the fire pit corner (north-west)
  lawn(p, 2, 3, 12, 10);
  const gx = 3;
  const gy = 4;
  p.sprite("sofa_sage_down", gx + 3, gy + 1, 2, 1);
  p.sprite("firepit", gx + 3, gy + 3, 2, 1);
  p.put("furniture", gx + 1, gy + 3, "deckchair_sand_right");
  p.put("furniture", gx + 6, gy + 3, "deckchair_sand_left");
  p.tall("plant_palm", gx + 1, gy + 1);
  p.put("furniture", gx + 6, gy + 1, "planter_small");
  const corner: Record<string, PropValue> = { capacity: 6 };
  p.zone({ name: "Garden corner", cls: "coffee-corner", x: gx, y: gy, w: 8, h: 7, props: corner });
  p.tall("plant_tall", 12, 4);
  p.tall("plant_palm", 12, 11);
  p.put("furniture", 2, 12, "planter_small");
  p.sprite("planter_lavender", 1, 2, 2, 1);

  // ---- rooftop bar and parasols (north-east)
  p.put("furniture", 28, 2, "counter.0.0");
  p.put("furniture", 29, 2, "counter_machine");
  p.put("furniture", 30, 2, "counter.1.0");
  p.put("furniture", 31, 2, "counter_cups");
  p.put("furniture", 32, 2, "counter_pastry");
  p.put("furniture", 33, 2, "counter.2.0");
  for (const x of [29, 31, 33]) p.put("furniture", x, 3, "chair_up");
  parasolTable(p, 27, 8, "coral");
  parasolTable(p, 35, 8, "teal");
  parasolTable(p, 31, 11, "coral");
  p.sprite("planter_lavender", 37, 2, 2, 1);
  p.tall("plant_palm", 24, 3);
  p.put("furniture", 38, 12, "planter_small");

  // ---- picnic tables (south-west, south-centre)
  picnicTable(p, 6, 15, "Side projects", true);
  picnicTable(p, 17, 15, "Remote & hybrid work", false);
  p.tall("plant_tall", 11, 16);
  p.tall("plant_tall", 22, 16);

  // ---- sunset lounge (south-east), open to overhearing
  const lx = 29;
  const ly = 17;
  p.rug("rugSky", lx + 1, ly + 1, 6, 5);
  p.sprite("sofa_coral_down", lx + 3, ly + 1, 2, 1);
  p.put("furniture", lx + 1, ly + 3, "armchair_coral_right");
  p.put("furniture", lx + 6, ly + 3, "armchair_coral_left");
  p.sprite("coffeetable", lx + 3, ly + 3, 2, 1);
  p.tall("plant_palm", lx + 1, ly + 1);
  p.put("furniture", lx + 6, ly + 1, "planter_small");
  p.zone({
    name: "Sunset lounge",
    cls: "coffee-corner",
    x: lx,
    y: ly,
    w: 8,
    h: 7,
    props: { capacity: 8, overhear: true },
  });
  p.put("furniture", 31, 25, "deckchair_sand_down");
  p.put("furniture", 34, 25, "deckchair_sand_down");

  // ---- planters along the balustrade, a tree in the open middle
  lawn(p, 1, 24, 27, 3);
  for (const x of [3, 9, 14, 24]) p.sprite(x % 2 === 0 ? "planter_lavender" : "planter_flowers", x, 26, 2, 1);
  p.tall("plant_tall", 7, 26);
  p.tall("plant_palm", 19, 26);
  p.sprite("planter_flowers", 37, 26, 2, 1);
  p.sprite("planter_lavender", 37, 15, 2, 1);
  p.put("furniture", 1, 21, "planter_small");
  p.tall("plant_palm", 25, 21);

  // ---- festoon lights strung across the deck
  lights(p, 13, 1, 38);
  lights(p, 22, 1, 38);

  p.resolveWalls();
  return p;
}

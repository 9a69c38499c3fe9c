/**
 * The floor editor for hosts: paint tiles on a layer, draw and edit zones, see what
 * the validator would refuse before saving, undo/redo, save & publish (people on the
 * floor see it at once), browse and restore earlier versions. Edits are the pure
 * operations of shared/map/edit.ts; validation is the same parseFloor the server runs.
 */
import { TILE_SIZE } from "../../shared/constants.ts";
import {
  addZone,
  draftOf,
  History,
  paintTiles,
  removeZone,
  tileLayers,
  updateZone,
  zonesOf,
  type ZoneDraft,
} from "../../shared/map/edit.ts";
import { FloorError, parseFloor } from "../../shared/map/parse.ts";
import { tilesetImagePath } from "../../shared/map/images.ts";
import { importTiled, type TiledMap } from "../../shared/map/tiled.ts";
import { $, toast } from "../ui/dom.ts";

type Tool = "paint" | "erase" | "zone" | "select";

interface TilesetRef {
  firstGid: number;
  columns: number;
  tileCount: number;
  image: HTMLImageElement;
}

const ZONE_COLOURS: Record<string, string> = {
  spawn: "#22c55e",
  "coffee-corner": "#f59e0b",
  table: "#06b6d4",
  stage: "#ec4899",
  audience: "#8b5cf6",
  silent: "#64748b",
  portal: "#3b82f6",
};

const state = {
  venue: "",
  floor: "",
  version: 0,
  history: null as History<TiledMap> | null,
  saved: null as TiledMap | null,
  tool: "paint" as Tool,
  layer: "",
  gid: 1,
  tilesets: [] as TilesetRef[],
  selectedZone: null as number | null,
  drag: null as null | { x0: number; y0: number; x1: number; y1: number; painted: Map<string, { tx: number; ty: number }> },
  preview: null as TiledMap | null,
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const res = await fetch(path, {
    credentials: "same-origin",
    ...rest,
    headers: json !== undefined ? { "Content-Type": "application/json" } : undefined,
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new HttpError(res.status, body.error ?? `${res.status} ${res.statusText}`);
  return body as T;
}

const map = (): TiledMap => state.preview ?? state.history!.present;

// ---------------------------------------------------------------- sign-in

async function ensureSignedIn(): Promise<void> {
  try {
    await api("/api/auth/me");
    return;
  } catch (err) {
    if (!(err instanceof HttpError) || err.status !== 401) throw err;
  }
  const form = $<HTMLFormElement>("login");
  form.classList.remove("hidden");
  $("login-email").focus();
  await new Promise<void>((resolve) => {
    const attempt = async (signup: boolean) => {
      const email = $<HTMLInputElement>("login-email").value;
      const password = $<HTMLInputElement>("login-password").value;
      const displayName = $<HTMLInputElement>("login-name").value || email.split("@")[0] || "Host";
      try {
        await api(signup ? "/api/auth/signup" : "/api/auth/login", { method: "POST", json: signup ? { email, password, displayName } : { email, password } });
        form.classList.add("hidden");
        resolve();
      } catch (err) {
        $("login-error").textContent = err instanceof Error ? err.message : String(err);
      }
    };
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void attempt(false);
    });
    $("signup-button").addEventListener("click", () => void attempt(true));
  });
}

// ---------------------------------------------------------------- loading

async function loadVenues(): Promise<void> {
  const { venues } = await api<{ venues: { slug: string; name: string }[] }>("/api/venues");
  const params = new URLSearchParams(location.search);
  if (venues.length === 0) {
    const name = prompt("You have no venue yet. Name your venue:", "My venue") ?? "My venue";
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || `venue-${Date.now() % 100000}`;
    await api("/api/venues", { method: "POST", json: { name, slug } });
    const template = await api<{ map: unknown }>("/api/floors/main?venue=foyer");
    await api(`/api/venues/${slug}/floors`, { method: "POST", json: { slug: "main", name: "Main hall", map: template.map } });
    return loadVenues();
  }
  const select = $<HTMLSelectElement>("venue-select");
  select.replaceChildren(...venues.map((v) => new Option(v.name, v.slug)));
  select.value = venues.some((v) => v.slug === params.get("venue")) ? params.get("venue")! : venues[0]!.slug;
  select.onchange = () => void openVenue(select.value);
  await openVenue(select.value, params.get("floor") ?? undefined);
}

async function openVenue(venue: string, floor?: string): Promise<void> {
  const { venue: v } = await api<{ venue: { floors: { slug: string; name: string }[] } }>(`/api/venues/${venue}`);
  state.venue = venue;
  const select = $<HTMLSelectElement>("floor-select");
  select.replaceChildren(...v.floors.map((f) => new Option(f.name, f.slug)));
  select.value = floor && v.floors.some((f) => f.slug === floor) ? floor : v.floors[0]?.slug ?? "";
  select.onchange = () => void openFloor(select.value);
  if (select.value) await openFloor(select.value);
}

async function openFloor(floor: string): Promise<void> {
  const { floor: f } = await api<{ floor: { version: number; map: TiledMap } }>(`/api/venues/${state.venue}/floors/${floor}`);
  state.floor = floor;
  state.version = f.version;
  state.saved = f.map;
  state.history = new History(f.map);
  state.selectedZone = null;
  history.replaceState(null, "", `?venue=${state.venue}&floor=${floor}`);
  $<HTMLAnchorElement>("open-floor").href = `/?venue=${state.venue}&floor=${floor}`;
  $<HTMLAnchorElement>("export-floor").href = `/api/venues/${state.venue}/floors/${floor}/export`;
  // The tileset images go next to the exported .tmj; offer each one as a download.
  void api<{ images: { file: string; url: string }[] }>(`/api/venues/${state.venue}/floors/${floor}/export?images`).then(({ images }) => {
    $("export-images").replaceChildren(
      ...images.map((img) => Object.assign(document.createElement("a"), { href: img.url, download: img.file, textContent: `+ ${img.file}` })),
    );
  });
  await loadTilesets(f.map);
  const layers = tileLayers(f.map).map((l) => l.path);
  const layerSelect = $<HTMLSelectElement>("layer-select");
  layerSelect.replaceChildren(...layers.map((p) => new Option(p, p)));
  state.layer = layers.includes("walls") ? "walls" : layers[0] ?? "";
  layerSelect.value = state.layer;
  layerSelect.onchange = () => (state.layer = layerSelect.value);
  await loadVersions();
  changed();
}

async function loadTilesets(m: TiledMap): Promise<void> {
  const list = (m.tilesets as { firstgid: number; image?: string; columns?: number; tilecount?: number }[] | undefined) ?? [];
  state.tilesets = await Promise.all(
    list.map(
      (ts) =>
        new Promise<TilesetRef>((resolve, reject) => {
          const image = new Image();
          image.onload = () =>
            resolve({
              firstGid: ts.firstgid,
              columns: ts.columns ?? Math.floor(image.width / TILE_SIZE),
              tileCount: ts.tilecount ?? Math.floor(image.width / TILE_SIZE) * Math.floor(image.height / TILE_SIZE),
              image,
            });
          image.onerror = () => reject(new Error(`tileset image ${ts.image} could not be loaded`));
          image.src = tilesetImagePath(ts.image ?? "");
        }),
    ),
  );
  drawPalette();
}

async function loadVersions(): Promise<void> {
  const { versions } = await api<{ versions: { version: number; createdAt: string; note: string | null }[] }>(
    `/api/venues/${state.venue}/floors/${state.floor}/versions`,
  );
  const list = $("versions");
  list.replaceChildren(
    ...versions
      .sort((a, b) => b.version - a.version)
      .map((v) => {
        const li = document.createElement("li");
        const label = document.createElement("span");
        label.textContent = `v${v.version} · ${new Date(v.createdAt).toLocaleString()}${v.note ? ` · ${v.note}` : ""}${v.version === state.version ? " (live)" : ""}`;
        li.append(label);
        if (v.version !== state.version) {
          const view = document.createElement("button");
          view.type = "button";
          view.textContent = "View";
          view.onclick = async () => {
            const old = await api<{ map: TiledMap }>(`/api/venues/${state.venue}/floors/${state.floor}/versions/${v.version}`);
            state.history!.push(old.map);
            changed();
            toast(`Showing version ${v.version}. Save & publish to make it live, or Undo.`);
          };
          const restore = document.createElement("button");
          restore.type = "button";
          restore.textContent = "Restore";
          restore.dataset.version = String(v.version);
          restore.onclick = async () => {
            await api(`/api/venues/${state.venue}/floors/${state.floor}/versions/${v.version}/restore`, {
              method: "POST",
              json: { expectedVersion: state.version },
            });
            toast(`Version ${v.version} restored and published.`);
            await openFloor(state.floor);
          };
          li.append(view, restore);
        }
        return li;
      }),
  );
}

// ---------------------------------------------------------------- drawing

function tileImage(gid: number): { image: HTMLImageElement; sx: number; sy: number } | null {
  const g = gid & 0x0fffffff;
  for (let i = state.tilesets.length - 1; i >= 0; i--) {
    const ts = state.tilesets[i]!;
    if (g >= ts.firstGid && g < ts.firstGid + ts.tileCount) {
      const idx = g - ts.firstGid;
      return { image: ts.image, sx: (idx % ts.columns) * TILE_SIZE, sy: Math.floor(idx / ts.columns) * TILE_SIZE };
    }
  }
  return null;
}

function drawMap(): void {
  const m = map();
  const canvas = $<HTMLCanvasElement>("map");
  canvas.width = m.width * TILE_SIZE;
  canvas.height = m.height * TILE_SIZE;
  const ctx = canvas.getContext("2d")!;
  ctx.imageSmoothingEnabled = false;
  ctx.fillStyle = "#2b2d3a";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (const { layer } of tileLayers(m)) {
    if (layer.visible === false) continue;
    ctx.globalAlpha = layer.opacity ?? 1;
    const data = layer.data!;
    for (let i = 0; i < data.length; i++) {
      const gid = data[i]!;
      if (!gid) continue;
      const t = tileImage(gid);
      if (t) ctx.drawImage(t.image, t.sx, t.sy, TILE_SIZE, TILE_SIZE, (i % m.width) * TILE_SIZE, Math.floor(i / m.width) * TILE_SIZE, TILE_SIZE, TILE_SIZE);
    }
  }
  ctx.globalAlpha = 1;
  ctx.strokeStyle = "rgba(255,255,255,0.08)";
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let x = 0; x <= m.width; x++) {
    ctx.moveTo(x * TILE_SIZE + 0.5, 0);
    ctx.lineTo(x * TILE_SIZE + 0.5, canvas.height);
  }
  for (let y = 0; y <= m.height; y++) {
    ctx.moveTo(0, y * TILE_SIZE + 0.5);
    ctx.lineTo(canvas.width, y * TILE_SIZE + 0.5);
  }
  ctx.stroke();
  ctx.font = "bold 12px system-ui, sans-serif";
  for (const o of zonesOf(m)) {
    const d = draftOf(o);
    const colour = ZONE_COLOURS[d.kind] ?? "#ef4444";
    const selected = o.id === state.selectedZone;
    ctx.fillStyle = colour + (selected ? "44" : "22");
    ctx.fillRect(d.x * TILE_SIZE, d.y * TILE_SIZE, d.w * TILE_SIZE, d.h * TILE_SIZE);
    ctx.strokeStyle = colour;
    ctx.lineWidth = selected ? 3 : 2;
    ctx.strokeRect(d.x * TILE_SIZE + 1, d.y * TILE_SIZE + 1, d.w * TILE_SIZE - 2, d.h * TILE_SIZE - 2);
    const label = `${d.name} (${d.kind}${d.kind === "table" ? ` · ${d.props.seats ?? "?"} seats` : ""})`;
    const w = ctx.measureText(label).width + 8;
    ctx.fillStyle = colour;
    ctx.fillRect(d.x * TILE_SIZE + 2, d.y * TILE_SIZE + 2, w, 16);
    ctx.fillStyle = "white";
    ctx.fillText(label, d.x * TILE_SIZE + 6, d.y * TILE_SIZE + 14);
  }
  if (state.drag && state.tool === "zone") {
    const r = dragRect();
    ctx.strokeStyle = "#ffe28a";
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 2;
    ctx.strokeRect(r.x * TILE_SIZE, r.y * TILE_SIZE, r.w * TILE_SIZE, r.h * TILE_SIZE);
    ctx.setLineDash([]);
  }
}

function drawPalette(): void {
  const ts = state.tilesets[0];
  const canvas = $<HTMLCanvasElement>("palette");
  if (!ts) return;
  const scale = 1;
  canvas.width = ts.image.width * scale;
  canvas.height = ts.image.height * scale;
  const ctx = canvas.getContext("2d")!;
  ctx.imageSmoothingEnabled = false;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(ts.image, 0, 0);
  const idx = state.gid - ts.firstGid;
  if (idx >= 0 && idx < ts.tileCount) {
    ctx.strokeStyle = "#e07a3f";
    ctx.lineWidth = 3;
    ctx.strokeRect((idx % ts.columns) * TILE_SIZE + 1.5, Math.floor(idx / ts.columns) * TILE_SIZE + 1.5, TILE_SIZE - 3, TILE_SIZE - 3);
  }
  $("tile-info").textContent = `tile ${state.gid}`;
}

// ---------------------------------------------------------------- validation & status

function changed(): void {
  drawMap();
  const list = $("problems");
  let problems: string[] = [];
  try {
    parseFloor(map());
  } catch (err) {
    problems = err instanceof FloorError ? err.problems.map((p) => `${p.where}: ${p.problem}`) : [String(err)];
  }
  list.replaceChildren(
    ...(problems.length
      ? problems.map((p) => {
          const li = document.createElement("li");
          li.textContent = p;
          return li;
        })
      : [Object.assign(document.createElement("li"), { className: "ok", textContent: "No problems — ready to publish." })]),
  );
  $("problem-count").textContent = problems.length ? `(${problems.length})` : "";
  const dirty = state.history!.present !== state.saved;
  const status = $("status");
  status.textContent = dirty ? `Unsaved changes · live version ${state.version}` : `Live version ${state.version}`;
  status.classList.toggle("dirty", dirty);
  $<HTMLButtonElement>("publish").disabled = problems.length > 0 || !dirty;
  $<HTMLButtonElement>("undo").disabled = !state.history!.canUndo;
  $<HTMLButtonElement>("redo").disabled = !state.history!.canRedo;
  renderZonePanel();
}

async function publish(): Promise<void> {
  try {
    const res = await api<{ floor: { version: number } }>(`/api/venues/${state.venue}/floors/${state.floor}`, {
      method: "PUT",
      json: { map: state.history!.present, expectedVersion: state.version },
    });
    state.version = res.floor.version;
    state.saved = state.history!.present;
    toast(`Published version ${state.version}. People on this floor see it now.`);
    await loadVersions();
    changed();
  } catch (err) {
    toast(`Not published: ${err instanceof Error ? err.message : String(err)}`, "warn");
  }
}

// ---------------------------------------------------------------- zones panel

const FIELDS: Record<string, { key: string; label: string; type: "int" | "bool" | "string" }[]> = {
  "coffee-corner": [
    { key: "capacity", label: "Capacity (people, optional)", type: "int" },
    { key: "overhear", label: "Overhear: people close by hear a faint version", type: "bool" },
  ],
  table: [
    { key: "seats", label: "Seats", type: "int" },
    { key: "topic", label: "Topic", type: "string" },
    { key: "overhear", label: "Overhear", type: "bool" },
  ],
  stage: [{ key: "audience", label: "Audience zone name(s), comma-separated", type: "string" }],
  portal: [
    { key: "target", label: "Target floor (slug)", type: "string" },
    { key: "targetSpawn", label: "Arrive at spawn (name, optional)", type: "string" },
  ],
};

function selectedDraft(): ZoneDraft | null {
  const o = zonesOf(map()).find((z) => z.id === state.selectedZone);
  return o ? draftOf(o) : null;
}

function renderZonePanel(): void {
  const d = selectedDraft();
  $("zone-panel").classList.toggle("hidden", !d);
  if (!d) return;
  const name = $<HTMLInputElement>("zone-name");
  const kind = $<HTMLSelectElement>("zone-kind");
  if (document.activeElement !== name) name.value = d.name;
  kind.value = d.kind;
  renderFields(d.kind, d.props);
}

function renderFields(kind: string, props: ZoneDraft["props"]): void {
  const box = $("zone-fields");
  box.replaceChildren(
    ...(FIELDS[kind] ?? []).flatMap((f) => {
      const label = document.createElement("label");
      label.textContent = f.label;
      label.htmlFor = `zf-${f.key}`;
      const input = document.createElement("input");
      input.id = `zf-${f.key}`;
      input.dataset.key = f.key;
      input.dataset.type = f.type;
      if (f.type === "bool") {
        input.type = "checkbox";
        input.checked = props[f.key] === true;
        input.style.width = "auto";
      } else {
        input.type = f.type === "int" ? "number" : "text";
        input.value = props[f.key] === undefined ? "" : String(props[f.key]);
      }
      return [label, input];
    }),
  );
}

function applyZone(): void {
  const id = state.selectedZone;
  const d = selectedDraft();
  if (id === null || !d) return;
  const kind = $<HTMLSelectElement>("zone-kind").value;
  const props: ZoneDraft["props"] = {};
  for (const input of $("zone-fields").querySelectorAll("input")) {
    const key = input.dataset.key!;
    if (input.dataset.type === "bool") {
      if (input.checked) props[key] = true;
    } else if (input.value.trim() !== "") {
      props[key] = input.dataset.type === "int" ? Number(input.value) : input.value.trim();
    }
  }
  state.history!.push(updateZone(state.history!.present, id, { ...d, name: $<HTMLInputElement>("zone-name").value.trim(), kind, props }));
  changed();
}

// ---------------------------------------------------------------- mouse & keys

function tileAt(ev: MouseEvent): { tx: number; ty: number } {
  const canvas = $<HTMLCanvasElement>("map");
  const r = canvas.getBoundingClientRect();
  return {
    tx: Math.floor(((ev.clientX - r.left) * (canvas.width / r.width)) / TILE_SIZE),
    ty: Math.floor(((ev.clientY - r.top) * (canvas.height / r.height)) / TILE_SIZE),
  };
}

function dragRect(): { x: number; y: number; w: number; h: number } {
  const d = state.drag!;
  return { x: Math.min(d.x0, d.x1), y: Math.min(d.y0, d.y1), w: Math.abs(d.x1 - d.x0) + 1, h: Math.abs(d.y1 - d.y0) + 1 };
}

function bindMap(): void {
  const canvas = $<HTMLCanvasElement>("map");
  canvas.addEventListener("mousedown", (ev) => {
    if (!state.history) return;
    const { tx, ty } = tileAt(ev);
    if (state.tool === "select") {
      const hit = zonesOf(map())
        .map((o) => ({ o, d: draftOf(o) }))
        .filter(({ d }) => tx >= d.x && ty >= d.y && tx < d.x + d.w && ty < d.y + d.h)
        .sort((a, b) => a.d.w * a.d.h - b.d.w * b.d.h)[0];
      state.selectedZone = hit?.o.id ?? null;
      changed();
      return;
    }
    state.drag = { x0: tx, y0: ty, x1: tx, y1: ty, painted: new Map() };
    strokeTo(tx, ty);
  });
  canvas.addEventListener("mousemove", (ev) => {
    if (!state.drag) return;
    const { tx, ty } = tileAt(ev);
    if (tx === state.drag.x1 && ty === state.drag.y1) return;
    state.drag.x1 = tx;
    state.drag.y1 = ty;
    strokeTo(tx, ty);
  });
  window.addEventListener("mouseup", () => {
    const drag = state.drag;
    if (!drag) return;
    state.drag = null;
    if (state.tool === "paint" || state.tool === "erase") {
      if (state.preview) state.history!.push(state.preview);
      state.preview = null;
    } else if (state.tool === "zone") {
      const x = Math.min(drag.x0, drag.x1);
      const y = Math.min(drag.y0, drag.y1);
      const w = Math.abs(drag.x1 - drag.x0) + 1;
      const h = Math.abs(drag.y1 - drag.y0) + 1;
      const n = zonesOf(state.history!.present).length + 1;
      const { map: next, id } = addZone(state.history!.present, { name: `Zone ${n}`, kind: "coffee-corner", x, y, w, h, props: {} });
      state.history!.push(next);
      state.selectedZone = id;
      state.tool = "select";
      syncTools();
    }
    changed();
  });
}

function strokeTo(tx: number, ty: number): void {
  const drag = state.drag!;
  if (state.tool === "paint" || state.tool === "erase") {
    drag.painted.set(`${tx},${ty}`, { tx, ty });
    state.preview = paintTiles(state.history!.present, state.layer, [...drag.painted.values()], state.tool === "erase" ? 0 : state.gid);
  }
  drawMap();
}

function syncTools(): void {
  for (const b of $("tools").querySelectorAll<HTMLButtonElement>("button")) b.setAttribute("aria-checked", String(b.dataset.tool === state.tool));
}

function bindUi(): void {
  for (const b of $("tools").querySelectorAll<HTMLButtonElement>("button")) {
    b.addEventListener("click", () => {
      state.tool = b.dataset.tool as Tool;
      syncTools();
    });
  }
  $("palette").addEventListener("click", (ev) => {
    const ts = state.tilesets[0];
    if (!ts) return;
    const r = (ev.target as HTMLCanvasElement).getBoundingClientRect();
    const col = Math.floor((ev.clientX - r.left) / TILE_SIZE);
    const row = Math.floor((ev.clientY - r.top) / TILE_SIZE);
    const idx = row * ts.columns + col;
    if (idx < ts.tileCount) {
      state.gid = ts.firstGid + idx;
      state.tool = "paint";
      syncTools();
      drawPalette();
    }
  });
  $("undo").addEventListener("click", () => {
    state.history!.undo();
    changed();
  });
  $("redo").addEventListener("click", () => {
    state.history!.redo();
    changed();
  });
  $("publish").addEventListener("click", () => void publish());
  $("zone-apply").addEventListener("click", applyZone);
  $("zone-kind").addEventListener("change", () => renderFields($<HTMLSelectElement>("zone-kind").value, selectedDraft()?.props ?? {}));
  $("zone-delete").addEventListener("click", () => {
    if (state.selectedZone === null) return;
    state.history!.push(removeZone(state.history!.present, state.selectedZone));
    state.selectedZone = null;
    changed();
  });
  $("logout").addEventListener("click", async () => {
    await api("/api/auth/logout", { method: "POST" });
    location.reload();
  });
  window.addEventListener("keydown", (ev) => {
    if (!(ev.ctrlKey || ev.metaKey) || !state.history) return;
    if ((ev.target as HTMLElement).tagName === "INPUT") return;
    if (ev.key === "z" && !ev.shiftKey) state.history.undo();
    else if (ev.key === "y" || (ev.key === "z" && ev.shiftKey)) state.history.redo();
    else return;
    ev.preventDefault();
    changed();
  });
  window.addEventListener("beforeunload", (ev) => {
    if (state.history && state.history.present !== state.saved) ev.preventDefault();
  });
}

const basename = (p: string) => p.split(/[\\/]/).pop() ?? p;

/**
 * Import Tiled files into the open floor as an unsaved draft: the map, its external
 * tilesets (.tsj) and their PNG images (uploaded as venue assets, image paths rewritten).
 * The same importer the server uses checks it, so problems show before publishing.
 */
async function importFiles(files: File[]): Promise<void> {
  const mapFile = files.find((f) => /\.(tmj|json)$/i.test(f.name));
  if (!mapFile) return toast("Choose a Tiled map (.tmj or .json) — with its .tsj tilesets and PNG images if it uses them.", "warn");
  const raw = JSON.parse(await mapFile.text()) as { tilesets?: { source?: string; image?: string }[] };
  const tsjByName = new Map<string, unknown>();
  for (const f of files.filter((f) => /\.tsj$/i.test(f.name))) tsjByName.set(f.name, JSON.parse(await f.text()));
  const tilesets: Record<string, unknown> = {};
  for (const ts of raw.tilesets ?? []) if (ts.source && tsjByName.has(basename(ts.source))) tilesets[ts.source] = tsjByName.get(basename(ts.source));
  const assetUrl = new Map<string, string>();
  for (const png of files.filter((f) => /\.png$/i.test(f.name))) {
    const res = await fetch(`/api/venues/${state.venue}/assets?name=${encodeURIComponent(png.name)}`, {
      method: "POST",
      headers: { "Content-Type": "image/png" },
      body: png,
    });
    if (!res.ok) return toast(`${png.name}: ${((await res.json().catch(() => ({}))) as { error?: string }).error ?? res.status}`, "warn");
    assetUrl.set(png.name, `/api/venues/${state.venue}/assets/${encodeURIComponent(png.name)}`);
  }
  let imported: TiledMap;
  try {
    imported = importTiled({ map: raw, tilesets }).map as unknown as TiledMap;
  } catch (err) {
    return toast(`Import refused: ${err instanceof Error ? err.message : String(err)}`, "warn");
  }
  for (const ts of (imported.tilesets as { image?: string }[] | undefined) ?? []) {
    const url = ts.image ? assetUrl.get(basename(ts.image)) : undefined;
    if (url) ts.image = url;
  }
  await loadTilesets(imported);
  state.history!.push(imported);
  state.selectedZone = null;
  const layers = tileLayers(imported).map((l) => l.path);
  $<HTMLSelectElement>("layer-select").replaceChildren(...layers.map((p) => new Option(p, p)));
  state.layer = layers[0] ?? "";
  changed();
  toast(`Imported ${mapFile.name}. Check it, then Save & publish.`);
}

async function main(): Promise<void> {
  $<HTMLInputElement>("import-files").addEventListener("change", (ev) => {
    const input = ev.target as HTMLInputElement;
    void importFiles([...(input.files ?? [])]).finally(() => (input.value = ""));
  });
  bindUi();
  bindMap();
  await ensureSignedIn();
  await loadVenues();
  (window as unknown as { editor: unknown }).editor = { state, publish, changed };
}

main().catch((err: unknown) => toast(`The editor could not start: ${err instanceof Error ? err.message : String(err)}`, "warn"));

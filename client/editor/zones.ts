/**
 * The zone panel: name, kind and the kind's own properties of the selected zone, as the
 * zone kinds registry (shared/map/zoneKinds.ts) declares them; Apply writes them into
 * the map, Delete removes the zone. A portal's target is picked from the venue's floors
 * and that floor's spawn zones, so it cannot lead nowhere.
 */
import { z } from "zod";
import { draftOf, removeZone, updateZone, zonesOf, type ZoneDraft } from "../../shared/map/edit.ts";
import { spawnNamesOf } from "../../shared/map/portals.ts";
import { ZONE_KINDS, zoneKind } from "../../shared/map/zoneKinds.ts";
import { $ } from "../ui/dom.ts";
import { fieldLabel, ZONE_KIND_STRINGS } from "../ui/zoneKindStrings.ts";
import { api } from "./api.ts";
import { historyOf, shownMap, type EditorState } from "./store.ts";
import { editorStrings } from "./strings.ts";

const floorMap = z.object({ floor: z.object({ version: z.number(), map: z.unknown() }) });
/** Spawn names of the venue's other floors, by "venue/floor", fetched when a portal needs them. */
const spawnCache = new Map<string, Promise<string[]>>();

/** Forget other floors' spawns (a floor was opened: they may have been edited meanwhile). */
export function forgetPortalTargets(): void {
  spawnCache.clear();
}

/** The spawn zones a portal to `floor` may arrive at: the draft's own, or the other floor's as published. */
function spawnsOf(state: EditorState, floor: string): Promise<string[]> {
  if (floor === state.floor) return Promise.resolve(zonesOf(shownMap(state)).filter((o) => draftOf(o).kind === "spawn").map((o) => o.name.trim() || `spawn ${o.id}`));
  const key = `${state.venue}/${floor}`;
  let names = spawnCache.get(key);
  if (!names) {
    names = api(`/api/venues/${state.venue}/floors/${floor}`, floorMap).then((f) => spawnNamesOf(f.floor.map), () => []);
    spawnCache.set(key, names);
  }
  return names;
}

/** Options of a select: `current` is kept (marked missing) if it is not among them. */
function options(select: HTMLSelectElement, choices: { value: string; label: string }[], current: string): void {
  const all = choices.some((c) => c.value === current) ? choices : [...choices, { value: current, label: editorStrings.portalMissing(current) }];
  select.replaceChildren(...all.map((c) => new Option(c.label, c.value)));
  select.value = current;
}

/** The portal's two pickers: target floor (the venue's floors) and spawn (that floor's spawns). */
function portalPickers(state: EditorState, props: ZoneDraft["props"]): HTMLElement[] {
  const make = (key: string, text: string) => {
    const label = Object.assign(document.createElement("label"), { textContent: text, htmlFor: `zf-${key}` });
    const select = Object.assign(document.createElement("select"), { id: `zf-${key}` });
    select.dataset.key = key;
    select.dataset.type = "text";
    return { label, select };
  };
  const floor = make("target", editorStrings.portalFloor);
  const spawn = make("targetSpawn", editorStrings.portalSpawn);
  const target = typeof props.target === "string" ? props.target : "";
  options(floor.select, [{ value: "", label: editorStrings.portalPickFloor }, ...state.floors.map((f) => ({ value: f.slug, label: `${f.name} (${f.slug})` }))], target);
  const fillSpawns = (wanted: string) => {
    const to = floor.select.value;
    options(spawn.select, [{ value: "", label: editorStrings.portalFirstSpawn }], wanted);
    if (!to) return;
    void spawnsOf(state, to).then((names) => {
      if (floor.select.value !== to) return;
      options(spawn.select, [{ value: "", label: editorStrings.portalFirstSpawn }, ...names.map((n) => ({ value: n, label: n }))], wanted);
    });
  };
  fillSpawns(typeof props.targetSpawn === "string" ? props.targetSpawn : "");
  floor.select.addEventListener("change", () => fillSpawns(""));
  return [floor.label, floor.select, spawn.label, spawn.select];
}

function selectedDraft(state: EditorState): ZoneDraft | null {
  const o = zonesOf(shownMap(state)).find((z) => z.id === state.selectedZone);
  return o ? draftOf(o) : null;
}

/** One input per property of `kind`, filled from `props`; ids are `zf-<property>`. */
function renderFields(state: EditorState, kind: string, props: ZoneDraft["props"]): void {
  if (kind === "portal") {
    $("zone-fields").replaceChildren(...portalPickers(state, props));
    return;
  }
  $("zone-fields").replaceChildren(
    ...(zoneKind(kind)?.properties ?? []).flatMap((f) => {
      const label = document.createElement("label");
      label.textContent = fieldLabel(kind, f.key, f.label);
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

/** Show the selected zone in the panel (hidden when none is selected). */
export function renderZonePanel(state: EditorState): void {
  const d = selectedDraft(state);
  $("zone-panel").classList.toggle("hidden", !d);
  if (!d) return;
  const name = $<HTMLInputElement>("zone-name");
  if (document.activeElement !== name) name.value = d.name;
  $<HTMLSelectElement>("zone-kind").value = d.kind;
  renderFields(state, d.kind, d.props);
}

/** Write the panel into the selected zone; false if no zone is selected. */
function applyZone(state: EditorState): boolean {
  const id = state.selectedZone;
  const d = selectedDraft(state);
  if (id === null || !d) return false;
  const kind = $<HTMLSelectElement>("zone-kind").value;
  const props: ZoneDraft["props"] = {};
  for (const input of $("zone-fields").querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select")) {
    const key = input.dataset.key!;
    if (input instanceof HTMLInputElement && input.dataset.type === "bool") {
      if (input.checked) props[key] = true;
    } else if (input.value.trim() !== "") {
      props[key] = input.dataset.type === "int" ? Number(input.value) : input.value.trim();
    }
  }
  const history = historyOf(state);
  history.push(updateZone(history.present, id, { ...d, name: $<HTMLInputElement>("zone-name").value.trim(), kind, props }));
  return true;
}

export function bindZonePanel(state: EditorState, hooks: { changed: () => void }): void {
  const kind = $<HTMLSelectElement>("zone-kind");
  kind.replaceChildren(...ZONE_KINDS.map((k) => new Option(`${ZONE_KIND_STRINGS.kinds[k.name].name} — ${ZONE_KIND_STRINGS.kinds[k.name].summary}`, k.name)));
  kind.addEventListener("change", () => renderFields(state, kind.value, selectedDraft(state)?.props ?? {}));
  $("zone-apply").addEventListener("click", () => {
    if (applyZone(state)) hooks.changed();
  });
  $("zone-delete").addEventListener("click", () => {
    if (state.selectedZone === null) return;
    const history = historyOf(state);
    history.push(removeZone(history.present, state.selectedZone));
    state.selectedZone = null;
    hooks.changed();
  });
}

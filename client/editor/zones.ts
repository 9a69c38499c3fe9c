/**
 * The zone panel: name, kind and the kind's own properties of the selected zone, as the
 * zone kinds registry (shared/map/zoneKinds.ts) declares them; Apply writes them into
 * the map, Delete removes the zone.
 */
import { draftOf, removeZone, updateZone, zonesOf, type ZoneDraft } from "../../shared/map/edit.ts";
import { ZONE_KINDS, zoneKind } from "../../shared/map/zoneKinds.ts";
import { $ } from "../ui/dom.ts";
import { historyOf, shownMap, type EditorState } from "./store.ts";

function selectedDraft(state: EditorState): ZoneDraft | null {
  const o = zonesOf(shownMap(state)).find((z) => z.id === state.selectedZone);
  return o ? draftOf(o) : null;
}

/** One input per property of `kind`, filled from `props`; ids are `zf-<property>`. */
function renderFields(kind: string, props: ZoneDraft["props"]): void {
  $("zone-fields").replaceChildren(
    ...(zoneKind(kind)?.properties ?? []).flatMap((f) => {
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

/** Show the selected zone in the panel (hidden when none is selected). */
export function renderZonePanel(state: EditorState): void {
  const d = selectedDraft(state);
  $("zone-panel").classList.toggle("hidden", !d);
  if (!d) return;
  const name = $<HTMLInputElement>("zone-name");
  if (document.activeElement !== name) name.value = d.name;
  $<HTMLSelectElement>("zone-kind").value = d.kind;
  renderFields(d.kind, d.props);
}

/** Write the panel into the selected zone; false if no zone is selected. */
function applyZone(state: EditorState): boolean {
  const id = state.selectedZone;
  const d = selectedDraft(state);
  if (id === null || !d) return false;
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
  const history = historyOf(state);
  history.push(updateZone(history.present, id, { ...d, name: $<HTMLInputElement>("zone-name").value.trim(), kind, props }));
  return true;
}

export function bindZonePanel(state: EditorState, hooks: { changed: () => void }): void {
  const kind = $<HTMLSelectElement>("zone-kind");
  kind.replaceChildren(...ZONE_KINDS.map((k) => new Option(`${k.label} — ${k.summary}`, k.name)));
  kind.addEventListener("change", () => renderFields(kind.value, selectedDraft(state)?.props ?? {}));
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

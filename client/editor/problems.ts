/**
 * The problems panel and the status line: what the server's own parseFloor would refuse
 * in the map as it stands, whether there are unsaved changes, and so whether Save &
 * publish, Undo and Redo can be pressed.
 */
import { FloorError, parseFloor } from "../../shared/map/parse.ts";
import { $ } from "../ui/dom.ts";
import { historyOf, shownMap, type EditorState } from "./store.ts";
import { editorStrings } from "./strings.ts";

/** Every problem in the map, as "where: what"; empty when it would be accepted. */
function problemsIn(map: unknown): string[] {
  try {
    parseFloor(map);
    return [];
  } catch (err) {
    return err instanceof FloorError ? err.problems.map((p) => `${p.where}: ${p.problem}`) : [String(err)];
  }
}

export function renderProblems(state: EditorState): void {
  const history = historyOf(state);
  const problems = problemsIn(shownMap(state));
  const { refusals, warnings } = state.notices;
  const item = (className: string, textContent: string) => Object.assign(document.createElement("li"), { className, textContent });
  const refused = refusals.filter((r) => !problems.includes(r));
  $("problems").replaceChildren(
    ...refused.map((p) => item("refused", editorStrings.refused(p))),
    ...problems.map((p) => item("", p)),
    ...(problems.length || refused.length ? [] : [item("ok", editorStrings.noProblems)]),
    ...warnings.map((w) => item("warning", editorStrings.warning(w))),
  );
  const count = problems.length + refused.length;
  $("problem-count").textContent = count || warnings.length ? `(${count}${warnings.length ? `, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}` : ""})` : "";
  const dirty = history.present !== state.saved;
  const status = $("status");
  status.textContent = dirty ? editorStrings.unsaved(state.version) : editorStrings.live(state.version);
  status.classList.toggle("dirty", dirty);
  $<HTMLButtonElement>("publish").disabled = problems.length > 0 || !dirty;
  $<HTMLButtonElement>("undo").disabled = !history.canUndo;
  $<HTMLButtonElement>("redo").disabled = !history.canRedo;
}

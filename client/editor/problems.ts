/**
 * The problems panel and the status line: what the server's own parseFloor would refuse
 * in the map as it stands, whether there are unsaved changes, and so whether Save &
 * publish, Undo and Redo can be pressed.
 */
import { FloorError, parseFloor } from "../../shared/map/parse.ts";
import { $ } from "../ui/dom.ts";
import { historyOf, shownMap, type EditorState } from "./store.ts";

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
  $("problems").replaceChildren(
    ...(problems.length
      ? problems.map((p) => Object.assign(document.createElement("li"), { textContent: p }))
      : [Object.assign(document.createElement("li"), { className: "ok", textContent: "No problems — ready to publish." })]),
  );
  $("problem-count").textContent = problems.length ? `(${problems.length})` : "";
  const dirty = history.present !== state.saved;
  const status = $("status");
  status.textContent = dirty ? `Unsaved changes · live version ${state.version}` : `Live version ${state.version}`;
  status.classList.toggle("dirty", dirty);
  $<HTMLButtonElement>("publish").disabled = problems.length > 0 || !dirty;
  $<HTMLButtonElement>("undo").disabled = !history.canUndo;
  $<HTMLButtonElement>("redo").disabled = !history.canRedo;
}

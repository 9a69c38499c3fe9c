/**
 * The floor editor for hosts: paint tiles on a layer, draw and edit zones, see what the
 * validator would refuse before saving, undo/redo, save & publish (people on the floor
 * see it at once), browse and restore earlier versions. This file wires the parts
 * together; edits are shared/map/edit.ts, validation the same parseFloor the server runs.
 */
import { toast } from "../ui/dom.ts";
import { bindSignOut, ensureSignedIn } from "./auth.ts";
import { bindMap, drawMap } from "./canvas.ts";
import { bindFloorButtons, loadVenues, openFloor } from "./floors.ts";
import { bindImport } from "./importExport.ts";
import { bindPalette } from "./palette.ts";
import { renderProblems } from "./problems.ts";
import { newEditorState, type EditorState } from "./store.ts";
import { bindTools, syncTools } from "./tools.ts";
import { bindPublish, publish } from "./versions.ts";
import { bindZonePanel, renderZonePanel } from "./zones.ts";
import { bindZoom } from "./zoom.ts";
import { translatePage } from "../i18n/page.ts";
import { languageSwitcher } from "../i18n/switcher.ts";
import { EDITOR_PAGE_STRINGS } from "./pageStrings.ts";
import { editorStrings } from "./strings.ts";

async function main(): Promise<void> {
  translatePage(EDITOR_PAGE_STRINGS);
  document.body.append(languageSwitcher("page-lang"));
  const setupToken = new URLSearchParams(location.search).get("setup");
  const state: EditorState = newEditorState();
  /** Everything on screen that follows the open floor, redrawn after each change. */
  const changed = () => {
    drawMap(state);
    renderProblems(state);
    renderZonePanel(state);
  };
  const versionHooks = { changed, reopen: () => openFloor(state, changed, state.floor) };
  const toolChanged = () => syncTools(state);

  bindImport(state, changed);
  bindTools(state, { changed });
  bindPalette(state, { toolChanged });
  bindZonePanel(state, { changed });
  bindSignOut();
  bindPublish(state, versionHooks);
  bindMap(state, { changed, toolChanged });
  bindZoom();
  bindFloorButtons(state, changed);
  await ensureSignedIn(setupToken);
  await loadVenues(state, changed);
  window.editor = { state, publish: () => publish(state, versionHooks), changed };
}

main().catch((err: unknown) => toast(editorStrings.couldNotStart(err instanceof Error ? err.message : String(err)), "warn"));

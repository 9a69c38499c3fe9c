/**
 * Saving and the version list: Save & publish makes the draft the floor's new live
 * version (people on the floor see it at once); earlier versions can be viewed as a
 * draft or restored, which publishes them again.
 */
import { z } from "zod";
import { dateTime } from "../i18n/index.ts";
import { $, toast } from "../ui/dom.ts";
import { api, HttpError, ignored, noticeOf, tiledMapSchema, warningsSchema } from "./api.ts";
import { historyOf, type EditorState } from "./store.ts";
import { editorStrings } from "./strings.ts";

const versionList = z.object({ versions: z.array(z.object({ version: z.number(), createdAt: z.string(), note: z.string().nullable() })) });
const oldVersion = z.object({ map: tiledMapSchema });
const published = z.object({ floor: z.object({ version: z.number() }), warnings: warningsSchema });

export interface VersionHooks {
  /** Redraw after the draft changed. */
  changed: () => void;
  /** Open the floor again from the server (after a restore). */
  reopen: () => Promise<void>;
}

const floorPath = (state: EditorState) => `/api/venues/${state.venue}/floors/${state.floor}`;

export async function loadVersions(state: EditorState, hooks: VersionHooks): Promise<void> {
  const { versions } = await api(`${floorPath(state)}/versions`, versionList);
  $("versions").replaceChildren(
    ...versions
      .sort((a, b) => b.version - a.version)
      .map((v) => {
        const li = document.createElement("li");
        const label = document.createElement("span");
        label.textContent = `v${v.version} · ${dateTime(new Date(v.createdAt), { dateStyle: "medium", timeStyle: "short" })}${v.note ? ` · ${v.note}` : ""}${v.version === state.version ? editorStrings.versionLive : ""}`;
        li.append(label);
        if (v.version !== state.version) {
          const view = document.createElement("button");
          view.type = "button";
          view.textContent = editorStrings.view;
          view.onclick = async () => {
            const old = await api(`${floorPath(state)}/versions/${v.version}`, oldVersion);
            historyOf(state).push(old.map);
            hooks.changed();
            toast(editorStrings.showingVersion(v.version));
          };
          const restore = document.createElement("button");
          restore.type = "button";
          restore.textContent = editorStrings.restore;
          restore.dataset.version = String(v.version);
          restore.onclick = async () => {
            if (!confirm(editorStrings.confirmRestore(v.version, state.version))) return;
            await api(`${floorPath(state)}/versions/${v.version}/restore`, ignored, { method: "POST", json: { expectedVersion: state.version } });
            toast(editorStrings.restored(v.version));
            await hooks.reopen();
          };
          li.append(view, restore);
        }
        return li;
      }),
  );
}

/** Save the draft as the floor's next live version; a refusal is listed in the Problems panel. */
export async function publish(state: EditorState, hooks: VersionHooks): Promise<void> {
  try {
    const draft = historyOf(state).present;
    const res = await api(floorPath(state), published, { method: "PUT", json: { map: draft, expectedVersion: state.version } });
    state.version = res.floor.version;
    state.saved = draft;
    state.notices = { refusals: [], warnings: (res.warnings ?? []).map(noticeOf) };
    toast(editorStrings.published(state.version));
    await loadVersions(state, hooks);
    hooks.changed();
  } catch (err) {
    const refusals = err instanceof HttpError && err.problems.length ? err.problems : [err instanceof Error ? err.message : String(err)];
    state.notices = { refusals, warnings: state.notices.warnings };
    hooks.changed();
    toast(editorStrings.notPublished(refusals.length === 1 ? (refusals[0] ?? "") : editorStrings.problemsListed(refusals.length)), "warn");
  }
}

export function bindPublish(state: EditorState, hooks: VersionHooks): void {
  $("publish").addEventListener("click", () => void publish(state, hooks));
}

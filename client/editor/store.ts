/**
 * What the editor is working on: the open floor, its undo history, the tool in hand and
 * the stroke being drawn. One object, made by main.ts and handed to the parts that need
 * it; a part that changes it calls the `changed` it was given, so the screen follows.
 */
import type { History } from "../../shared/map/edit.ts";
import type { TiledMap } from "../../shared/map/tiled.ts";
import type { TilesetRef } from "./tilesets.ts";

export type Tool = "paint" | "erase" | "zone" | "select";

/** A mouse stroke on the map, in tiles: where it started, where it is, what it painted. */
export interface Drag {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  painted: Map<string, { tx: number; ty: number }>;
}

export interface EditorState {
  venue: string;
  /** The open venue's floors (slug and name), for the floor picker and portal targets. */
  floors: { slug: string; name: string }[];
  floor: string;
  /** The floor's live (published) version. */
  version: number;
  /** Null until a floor is open. */
  history: History<TiledMap> | null;
  /** The map as last saved, to tell unsaved changes. */
  saved: TiledMap | null;
  tool: Tool;
  /** Path of the tile layer that paint and erase work on. */
  layer: string;
  /** Tile id that paint puts down. */
  gid: number;
  tilesets: TilesetRef[];
  selectedZone: number | null;
  drag: Drag | null;
  /** The map with the stroke in progress painted in, until the mouse is released. */
  preview: TiledMap | null;
  /**
   * What the last import or save was told, shown in the Problems panel until the next one:
   * refusals ("where: what", the server's or the importer's) and warnings (what Foyer
   * dropped or could not use).
   */
  notices: { refusals: string[]; warnings: string[] };
}

export function newEditorState(): EditorState {
  return { venue: "", floors: [], floor: "", version: 0, history: null, saved: null, tool: "paint", layer: "", gid: 1, tilesets: [], selectedZone: null, drag: null, preview: null, notices: { refusals: [], warnings: [] } };
}

/** The open floor's undo history; only called once a floor is open. */
export function historyOf(state: EditorState): History<TiledMap> {
  if (!state.history) throw new Error("no floor is open");
  return state.history;
}

/** The map as drawn: with the stroke in progress, if any. */
export function shownMap(state: EditorState): TiledMap {
  return state.preview ?? historyOf(state).present;
}

/** What the editor page puts on `window.editor`, for the end-to-end tests and the console. */
export interface EditorWindow {
  state: EditorState;
  publish(): Promise<void>;
  changed(): void;
}

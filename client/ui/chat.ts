/**
 * The chat panel: tabs for nearby, the floor, the event and each direct conversation,
 * with history (newest page on join, "load older"), unread badges, @mentions that
 * notify, and edit/delete for authors (delete for hosts and moderators). Message text
 * is only ever put on the page as text nodes and http(s) links built with textContent
 * (shared/chat/text.ts linkSegments) — never as HTML.
 */
import { CHAT_TEXT_MAX, linkSegments, mentions } from "../../shared/chat/text.ts";
import type { ChatGroupView, ChatView } from "../../shared/protocol/chat.ts";
import type { ClientMessage, ClientMessageType, ServerMessages } from "../../shared/protocol/messages.ts";
import { dateTime } from "../i18n/index.ts";
import { fromServer } from "./serverStrings.ts";
import { CHAT_STRINGS as S } from "./chatStrings.ts";
import { toast } from "./dom.ts";
import { el } from "./el.ts";
import { arrowKeys, closeOnEscape } from "./keys.ts";
import "./chat.css";

type Fixed = "nearby" | "floor" | "event";
/** A tab: a fixed channel, `direct:<personId>` or `group:<group id>`. */
type TabKey = Fixed | `direct:${string}` | `group:${string}`;

interface Tab {
  key: TabKey;
  title: string;
  messages: ChatView[];
  unread: number;
  mentioned: boolean;
  more: boolean;
  button: HTMLButtonElement;
}

export interface ChatDeps {
  send<T extends ClientMessageType>(type: T, message: ClientMessage<T>): void;
  onServer<T extends keyof ServerMessages>(type: T, handler: (m: ServerMessages[T]) => void): void;
  /** Who you are now (your identity, name and role at the event). */
  me(): { personId: string; name: string; role: string };
  /** Names of the people you are in a nearby conversation with (empty: nobody), or null in a quiet zone. */
  nearby(): string[] | null;
  /** Pick people (in who's-here) to add to a conversation: a group (`into`), or a new group with `already`. */
  pickPeople?(into: string | null, already: { personId: string; name: string }[]): void;
}

const FIXED: Fixed[] = ["nearby", "floor", "event"];
const COLLAPSED_KEY = "foyer.chatCollapsed";

export class ChatPanel {
  readonly root: HTMLElement;
  readonly #deps: ChatDeps;
  readonly #tabs = new Map<TabKey, Tab>();
  readonly #tabBar = el("div", { class: "chat-tabs" });
  readonly #list = el("ol", { class: "chat-list" });
  readonly #help = el("p", { class: "chat-help" });
  readonly #older = el("button", { class: "chat-older", text: S.loadOlder });
  readonly #input = el("textarea", { class: "chat-input" });
  readonly #sendButton = el("button", { class: "chat-send", text: S.send });
  readonly #counter = el("span", { class: "chat-counter" });
  readonly #error = el("p", { class: "chat-error" });
  readonly #announce = el("input");
  readonly #announceRow: HTMLLabelElement;
  readonly #total = el("span", { class: "chat-total" });
  readonly #addPeople = el("button", { class: "chat-add-people hidden", text: S.addPeople });
  /** Group conversations you are in, by id (who is in them). */
  readonly #groups = new Map<string, ChatGroupView>();
  /** You asked for a new group: open it when it arrives. */
  #startingGroup = false;
  #active: TabKey = "nearby";
  #editing: string | null = null;
  #announcementsOnly = false;
  #collapsed: boolean;

  constructor(deps: ChatDeps) {
    this.#deps = deps;
    this.#announce.type = "checkbox";
    this.#announceRow = el("label", { class: "chat-announce hidden" }, this.#announce, S.announcementsOnly);
    const toggle = el("button", { class: "chat-toggle" }, el("span", { text: S.title }), this.#total);
    toggle.type = "button";
    this.#older.type = "button";
    this.#sendButton.type = "button";
    this.#input.rows = 2;
    this.#input.maxLength = CHAT_TEXT_MAX;
    this.#input.setAttribute("aria-label", S.title);
    const form = el("div", { class: "chat-form" }, this.#input, el("div", { class: "chat-actions" }, this.#counter, this.#sendButton));
    const body = el("div", { class: "chat-body" }, this.#tabBar, this.#help, this.#addPeople, this.#announceRow, el("div", { class: "chat-scroll" }, this.#older, this.#list), this.#error, form);
    this.root = el("section", { class: "chat", id: "chat" }, el("h2", {}, toggle), body);
    this.root.setAttribute("aria-label", S.title);
    // On a phone chat starts folded (open, it is a sheet over the floor), unless you opened it before.
    const stored = localStorage.getItem(COLLAPSED_KEY);
    this.#collapsed = stored === null ? window.matchMedia("(max-width: 640px)").matches : stored === "1";
    this.#applyCollapsed();
    toggle.addEventListener("click", () => {
      this.#collapsed = !this.#collapsed;
      localStorage.setItem(COLLAPSED_KEY, this.#collapsed ? "1" : "0");
      this.#applyCollapsed();
    });
    arrowKeys(this.#tabBar, "button.chat-tab", "horizontal");
    closeOnEscape({
      root: () => this.root,
      isOpen: () => !this.#collapsed,
      close: () => {
        this.#collapsed = true;
        localStorage.setItem(COLLAPSED_KEY, "1");
        this.#applyCollapsed();
      },
      returnTo: () => toggle,
    });
    for (const key of FIXED) this.#tab(key, S.channels[key]);
    this.#select("nearby");

    // Typing must not walk the avatar or fire reaction keys (the game listens on the window);
    // Escape stops an edit, or else folds the chat (client/ui/keys.ts).
    this.#input.addEventListener("keydown", (e) => {
      if (e.key !== "Escape" || this.#editing) e.stopPropagation();
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        this.#submit();
      } else if (e.key === "Escape" && this.#editing) this.#stopEditing();
    });
    this.#input.addEventListener("keyup", (e) => e.stopPropagation());
    this.#input.addEventListener("input", () => this.#count());
    this.#sendButton.addEventListener("click", () => this.#submit());
    this.#older.addEventListener("click", () => this.#loadOlder());
    this.#announce.addEventListener("change", () => this.#deps.send("chatAnnouncements", { only: this.#announce.checked }));

    deps.onServer("chat", (m) => this.#received(m));
    deps.onServer("chats", (m) => m.messages.forEach((c) => this.#received(c)));
    deps.onServer("chatUpdated", (m) => this.#updated(m));
    deps.onServer("chatHistory", (m) => this.#history(m));
    deps.onServer("chatGroup", (g) => this.#groupKnown(g));
    this.#addPeople.type = "button";
    this.#addPeople.addEventListener("click", () => this.#pickPeople());
    deps.onServer("chatSettings", (m) => {
      this.#announcementsOnly = m.announcementsOnly;
      this.#announce.checked = m.announcementsOnly;
      this.#render();
    });
    deps.onServer("error", (e) => {
      if (e.type.startsWith("chat")) this.#showError(fromServer(e.message));
    });
    document.body.append(this.root);
  }

  /** After joining: the newest page of the floor's and the event's history. */
  start(): void {
    this.#deps.send("chatHistory", { channel: "floor" });
    this.#deps.send("chatHistory", { channel: "event" });
  }

  /** Open (or start) a direct conversation with someone, e.g. from their profile card. */
  openDirect(personId: string, name: string): void {
    const key: TabKey = `direct:${personId}`;
    const existed = this.#tabs.has(key);
    this.#tab(key, name);
    if (!existed) this.#deps.send("chatHistory", { channel: "direct", with: personId });
    this.#collapsed = false;
    this.#applyCollapsed();
    this.#select(key);
    this.#input.focus();
  }

  /** Start a group conversation with these people (it opens when the server has made it). */
  openGroup(members: { personId: string; name: string }[]): void {
    this.#startingGroup = true;
    this.#deps.send("chatGroup", { add: members.map((m) => m.personId) });
  }

  /** Add people to a group conversation you are in. */
  addToGroup(group: string, members: { personId: string; name: string }[]): void {
    this.#deps.send("chatGroup", { group, add: members.map((m) => m.personId) });
  }

  #groupTitle(g: ChatGroupView): string {
    const me = this.#deps.me().personId;
    return S.groupTitle(g.members.filter((m) => m.personId !== me).map((m) => m.name));
  }

  #groupKnown(g: ChatGroupView): void {
    this.#groups.set(g.id, g);
    const key: TabKey = `group:${g.id}`;
    const existed = this.#tabs.has(key);
    const tab = this.#tab(key, this.#groupTitle(g));
    tab.title = this.#groupTitle(g);
    if (!existed) this.#deps.send("chatHistory", { channel: "group", group: g.id });
    if (this.#startingGroup && !existed) {
      this.#startingGroup = false;
      this.#collapsed = false;
      this.#applyCollapsed();
      this.#select(key);
      this.#input.focus();
    } else this.#renderTabs();
    if (this.#active === key) this.#renderHelp();
  }

  /** "Add people" on a direct or group conversation: pick them in who's-here. */
  #pickPeople(): void {
    const key = this.#active;
    if (key.startsWith("group:")) {
      const g = this.#groups.get(key.slice("group:".length));
      if (g) this.#deps.pickPeople?.(g.id, g.members.filter((m) => m.personId !== this.#deps.me().personId));
    } else if (key.startsWith("direct:")) {
      const tab = this.#tabs.get(key);
      this.#deps.pickPeople?.(null, tab ? [{ personId: key.slice("direct:".length), name: tab.title }] : []);
    }
  }

  /** The nearby conversation changed (you walked into a corner): refresh who it reaches. */
  nearbyChanged(): void {
    if (this.#active === "nearby") this.#renderHelp();
  }

  // ------------------------------------------------------------ receiving

  #keyOf(m: ChatView): TabKey {
    if (m.channel === "group") return `group:${m.group?.id ?? ""}`;
    if (m.channel !== "direct") return m.channel;
    const me = this.#deps.me().personId;
    return `direct:${m.from.personId === me ? (m.to?.personId ?? "") : m.from.personId}`;
  }

  #received(m: ChatView): void {
    const me = this.#deps.me();
    const key = this.#keyOf(m);
    if (m.group) this.#groups.set(m.group.id, m.group);
    const title =
      m.channel === "group" ? this.#groupTitle(m.group ?? { id: "", members: [] }) : m.channel === "direct" ? (m.from.personId === me.personId ? (m.to?.name ?? "") : m.from.name) : S.channels[m.channel];
    const tab = this.#tab(key, title);
    tab.messages.push(m);
    const mine = m.from.personId === me.personId;
    const seen = !this.#collapsed && this.#active === key && document.visibilityState === "visible";
    if (!mine && !seen) tab.unread++;
    if (!mine && mentions(m.text, me.name)) {
      if (!seen) tab.mentioned = true;
      this.#notify(S.mentioned(m.from.name, tab.title), m.text);
    } else if (!mine && (m.channel === "direct" || m.channel === "group") && !seen) this.#notify(S.directFrom(m.from.name), m.text);
    if (this.#active === key) this.#render(true);
    this.#renderTabs();
  }

  #updated(u: ServerMessages["chatUpdated"]): void {
    for (const tab of this.#tabs.values()) {
      const i = tab.messages.findIndex((m) => m.id === u.id);
      if (i === -1) continue;
      if (u.text === null) tab.messages.splice(i, 1);
      else tab.messages[i] = { ...tab.messages[i]!, text: u.text, editedAt: u.editedAt };
      if (this.#editing === u.id && u.text === null) this.#stopEditing();
      if (tab.key === this.#active) this.#render();
    }
  }

  #history(h: ServerMessages["chatHistory"]): void {
    const key: TabKey = h.channel === "direct" ? `direct:${h.with ?? ""}` : h.channel === "group" ? `group:${h.group ?? ""}` : h.channel;
    const tab = this.#tabs.get(key);
    if (!tab) return;
    const known = new Set(tab.messages.map((m) => m.id));
    const older = h.messages.filter((m) => !known.has(m.id)).reverse();
    tab.messages.unshift(...older);
    tab.more = h.more;
    if (key === this.#active) this.#render(older.length === tab.messages.length);
  }

  #notify(title: string, body: string): void {
    toast(`${title}: ${body.length > 80 ? `${body.slice(0, 79)}…` : body}`);
    if (document.visibilityState === "hidden" && "Notification" in window && Notification.permission === "granted") new Notification(title, { body });
  }

  // ------------------------------------------------------------ sending

  #submit(): void {
    const text = this.#input.value;
    if (text.trim() === "") return;
    this.#error.textContent = "";
    if (this.#editing) {
      this.#deps.send("chatEdit", { id: this.#editing, text });
      this.#stopEditing();
      return;
    }
    const key = this.#active;
    if (key.startsWith("direct:")) this.#deps.send("chatSend", { channel: "direct", to: key.slice("direct:".length), text });
    else if (key.startsWith("group:")) this.#deps.send("chatSend", { channel: "group", group: key.slice("group:".length), text });
    else if (key === "nearby" || key === "floor" || key === "event") this.#deps.send("chatSend", { channel: key, text });
    this.#input.value = "";
    this.#count();
  }

  #loadOlder(): void {
    const tab = this.#tabs.get(this.#active);
    const oldest = tab?.messages[0];
    if (!tab || !oldest || this.#active === "nearby") return;
    if (this.#active.startsWith("direct:")) this.#deps.send("chatHistory", { channel: "direct", with: this.#active.slice("direct:".length), before: oldest.id });
    else if (this.#active.startsWith("group:")) this.#deps.send("chatHistory", { channel: "group", group: this.#active.slice("group:".length), before: oldest.id });
    else if (this.#active === "floor" || this.#active === "event") this.#deps.send("chatHistory", { channel: this.#active, before: oldest.id });
  }

  #startEditing(m: ChatView): void {
    this.#editing = m.id;
    this.#input.value = m.text;
    this.#sendButton.textContent = S.save;
    this.#input.focus();
    this.#count();
  }

  #stopEditing(): void {
    this.#editing = null;
    this.#input.value = "";
    this.#sendButton.textContent = S.send;
    this.#count();
  }

  #showError(message: string): void {
    this.#error.textContent = message;
    window.setTimeout(() => {
      if (this.#error.textContent === message) this.#error.textContent = "";
    }, 6000);
  }

  #count(): void {
    const left = CHAT_TEXT_MAX - this.#input.value.length;
    this.#counter.textContent = left < 100 ? S.charsLeft(left) : "";
  }

  // ------------------------------------------------------------ drawing

  #tab(key: TabKey, title: string): Tab {
    const existing = this.#tabs.get(key);
    if (existing) return existing;
    const button = el("button", { class: "chat-tab" });
    button.type = "button";
    button.dataset.channel = key;
    button.addEventListener("click", () => this.#select(key));
    const tab: Tab = { key, title, messages: [], unread: 0, mentioned: false, more: false, button };
    this.#tabs.set(key, tab);
    this.#tabBar.append(button);
    this.#renderTabs();
    return tab;
  }

  #select(key: TabKey): void {
    this.#active = key;
    if (this.#editing) this.#stopEditing();
    const tab = this.#tabs.get(key);
    if (tab && !this.#collapsed) {
      tab.unread = 0;
      tab.mentioned = false;
    }
    this.#input.placeholder = S.placeholder(tab?.title ?? "");
    this.#error.textContent = "";
    this.#renderTabs();
    this.#render(true);
  }

  #applyCollapsed(): void {
    this.root.classList.toggle("collapsed", this.#collapsed);
    this.root.querySelector(".chat-toggle")?.setAttribute("aria-expanded", String(!this.#collapsed));
    if (!this.#collapsed) this.#select(this.#active);
  }

  #renderTabs(): void {
    let total = 0;
    for (const tab of this.#tabs.values()) {
      total += tab.unread;
      const badge = tab.unread > 0 ? el("span", { class: `chat-badge${tab.mentioned ? " mention" : ""}`, text: tab.mentioned ? `@${tab.unread}` : String(tab.unread) }) : null;
      if (badge) badge.setAttribute("aria-label", S.unread(tab.unread));
      tab.button.replaceChildren(el("span", { text: tab.title }), ...(badge ? [badge] : []));
      tab.button.classList.toggle("active", tab.key === this.#active);
      tab.button.setAttribute("aria-pressed", String(tab.key === this.#active));
    }
    this.#total.textContent = total > 0 ? String(total) : "";
  }

  #renderHelp(): void {
    const key = this.#active;
    if (key === "nearby") {
      const names = this.#deps.nearby();
      this.#help.textContent = names === null ? S.silentZone : names.length === 0 ? S.nearbyNobody : S.nearbyWith(names);
    } else if (key === "floor" || key === "event") this.#help.textContent = S.channelHelp[key];
    else if (key.startsWith("group:")) this.#help.textContent = S.channelHelp.group(this.#tabs.get(key)?.title ?? "");
    else this.#help.textContent = S.channelHelp.direct(this.#tabs.get(key)?.title ?? "");
    this.#addPeople.classList.toggle("hidden", !this.#deps.pickPeople || !(key.startsWith("direct:") || key.startsWith("group:")));
  }

  #render(scrollToEnd = false): void {
    const tab = this.#tabs.get(this.#active);
    if (!tab) return;
    this.#renderHelp();
    this.#announceRow.classList.toggle("hidden", this.#active !== "event" || this.#deps.me().role !== "host");
    const locked = this.#active === "event" && this.#announcementsOnly && !["host", "moderator"].includes(this.#deps.me().role);
    this.#input.disabled = locked;
    this.#sendButton.disabled = locked;
    if (locked) this.#input.placeholder = S.announcementsOnlyNotice;
    else this.#input.placeholder = S.placeholder(tab.title);
    this.#older.classList.toggle("hidden", !tab.more);
    const me = this.#deps.me();
    const items = tab.messages.map((m) => this.#item(m, me));
    if (items.length === 0) items.push(el("li", { class: "chat-empty", text: S.empty }));
    const scroller = this.#list.parentElement!;
    const atEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 40;
    this.#list.replaceChildren(...items);
    if (scrollToEnd || atEnd) scroller.scrollTop = scroller.scrollHeight;
  }

  #item(m: ChatView, me: { personId: string; role: string }): HTMLLIElement {
    const mine = m.from.personId === me.personId;
    const time = dateTime(new Date(m.at), { hour: "2-digit", minute: "2-digit" });
    const head = el("div", { class: "chat-head" }, el("strong", { text: mine ? `${m.from.name} (${S.you})` : m.from.name }), el("time", { text: time }));
    if (m.editedAt !== undefined) head.append(el("span", { class: "chat-edited", text: S.edited }));
    const text = el("div", { class: "chat-text" });
    for (const seg of linkSegments(m.text)) {
      if (seg.kind === "text") text.append(document.createTextNode(seg.text));
      else {
        const a = el("a", { text: seg.text });
        a.href = seg.href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        text.append(a);
      }
    }
    const li = el("li", { class: `chat-message${mine ? " mine" : ""}${mentions(m.text, this.#deps.me().name) && !mine ? " mentions-me" : ""}` }, head, text);
    li.dataset.id = m.id;
    const canDelete = mine || me.role === "host" || me.role === "moderator";
    if (mine || canDelete) {
      const tools = el("div", { class: "chat-tools" });
      if (mine) {
        const edit = el("button", { text: S.edit });
        edit.type = "button";
        edit.addEventListener("click", () => this.#startEditing(m));
        tools.append(edit);
      }
      const del = el("button", { text: S.delete });
      del.type = "button";
      del.addEventListener("click", () => {
        if (window.confirm(S.confirmDelete)) this.#deps.send("chatDelete", { id: m.id });
      });
      tools.append(del);
      li.append(tools);
    }
    return li;
  }

  /** For tests: what the panel shows on a tab. */
  debugTexts(key: string): string[] {
    return (this.#tabs.get(key as TabKey)?.messages ?? []).map((m) => m.text);
  }
}

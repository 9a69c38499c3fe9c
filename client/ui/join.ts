/**
 * The join form: a display name and an avatar, Enter to walk in. Validates with the
 * same schema the server uses, so most mistakes are explained before anything is sent.
 */
import { AVATARS } from "../../shared/constants.ts";
import { avatarSchema, displayNameSchema } from "../../shared/protocol/messages.ts";
import type { Profile } from "../net/connection.ts";
import { $, show } from "./dom.ts";
import { arrowKeys } from "./keys.ts";
import { VENUE_STRINGS as V } from "./venueStrings.ts";

export function showJoinForm(opts: {
  profile: Profile | null;
  spriteUrl: (id: string) => string;
  onSubmit: (p: Profile) => Promise<void>;
}): void {
  const form = $("join") as HTMLFormElement;
  const input = $("join-name") as HTMLInputElement;
  const error = $("join-error");
  const button = $("join-button") as HTMLButtonElement;
  const picker = $("avatar-picker");
  let chosen: string = opts.profile?.avatar && (AVATARS as readonly string[]).includes(opts.profile.avatar)
    ? opts.profile.avatar
    : AVATARS[Math.floor(Math.random() * AVATARS.length)]!;
  if (opts.profile) input.value = opts.profile.name;

  const buttons = AVATARS.map((id) => {
    const b = document.createElement("button");
    b.type = "button";
    b.setAttribute("role", "radio");
    b.dataset.avatar = id;
    b.title = id;
    const canvas = document.createElement("canvas");
    canvas.width = 32;
    canvas.height = 32;
    const img = new Image();
    img.onload = () => canvas.getContext("2d")?.drawImage(img, 0, 0, 32, 32, 0, 0, 32, 32);
    img.src = opts.spriteUrl(id);
    const label = document.createElement("span");
    label.textContent = id;
    b.append(canvas, label);
    b.addEventListener("click", () => select(id));
    // Enter means "walk in" anywhere in the form, also right after picking an avatar.
    b.addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter") return;
      ev.preventDefault();
      select(id);
      form.requestSubmit();
    });
    return b;
  });
  picker.replaceChildren(...buttons);
  // A radio group: one tab stop (the chosen look), arrow keys move and choose.
  const select = (id: string) => {
    chosen = id;
    for (const b of buttons) {
      const on = b.dataset.avatar === id;
      b.setAttribute("aria-checked", String(on));
      b.tabIndex = on ? 0 : -1;
    }
  };
  arrowKeys(picker, "button[data-avatar]", "both", (b) => select(b.dataset.avatar ?? chosen));
  select(chosen);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const name = displayNameSchema.safeParse(input.value);
    if (!name.success) {
      error.textContent = input.value.trim() === "" ? V.join.nameMissing : V.join.nameInvalid(name.error.issues[0]?.message ?? "is not valid");
      input.focus();
      return;
    }
    const avatar = avatarSchema.safeParse(chosen);
    if (!avatar.success) {
      error.textContent = V.join.chooseAvatar;
      return;
    }
    error.textContent = "";
    button.disabled = true;
    button.textContent = V.join.entering;
    try {
      await opts.onSubmit({ name: name.data, avatar: avatar.data });
      show("join", false);
    } catch (err) {
      error.textContent = V.join.couldNotJoin(err instanceof Error ? err.message : String(err));
    } finally {
      button.disabled = false;
      button.textContent = V.page.enter;
    }
  });

  show("join", true);
  input.focus();
}

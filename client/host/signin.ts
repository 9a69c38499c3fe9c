/**
 * The host view's sign-in: builds the same form the editor has (same element ids) from
 * this page's strings and lets client/editor/auth.ts do the signing in, setup token included.
 */
import { ensureSignedIn } from "../editor/auth.ts";
import { el } from "../ui/el.ts";
import { S } from "./strings.ts";

function field(id: string, label: string, type: string, autocomplete: string, signupOnly = false): HTMLElement[] {
  const input = el("input", { id, ...(signupOnly ? { class: "signup-only" } : {}) });
  input.type = type;
  input.setAttribute("autocomplete", autocomplete);
  const l = el("label", { text: label, ...(signupOnly ? { class: "signup-only" } : {}) });
  l.htmlFor = id;
  return [l, input];
}

export async function signIn(setupToken: string | null): Promise<void> {
  const signInButton = el("button", { id: "login-button", text: S.signIn });
  signInButton.type = "submit";
  const signUpButton = el("button", { id: "signup-button", class: "secondary", text: S.createAccount });
  signUpButton.type = "button";
  const linkButton = el("button", { id: "link-button", class: "secondary", text: S.emailLink });
  linkButton.type = "button";
  const error = el("p", { id: "login-error", class: "error" });
  error.setAttribute("role", "alert");
  const form = el(
    "form",
    { id: "login", class: "overlay hidden" },
    el(
      "div",
      { class: "card" },
      el("h1", { text: S.signInTitle }),
      el("p", { class: "sub", text: S.signInSub }),
      ...field("login-email", S.email, "email", "username"),
      ...field("login-password", S.password, "password", "current-password"),
      ...field("login-name", S.nameNewAccount, "text", "name", true),
      error,
      el("div", { class: "row" }, signInButton, signUpButton, linkButton),
    ),
  );
  document.body.append(form);
  await ensureSignedIn(setupToken);
}

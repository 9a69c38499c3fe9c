/**
 * Signing in to the editor: if the session cookie does not name a host account, the
 * sign-in form asks for one (or creates it) before anything else loads. A one-time setup
 * token from the address (`/editor?setup=…`) goes along, to claim the built-in venue.
 */
import { $ } from "../ui/dom.ts";
import { fromServer } from "../ui/serverStrings.ts";
import { api, HttpError, ignored } from "./api.ts";
import { editorStrings } from "./strings.ts";

/** Resolves once the browser holds a signed-in host session. */
export async function ensureSignedIn(setupToken: string | null): Promise<void> {
  try {
    await api("/api/auth/me", ignored);
    return;
  } catch (err) {
    if (!(err instanceof HttpError) || err.status !== 401) throw err;
  }
  const form = $<HTMLFormElement>("login");
  form.classList.remove("hidden");
  $("login-email").focus();
  const token = setupToken ? { setupToken } : {};
  await new Promise<void>((resolve) => {
    const attempt = async (signup: boolean) => {
      const email = $<HTMLInputElement>("login-email").value;
      const password = $<HTMLInputElement>("login-password").value;
      const displayName = $<HTMLInputElement>("login-name").value || email.split("@")[0] || "Host";
      try {
        await api(signup ? "/api/auth/signup" : "/api/auth/login", ignored, {
          method: "POST",
          json: signup ? { email, password, displayName, ...token } : { email, password, ...token },
        });
        form.classList.add("hidden");
        resolve();
      } catch (err) {
        $("login-error").textContent = fromServer(err instanceof Error ? err.message : String(err));
      }
    };
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void attempt(false);
    });
    $("signup-button").addEventListener("click", () => void attempt(true));
    // A one-time link by email instead of the password (servers with FOYER_SMTP_URL).
    $("link-button").addEventListener("click", async () => {
      const email = $<HTMLInputElement>("login-email").value;
      try {
        await api("/api/auth/link", ignored, { method: "POST", json: { email } });
        $("login-error").textContent = editorStrings.linkSent;
      } catch (err) {
        $("login-error").textContent = fromServer(err instanceof Error ? err.message : String(err));
      }
    });
  });
}

export function bindSignOut(): void {
  $("logout").addEventListener("click", async () => {
    await api("/api/auth/logout", ignored, { method: "POST" });
    location.reload();
  });
}

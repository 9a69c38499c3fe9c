/**
 * One tiny element builder for the event pages and the host view: tag, class and text
 * (always textContent, never HTML), then children.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; text?: string; id?: string } = {},
  ...children: (Node | string | null | false | undefined)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.id) e.id = props.id;
  if (props.text !== undefined) e.textContent = props.text;
  for (const c of children) if (c !== null && c !== false && c !== undefined) e.append(c);
  return e;
}

/** A label wrapping its control (so clicking the text focuses it), text first. */
export function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const l = el("label", {}, el("span", { class: "label-text", text }), control);
  return l;
}

/**
 * Who came: one row per visit (name, how they came in, floor, joined, left, minutes),
 * the number of people, a refresh button and the server's CSV download.
 */
import { el } from "../ui/el.ts";
import { formatTime } from "../ui/eventTime.ts";
import { attendanceAnswer, call, eventPath, type HostEvent } from "./api.ts";
import { S } from "./strings.ts";

export function sectionHead(title: string, csvHref: string, refresh: () => void, csvName: string): HTMLElement {
  const download = el("a", { class: "button secondary small", text: S.downloadCsv });
  download.href = csvHref;
  download.download = csvName;
  const again = el("button", { class: "secondary small", text: S.refresh });
  again.type = "button";
  again.addEventListener("click", refresh);
  return el("div", { class: "section-head" }, el("h2", { text: title }), el("span", { class: "tools" }, again, download));
}

export function attendanceSection(event: HostEvent): HTMLElement {
  const section = el("section", { class: "host-section", id: "attendance" });
  const body = el("div", { id: "attendance-body", text: S.loading });
  const refresh = () => {
    call(`${eventPath(event.id)}/attendance`, attendanceAnswer).then(
      ({ attendance, people }) => {
        if (attendance.length === 0) {
          body.replaceChildren(el("p", { class: "empty", text: S.noAttendance }));
          return;
        }
        const rows = attendance.map((a) =>
          el(
            "tr",
            {},
            el("td", { text: a.name }),
            el("td", { text: a.via }),
            el("td", { text: a.floor }),
            el("td", { text: formatTime(a.joinedAt, event.timeZone) }),
            el("td", { text: a.leftAt ? formatTime(a.leftAt, event.timeZone) : S.stillHere }),
            el("td", { class: "num", text: String(a.minutes) }),
          ),
        );
        body.replaceChildren(
          el("p", { class: "summary", text: S.attendanceSummary(people, attendance.length) }),
          el(
            "div",
            { class: "table-wrap" },
            el(
              "table",
              { class: "data" },
              el("thead", {}, el("tr", {}, ...[S.colName, S.colVia, S.colFloor, S.colJoined, S.colLeft, S.colMinutes].map((t) => el("th", { text: t })))),
              el("tbody", {}, ...rows),
            ),
          ),
        );
      },
      (err: unknown) => body.replaceChildren(el("p", { class: "error", text: err instanceof Error ? err.message : String(err) })),
    );
  };
  section.append(sectionHead(S.attendance, `${eventPath(event.id)}/attendance?format=csv`, refresh, "attendance.csv"), body);
  refresh();
  return section;
}

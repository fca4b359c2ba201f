// The page's only script: send the text to this server, show what comes back.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  let draft = "";

  function say(text) { $("status").textContent = text; }

  async function call(path, body, type) {
    const res = await fetch(path, { method: body === undefined ? "GET" : "POST", body, headers: type ? { "Content-Type": type } : {} });
    const data = await res.json();
    if (!res.ok) {
      const f = (data.findings || [])[0];
      throw new Error(f ? f.message : res.status + " " + res.statusText);
    }
    return data;
  }

  // the text with each found span wrapped in <mark>, built from text nodes (never innerHTML)
  function marked(text, spans) {
    const out = document.createDocumentFragment();
    let at = 0;
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    for (const s of spans) {
      if (s.start < at) continue; // nested in the previous span
      out.append(text.slice(at, s.start));
      const m = document.createElement("mark");
      m.className = s.cls;
      m.title = s.title;
      m.dataset.kind = s.cls;
      m.textContent = text.slice(s.start, s.end);
      out.append(m);
      at = s.end;
    }
    out.append(text.slice(at));
    return out;
  }

  function showChecks(result) {
    const ul = $("checks");
    ul.replaceChildren();
    for (const c of result.checks) {
      const li = document.createElement("li");
      li.className = c.passed ? "pass" : (c.severity === "error" ? "fail" : "warn");
      li.dataset.rule = c.rule;
      li.textContent = c.label + ": " + (c.passed ? c.description : (c.message || c.description));
      const rule = document.createElement("small");
      rule.textContent = " [" + c.rule + "]";
      li.append(rule);
      ul.append(li);
    }
    const summary = document.createElement("li");
    summary.id = "summary";
    summary.textContent = result.errors + " lỗi (errors), " + result.warnings + " cảnh báo (warnings), " + result.checks.length + " phép kiểm tra (checks)";
    ul.append(summary);
  }

  function kinds(counts) {
    return Object.entries(counts).map(([k, n]) => n + " " + k).join(", ");
  }

  // the report's communes then, and the same territory's on the chosen date
  function showToday(today) {
    const box = $("today-units");
    box.replaceChildren();
    if (!today) { box.textContent = "— (đặt mã địa bàn · give the place's code)"; return; }
    const rows = [
      [today.name + " · " + today.on, today.before + " đơn vị cấp xã (" + kinds(today.before_by_kind) + ")"],
      ["→ " + today.to, today.after + " đơn vị cấp xã (" + kinds(today.after_by_kind) + ")"],
      ["nay thuộc · now in", today.now.map((u) => u.code + " " + u.name).join(", ") || "—"],
    ];
    const table = document.createElement("table");
    for (const [k, v] of rows) {
      const tr = table.insertRow();
      tr.insertCell().textContent = k;
      tr.insertCell().textContent = v;
    }
    box.append(table);
  }

  async function go() {
    const text = $("text").value;
    if (!text.trim()) { say("Chưa có văn bản. (No text yet.)"); return; }
    say("Đang kiểm tra… (checking)");
    const q = new URLSearchParams();
    if ($("place").value.trim()) q.set("place", $("place").value.trim());
    if ($("period").value.trim()) q.set("period", $("period").value.trim());
    try {
      const ex = await call("/extract?" + q, text, "text/plain; charset=utf-8");
      const spans = [
        ...ex.figures.map((f) => ({ start: f.start, end: f.end, cls: "figure", title: f.metric || "figure" })),
        ...ex.documents.map((d) => ({ start: d.start, end: d.end, cls: "document", title: "document" })),
        ...ex.dates.map((d) => ({ start: d.start, end: d.end, cls: "date", title: d.date })),
      ];
      $("marked").replaceChildren(marked(text, spans));
      draft = ex.draft_toml;
      $("draft").textContent = draft;
      $("output").hidden = false;
      try {
        const to = $("today").value;
        const result = await call("/check" + (to ? "?to=" + to : ""), draft, "application/toml");
        showChecks(result);
        showToday(result.today);
      } catch (e) {
        $("checks").replaceChildren(Object.assign(document.createElement("li"), { className: "fail", textContent: e.message }));
        showToday(null);
      }
      say(ex.figures.length + " số liệu (figures) found");
    } catch (e) {
      say(String(e.message));
    }
  }

  $("go").addEventListener("click", go);
  $("file").addEventListener("change", async () => {
    const f = $("file").files[0];
    if (f) $("text").value = await f.text();
  });
  $("download").addEventListener("click", () => {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([draft], { type: "application/toml" }));
    a.download = "draft.toml";
    a.click();
    URL.revokeObjectURL(a.href);
  });
})();

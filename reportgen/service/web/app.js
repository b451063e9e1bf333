// The officers' workspace page. Vanilla JS, no external file: the page's CSP allows scripts from
// this server only. Every check and every figure comes from the server (validate, budget, preview):
// nothing here re-implements a rule of reportgen.
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);
const state = {
  token: sessionStorage.getItem("reportgen-token") || "",
  item: null, // the workspace item being edited
  record: null, // its record, edited in place by the form
  dirty: false,
  yamlView: false,
  yamlText: "",
  budget: null, // the server's computation of the budget shown
};

// -- talking to the server -------------------------------------------------------------------------
async function api(method, url, body, { type = "application/json", raw = false } = {}) {
  const headers = {};
  if (state.token) headers.Authorization = "Bearer " + state.token;
  const who = localStorage.getItem("reportgen-user");
  if (who) headers["X-Reportgen-User"] = encodeURIComponent(who);
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["Content-Type"] = type;
    payload = typeof body === "string" ? body : JSON.stringify(body);
  }
  const res = await fetch(url, { method, headers, body: payload });
  if (res.status === 401) {
    showSignIn();
    throw new Error("로그인이 필요합니다");
  }
  if (raw && res.ok) return { ok: true, status: res.status, res };
  const data = (res.headers.get("content-type") || "").includes("json") ? await res.json() : await res.text();
  return { ok: res.ok, status: res.status, data, res };
}

function say(text, isError = false) {
  const box = $("#status");
  box.textContent = text;
  box.classList.toggle("error", isError);
}

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
};

function view(id) {
  const main = $("#main");
  main.replaceChildren($("#" + id).content.cloneNode(true));
  return main;
}

// -- sign-in and the author's name ------------------------------------------------------------------
function showSignIn() {
  view("signin-view");
  $("#signin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    state.token = $("#token").value.trim();
    sessionStorage.setItem("reportgen-token", state.token);
    route();
  });
  $("#token").focus();
}

function setupHeader() {
  const name = $("#user-name");
  name.value = localStorage.getItem("reportgen-user") || "";
  name.addEventListener("change", () => localStorage.setItem("reportgen-user", name.value.trim()));
  const out = $("#sign-out");
  out.hidden = !state.token;
  out.addEventListener("click", () => {
    sessionStorage.removeItem("reportgen-token");
    state.token = "";
    location.hash = "#/";
    showSignIn();
  });
}

// -- the list and new documents ---------------------------------------------------------------------
async function showList() {
  view("list-view");
  // The form's handlers come before anything is awaited: a click on 만들기 while the lists are still
  // loading must not submit the page natively (a reload that loses what was typed).
  newForm($("#new-form"));
  const r = await api("GET", "/api/workspace");
  const rows = $("#doc-rows");
  const records = r.data.filter((i) => i.kind !== "photo");
  $("#no-docs").hidden = records.length > 0;
  for (const item of records) {
    const link = el("a", { href: "#/edit/" + item.id, text: item.path });
    const kind = item.kind === "shared" ? " (공유)" : "";
    rows.append(el("tr", {}, el("td", {}, link, kind), el("td", { text: item.title || "" }), el("td", { text: item.version + "판" }), el("td", { text: item.author }), el("td", { text: item.updated_at.replace("T", " ").slice(0, 16) })));
  }
  const examples = await api("GET", "/api/examples");
  for (const ex of examples.data) $("#new-example").append(el("option", { value: ex.name, text: ex.title + " (" + ex.name + ")" }));
}

function newForm(form) {
  const sync = () => {
    const source = form.querySelector("input[name=source]:checked").value;
    for (const s of ["starter", "example", "import"]) form.querySelector(".when-" + s).hidden = s !== source;
  };
  form.addEventListener("change", sync);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const source = form.querySelector("input[name=source]:checked").value;
    let path = $("#new-path").value.trim();
    if (!/\.(ya?ml|json)$/i.test(path)) path += ".yaml";
    let r;
    if (source === "example") {
      r = await api("POST", "/api/workspace/from-example", { name: $("#new-example").value, path });
    } else {
      let text;
      if (source === "starter") {
        text = (await api("GET", "/api/starters/" + $("#new-kind").value)).data.yaml;
      } else {
        const file = $("#new-file").files[0];
        if (!file) return say("가져올 파일을 고르세요", true);
        const fd = new FormData();
        fd.append("file", file);
        const imp = await api("POST", "/api/import", fd);
        if (!imp.ok) return say(imp.data.error, true);
        text = imp.data.yaml;
      }
      r = await api("POST", "/api/workspace/items", { path, content: text });
    }
    if (!r.ok) return say(r.data.error, true);
    say(path + "을(를) 만들었습니다");
    location.hash = "#/edit/" + r.data.id;
  });
}

// -- the editor -------------------------------------------------------------------------------------
function jp(parts) {
  return "$" + parts.map((p) => (typeof p === "number" ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? "." + p : `['${p}']`)).join("");
}

function getAt(parts) {
  let v = state.record;
  for (const p of parts) v = v == null ? undefined : v[p];
  return v;
}

function setAt(parts, value) {
  let v = state.record;
  for (let i = 0; i < parts.length - 1; i++) {
    if (v[parts[i]] == null) v[parts[i]] = typeof parts[i + 1] === "number" ? [] : {};
    v = v[parts[i]];
  }
  const last = parts[parts.length - 1];
  if (value === "" || value === undefined) delete v[last];
  else v[last] = value;
}

let fieldCount = 0;
function input(parts, label, { type = "text", multiline = false, options = null, number = false, hideLabel = false, size } = {}) {
  const id = "f" + ++fieldCount;
  const value = getAt(parts);
  let control;
  if (options) {
    control = el("select", { id });
    for (const [v, t] of options) control.append(el("option", { value: v, text: t }));
    control.value = value ?? "";
  } else if (multiline) {
    control = el("textarea", { id, rows: 2 });
    control.value = value ?? "";
  } else {
    control = el("input", { id, type, size });
    control.value = value ?? "";
  }
  control.dataset.path = jp(parts);
  control.addEventListener("input", () => {
    let v = control.value;
    if (number) v = v === "" ? "" : Number(v.replace(/,/g, ""));
    setAt(parts, v);
    edited(parts[0] === "budget");
  });
  if (hideLabel) {
    control.setAttribute("aria-label", label);
    return control;
  }
  return el("div", { class: "field" }, el("label", { for: id, text: label }), control);
}

function rowButtons(list, i, rerender, extra = []) {
  const move = (d) => () => {
    const j = i + d;
    if (j < 0 || j >= list.length) return;
    [list[i], list[j]] = [list[j], list[i]];
    rerender();
    edited(true);
  };
  return el(
    "span",
    { class: "row-buttons" },
    el("button", { type: "button", class: "small", "aria-label": "위로", title: "위로", onclick: move(-1), text: "↑" }),
    el("button", { type: "button", class: "small", "aria-label": "아래로", title: "아래로", onclick: move(1), text: "↓" }),
    ...extra,
    el("button", { type: "button", class: "small", "aria-label": "지우기", title: "지우기", text: "✕", onclick: () => { list.splice(i, 1); rerender(); edited(true); } }),
  );
}

const MARKS = [["", "—"], ["initiator", "★ 발의(기안)"], ["acting", "代 대결"], ["delegated", "전결"], ["reporter", "보고자"]];

function signerRows(parts, caption) {
  const box = el("div", { class: "signers" });
  const render = () => {
    const list = getAt(parts) || [];
    const table = el("table", { class: "rows" });
    table.append(el("caption", { class: "sr-only", text: caption }));
    table.append(el("thead", {}, el("tr", {}, el("th", { text: "직위" }), el("th", { text: "성명" }), el("th", { text: "표시" }), el("th", { text: "" }))));
    const body = el("tbody");
    list.forEach((s, i) => {
      const mark = MARKS.find(([k]) => k && s[k])?.[0] || "";
      const select = el("select", { "aria-label": `${i + 1}번째 ${caption} 표시` });
      for (const [v, t] of MARKS) select.append(el("option", { value: v, text: t }));
      select.value = mark;
      select.dataset.path = jp([...parts, i]);
      select.addEventListener("change", () => {
        for (const [k] of MARKS) if (k) delete s[k];
        if (select.value) s[select.value] = true;
        edited();
      });
      body.append(
        el("tr", {}, el("td", {}, input([...parts, i, "title"], `${i + 1}번째 ${caption} 직위`, { hideLabel: true })), el("td", {}, input([...parts, i, "name"], `${i + 1}번째 ${caption} 성명`, { hideLabel: true })), el("td", {}, select), el("td", {}, rowButtons(list, i, render))),
      );
    });
    table.append(body);
    const add = el("button", { type: "button", text: "+ " + caption + " 추가", onclick: () => { list.push({ title: "", name: "" }); setAt(parts, list); render(); edited(); } });
    box.replaceChildren(table, add);
  };
  render();
  return box;
}

function cooperationRows() {
  const coop = state.record.approval?.cooperation;
  if (coop && coop.some((x) => Array.isArray(x))) {
    // rows of pairs: edited as one list (a flat list is packed two per row, which gives the same grid)
    state.record.approval.cooperation = coop.flat();
  }
  return signerRows(["approval", "cooperation"], "협조자");
}

// -- budget ----------------------------------------------------------------------------------------
function budgetEditor() {
  const box = el("div", { class: "budget" });
  const budget = state.record.budget;
  if (budget && budget.$include) {
    box.append(el("p", { text: "공유 예산 " + budget.$include + "을(를) 씁니다. 문서 목록에서 그 항목을 고치면 이 문서도 다시 만들어집니다." }));
    return box;
  }
  const render = () => {
    const rows = getAt(["budget", "rows"]) || [];
    const table = el("table", { class: "rows", id: "budget-table" });
    table.append(el("thead", {}, el("tr", {}, el("th", { text: "구분" }), el("th", { text: "산출식 또는 금액" }), el("th", { text: "산출내역(메모)" }), el("th", { class: "num", text: "금액" }), el("th", { text: "" }))));
    const body = el("tbody");
    const line = (parts, row, i, list, sub) => {
      const isCategory = Array.isArray(row.rows);
      const how = isCategory
        ? el("span", { text: "소계(하위 행 합)" })
        : "formula" in row || !("amount" in row)
          ? input([...parts, "formula"], "산출식", { hideLabel: true })
          : input([...parts, "amount"], "금액", { hideLabel: true, number: true });
      const extra = [];
      if (!isCategory && !sub) extra.push(el("button", { type: "button", class: "small", title: "하위 행으로 나누기", "aria-label": "하위 행으로 나누기", text: "⊞", onclick: () => { row.rows = [{ name: row.name || "", formula: row.formula || "" }]; delete row.formula; delete row.amount; render(); edited(true); } }));
      if (!isCategory) extra.push(el("button", { type: "button", class: "small", title: "산출식/금액 바꾸기", "aria-label": "산출식과 금액 바꾸기", text: "⇄", onclick: () => { if ("formula" in row || !("amount" in row)) { delete row.formula; row.amount = 0; } else { delete row.amount; row.formula = ""; } render(); edited(true); } }));
      const tr = el("tr", { class: sub ? "sub" : "" }, el("td", {}, input([...parts, "name"], "구분", { hideLabel: true })), el("td", {}, how), el("td", {}, isCategory ? "" : input([...parts, "basis"], "산출내역", { hideLabel: true })), el("td", { class: "num", "data-amount": jp(parts) }), el("td", {}, rowButtons(list, i, render, extra)));
      body.append(tr);
      if (isCategory) {
        row.rows.forEach((c, j) => line([...parts, "rows", j], c, j, row.rows, true));
        body.append(el("tr", { class: "sub" }, el("td", { colspan: 5 }, el("button", { type: "button", class: "small", text: "+ 하위 행", onclick: () => { row.rows.push({ name: "", formula: "" }); render(); edited(true); } }))));
      }
    };
    rows.forEach((row, i) => line(["budget", "rows", i], row, i, rows, false));
    table.append(body);
    table.append(el("tfoot", {}, el("tr", {}, el("td", { text: "계" }), el("td"), el("td", { text: "단위: " + (getAt(["budget", "unit"]) || "천원") }), el("td", { class: "num", id: "budget-total", "data-path": "$.budget.total" }), el("td"))));
    const add = el("button", { type: "button", text: "+ 예산 행", onclick: () => { if (!state.record.budget) state.record.budget = { rows: [] }; state.record.budget.rows.push({ name: "", formula: "" }); render(); edited(true); } });
    const parts = [table, add];
    if (budget && "total" in budget) parts.push(input(["budget", "total"], "계(적은 값)", { number: true }));
    box.replaceChildren(...parts);
    showBudget();
  };
  render();
  return box;
}

async function computeBudget() {
  const budget = state.record.budget;
  if (!budget || budget.$include || !Array.isArray(budget.rows)) return;
  const r = await api("POST", "/api/budget", budget);
  state.budget = r.ok ? r.data : null;
  showBudget(r.ok ? null : r.data);
}

function showBudget(error) {
  const total = $("#budget-total");
  if (!total) return;
  for (const cell of document.querySelectorAll("[data-amount]")) cell.textContent = "";
  if (error || !state.budget) {
    total.textContent = "—";
    return;
  }
  const put = (rows) => {
    for (const r of rows) {
      const cell = document.querySelector(`[data-amount="${CSS.escape(r.path)}"]`);
      if (cell) cell.textContent = r.shown;
      put(r.rows);
    }
  };
  put(state.budget.rows);
  total.textContent = state.budget.total_shown;
}

// -- body: sections and items ------------------------------------------------------------------------
function itemList(list, parts, rerender, depth) {
  const ul = el("ul", { class: "items" });
  list.forEach((entry, i) => {
    if (typeof entry === "string") {
      list[i] = entry = { text: entry };
    }
    const li = el("li");
    if (!("text" in entry)) {
      li.append(el("div", { class: "item-row" }, el("span", { class: "marker", text: "▦" }), el("span", { text: "(" + Object.keys(entry)[0] + " — 원문(YAML)에서 편집)" }), rowButtons(list, i, rerender)));
      ul.append(li);
      return;
    }
    const indent = () => {
      if (i === 0) return;
      const prev = list[i - 1];
      if (typeof prev !== "object" || !("text" in prev)) return;
      prev.items = prev.items || [];
      prev.items.push(list.splice(i, 1)[0]);
      rerender();
      edited(true);
    };
    const extra = [el("button", { type: "button", class: "small", title: "들여쓰기", "aria-label": "들여쓰기", text: "→", onclick: indent })];
    if (depth > 0) extra.push(el("button", { type: "button", class: "small", title: "내어쓰기", "aria-label": "내어쓰기", text: "←", onclick: () => outdent(parts, i, rerender) }));
    extra.push(el("button", { type: "button", class: "small", title: "하위 항목 추가", "aria-label": "하위 항목 추가", text: "+", onclick: () => { entry.items = entry.items || []; entry.items.push({ text: "" }); rerender(); edited(true); } }));
    li.append(el("div", { class: "item-row" }, el("span", { class: "marker", "aria-hidden": "true", text: entry.marker || ["□", "○", "-", "·"][Math.min(depth, 3)] }), input([...parts, i, "text"], `항목 ${i + 1}`, { hideLabel: true }), rowButtons(list, i, rerender, extra)));
    if (Array.isArray(entry.items) && entry.items.length) li.append(itemList(entry.items, [...parts, i, "items"], rerender, depth + 1));
    ul.append(li);
  });
  return ul;
}

function outdent(parts, i, rerender) {
  // parts ends with [..., parentIndex, "items"]: move the item out, right after its parent
  const parentList = getAt(parts.slice(0, -2));
  const parentIndex = parts[parts.length - 2];
  const list = getAt(parts);
  const [moved] = list.splice(i, 1);
  if (!list.length) delete parentList[parentIndex].items;
  parentList.splice(parentIndex + 1, 0, moved);
  rerender();
  edited(true);
}

function bodyEditor() {
  const box = el("div", { class: "body-editor" });
  const render = () => {
    fieldCount += 0;
    const body = state.record.body || (state.record.body = []);
    const parts = [];
    body.forEach((block, i) => {
      if (block && typeof block === "object" && "section" in block) {
        block.content = block.content || [];
        parts.push(el("div", { class: "section-box" }, el("div", { class: "section-head" }, input(["body", i, "section"], `${i + 1}번째 장 제목`, { hideLabel: true }), rowButtons(body, i, render)), itemList(block.content, ["body", i, "content"], render, 0), el("button", { type: "button", class: "small", text: "+ 항목", onclick: () => { block.content.push({ text: "" }); render(); edited(true); } })));
      } else {
        parts.push(itemList([block], ["body"], render, 0));
      }
    });
    parts.push(el("button", { type: "button", text: "+ 장(Ⅰ, Ⅱ …)", onclick: () => { body.push({ section: "", content: [{ text: "" }] }); render(); edited(true); } }));
    box.replaceChildren(...parts);
  };
  render();
  return box;
}

function buildForm() {
  const form = $("#editor");
  const r = state.record;
  const parts = [el("div", { id: "other-problems", class: "problems other-problems", role: "alert" })];
  parts.push(el("h3", { text: "머리 (문서번호·결재일자·공개여부)" }));
  parts.push(input(["header", "doc_number"], "문서번호"), input(["header", "approved_on"], "결재일자", { type: "date" }), input(["header", "disclosure"], "공개여부"));
  if (r.kind === "plan") parts.push(input(["header", "policy_number"], "방침번호"));
  parts.push(el("h3", { text: "결재선 (기안자 먼저, 최종 결재자 마지막)" }), signerRows(["approval", "signers"], "결재자"));
  parts.push(el("h3", { text: "협조" }), cooperationRows());
  parts.push(el("h3", { text: "제목" }), input(["title"], "제목", { multiline: true }), input(["slogan"], "슬로건"), input(["lead"], "개요 문장", { multiline: true }));
  if (r.kind === "result") {
    parts.push(el("h3", { text: "회의 개요" }), input(["meeting", "date"], "일자", { type: "date" }), input(["meeting", "start"], "시작", { type: "time" }), input(["meeting", "end"], "끝", { type: "time" }), input(["meeting", "place"], "장소"));
  }
  if (r.kind === "plan" || r.budget) parts.push(el("h3", { text: "예산" }), budgetEditor());
  parts.push(el("h3", { text: "본문" }), bodyEditor());
  parts.push(el("p", { class: "hint", text: "그 밖의 항목(표, 사진, 붙임 등)은 위의 ‘원문(YAML)’에서 고칠 수 있습니다." }));
  form.replaceChildren(...parts);
}

function buildYaml() {
  const form = $("#editor");
  const area = el("textarea", { id: "yaml", spellcheck: "false", "aria-label": "원문(YAML)", "data-path": "$" });
  area.value = state.yamlText;
  area.addEventListener("input", debounce(async () => {
    const r = await api("POST", "/api/record", area.value, { type: "application/yaml" });
    if (!r.ok) return showProblems(r.data.problems || [], r.data.error);
    state.record = r.data.record;
    state.yamlText = area.value;
    edited();
  }, 500));
  form.replaceChildren(el("div", { id: "other-problems", class: "problems other-problems", role: "alert" }), area);
}

function showProblems(problems, fallback) {
  for (const p of document.querySelectorAll(".editor .problem")) p.remove();
  for (const f of document.querySelectorAll("[aria-invalid]")) {
    f.removeAttribute("aria-invalid");
    f.removeAttribute("aria-describedby");
  }
  const other = $("#other-problems");
  if (other) other.replaceChildren();
  if (!problems.length && fallback && other) other.append(el("p", { class: "problem", text: fallback }));
  for (const p of problems) {
    let path = p.path;
    let field = null;
    while (path && !(field = document.querySelector(`.editor [data-path="${CSS.escape(path)}"]`))) {
      const cut = path.match(/^(.*)(\.[^.[\]]+|\[[^\]]+\])$/);
      path = cut ? cut[1] : null;
    }
    const id = "p" + Math.random().toString(36).slice(2);
    const note = el("p", { class: "problem", id, text: p.path + ": " + p.message });
    if (field && field.id !== "yaml") {
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", id);
      (field.closest(".field") || field.parentElement).append(note);
    } else if (other) other.append(note);
  }
}

function text() {
  return state.yamlText;
}

const refresh = debounce(async () => {
  // the record as YAML (the server writes it), then checked with the workspace and previewed
  const conv = await api("POST", "/api/record", state.record);
  if (conv.ok && !state.yamlView) state.yamlText = conv.data.yaml;
  const content = /\.json$/i.test(state.item.path) ? JSON.stringify(state.record, null, 2) : text();
  const r = await api("POST", "/api/workspace/preview", { path: state.item.path, content });
  if (r.ok) {
    showProblems([]);
    $("#preview").src = r.data.url;
  } else showProblems(r.data.problems || [], r.data.error);
}, 400);

function edited(budgetToo = false) {
  state.dirty = true;
  $("#save").textContent = "저장*";
  if (budgetToo) computeBudget();
  refresh();
}

async function save() {
  const conv = await api("POST", "/api/record", state.record);
  const content = /\.json$/i.test(state.item.path) ? JSON.stringify(state.record, null, 2) + "\n" : conv.data.yaml;
  const r = await api("PUT", "/api/workspace/items/" + state.item.id, { version: state.item.version, content });
  if (r.status === 409) return say(`다른 사람이 먼저 저장했습니다 (지금 ${r.data.current_version}판). 새로 불러온 뒤 다시 고치세요.`, true), false;
  if (!r.ok) {
    showProblems(r.data.problems || [], r.data.error);
    return say("저장하지 못했습니다: " + r.data.error, true), false;
  }
  state.item.version = r.data.version;
  state.dirty = false;
  $("#save").textContent = "저장";
  $("#doc-version").textContent = r.data.version + "판";
  const rebuilt = (r.data.rebuilt || []).map((x) => `${x.path}: ${x.changes || "다시 만듦"}`).join(" / ");
  say(`${r.data.version}판으로 저장했습니다. ${r.data.changes ? "바뀐 숫자: " + r.data.changes : ""} ${rebuilt}`);
  return true;
}

async function download(format) {
  if (state.dirty && !(await save())) return;
  say(format.toUpperCase() + " 만드는 중…");
  const r = await api("GET", `/api/workspace/items/${state.item.id}/download?format=${format}`, undefined, { raw: true });
  if (!r.ok) return say(r.data.error, true);
  const blob = await r.res.blob();
  const disposition = r.res.headers.get("content-disposition") || "";
  const name = decodeURIComponent((disposition.match(/filename\*=UTF-8''([^;]+)/) || [])[1] || "document." + format);
  const a = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  say(name + "을(를) 내려받았습니다");
}

async function showHistory() {
  const r = await api("GET", `/api/workspace/items/${state.item.id}/history`);
  const list = $("#history-list");
  list.replaceChildren(...r.data.map((h) => el("li", { text: `${h.version}판 · ${h.at.replace("T", " ").slice(0, 16)} · ${h.author} — ${h.summary}` })));
  $("#history-dialog").showModal();
}

async function showEditor(id) {
  view("edit-view");
  const r = await api("GET", "/api/workspace/items/" + id);
  if (!r.ok) return say(r.data.error, true);
  state.item = r.data;
  state.yamlView = false;
  const conv = await api("POST", "/api/record", r.data.content, { type: /\.json$/i.test(r.data.path) ? "application/json" : "application/yaml" });
  if (!conv.ok) return say(conv.data.error, true);
  state.record = conv.data.record;
  state.yamlText = conv.data.yaml;
  state.dirty = false;
  $("#doc-path").textContent = r.data.path;
  $("#doc-version").textContent = r.data.version + "판 · " + r.data.author;
  $("#save").addEventListener("click", save);
  for (const b of document.querySelectorAll(".downloads button")) b.addEventListener("click", () => download(b.dataset.format));
  $("#show-history").addEventListener("click", showHistory);
  $("#toggle-yaml").addEventListener("click", async (e) => {
    state.yamlView = !state.yamlView;
    e.target.setAttribute("aria-pressed", String(state.yamlView));
    if (state.yamlView) {
      const c = await api("POST", "/api/record", state.record);
      state.yamlText = c.data.yaml;
      buildYaml();
    } else buildForm();
  });
  if (r.data.kind === "shared") {
    state.yamlView = true;
    buildYaml();
  } else {
    buildForm();
    computeBudget();
    refresh();
  }
}

// -- notes → 결과보고 --------------------------------------------------------------------------------
function showNotes() {
  view("notes-view");
  const area = $("#notes-text");
  const problems = $("#notes-problems");
  const check = async () => {
    const r = await api("POST", "/api/minutes", area.value, { type: "text/markdown" });
    problems.replaceChildren();
    if (!r.ok) {
      for (const p of r.data.problems.length ? r.data.problems : [{ text: r.data.error }]) problems.append(el("p", { class: "problem", text: p.text }));
      return null;
    }
    const pv = await api("POST", "/api/preview", r.data.record);
    if (pv.ok) $("#preview").src = pv.data.url;
    else for (const p of pv.data.problems) problems.append(el("p", { class: "problem", text: p.text }));
    return r.data;
  };
  $("#notes-preview").addEventListener("click", check);
  $("#notes-save").addEventListener("click", async () => {
    const made = await check();
    if (!made) return say("회의록에 고칠 곳이 있습니다", true);
    let path = $("#notes-path").value.trim() || "회의결과/" + (made.record.title || "결과보고").replace(/[^\w가-힣 -]/g, "") + ".yaml";
    if (!/\.(ya?ml|json)$/i.test(path)) path += ".yaml";
    const r = await api("POST", "/api/workspace/items", { path, content: made.yaml });
    if (!r.ok) return say(r.data.error, true);
    location.hash = "#/edit/" + r.data.id;
  });
}

// -- routing ---------------------------------------------------------------------------------------
async function route() {
  say("");
  const hash = location.hash || "#/";
  try {
    const edit = hash.match(/^#\/edit\/(\d+)$/);
    if (edit) await showEditor(Number(edit[1]));
    else if (hash === "#/notes") showNotes();
    else await showList();
  } catch (err) {
    if (String(err.message).includes("로그인")) return;
    say("문제가 생겼습니다: " + err.message, true);
  }
}

window.addEventListener("hashchange", route);
window.addEventListener("beforeunload", (e) => {
  if (state.dirty) e.preventDefault();
});
setupHeader();
route();
